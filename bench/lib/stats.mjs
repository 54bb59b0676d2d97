// stats.mjs - small helpers shared by the census benchmark scripts.

/** Median, quartiles, min and max of a sample, in the sample's unit; nulls when it is empty. */
export function summarise(samples) {
  if (samples.length === 0) return { n: 0, median: null, q1: null, q3: null, min: null, max: null };
  const s = [...samples].sort((a, b) => a - b);
  const at = (p) => {
    const i = (s.length - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return s[lo] + (s[hi] - s[lo]) * (i - lo);
  };
  return { n: s.length, median: at(0.5), q1: at(0.25), q3: at(0.75), min: s[0], max: s[s.length - 1] };
}

// Every tool's spelling of the states the populations hold, to the canonical (netstat) name.
const SPELLING = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'CLOSE',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
};

/**
 * What a method counted: `{ states: {NAME: n}, total, kind? }` from tcpdoctor's JSON or from
 * "STATE count" lines (the awk one-liners, the C baseline).
 */
export function countsFromOutput(text, format) {
  if (format === 'json') {
    const j = JSON.parse(text);
    const states = Object.fromEntries(Object.entries(j.states).filter(([, n]) => n > 0));
    return { states, total: j.total, kind: j.source?.kind };
  }
  const states = {};
  let total = 0;
  for (const line of text.split('\n')) {
    const [name, count] = line.trim().split(/\s+/);
    if (!name || count === undefined) continue;
    const canonical = SPELLING[name] ?? name;
    states[canonical] = (states[canonical] ?? 0) + Number(count);
    total += Number(count);
  }
  return { states, total };
}

/** `1,234` */
export function thousands(n) {
  return Math.round(n).toLocaleString('en-US');
}
