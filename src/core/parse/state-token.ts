import { parseStateName, STATES, TCP_BOUND_INACTIVE } from '../model/tcp-state.js';

/**
 * Resolves a state token in a buffer (`TIME_WAIT`, `ESTAB`, `LISTENING`, `ABHÖREN` …) to its
 * kernel code without building a string. Every tool's spelling that `parseStateName` knows is
 * accepted; a miss takes the slow path once (string, `parseStateName`, the OEM code page forms)
 * and the answer, known or not, is remembered for those exact bytes. The memo is bounded, so a
 * file full of garbage tokens costs time, never memory.
 */
export class StateTokenTable {
  private readonly keys = new Uint8Array(SLOTS * MAX_LEN);
  private readonly lens = new Uint8Array(SLOTS);
  /** 0 = empty slot, -1 = not a state, else the kernel code. */
  private readonly codes = new Int8Array(SLOTS);
  private used = 0;
  /** The slot of the last hit. */
  private last = 0;

  constructor() {
    for (const [spelling, code] of PRELOADED) {
      const bytes = latin1Bytes(spelling);
      this.insert(bytes, 0, bytes.length, code);
    }
  }

  /**
   * The kernel code (1..11, or 13 for BOUND_INACTIVE) of the token buf[start, end), or -1 when it
   * is not a TCP state in any tool's spelling. Tokens starting with a digit are never states
   * (no tool prints numeric states for a valid socket; `/proc` hex is read elsewhere).
   */
  lookup(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (len <= 0) return -1;
    const first = buf[start] as number;
    if (first >= 48 && first <= 57) return -1;
    if (len > MAX_LEN) return slowLookup(buf, start, end);
    const keys = this.keys;
    // captures repeat a few states (TIME_WAIT, ESTABLISHED): try the last hit first
    let slot = this.last;
    if (this.lens[slot] === len) {
      const base = slot * MAX_LEN;
      let i = 0;
      while (i < len && keys[base + i] === buf[start + i]) i++;
      if (i === len) return this.codes[slot] as number;
    }
    slot = slotOf(buf, start, len);
    for (let probe = 0; probe < SLOTS; probe++) {
      const code = this.codes[slot] as number;
      if (code === 0) break;
      if (this.lens[slot] === len) {
        const base = slot * MAX_LEN;
        let i = 0;
        while (i < len && keys[base + i] === buf[start + i]) i++;
        if (i === len) {
          this.last = slot;
          return code;
        }
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
    const code = slowLookup(buf, start, end);
    if (this.used < MAX_MEMO) this.insert(buf, start, end, code);
    return code;
  }

  private insert(buf: Uint8Array, start: number, end: number, code: number): void {
    const len = end - start;
    if (len <= 0 || len > MAX_LEN) return;
    let slot = slotOf(buf, start, len);
    while (this.codes[slot] !== 0) slot = (slot + 1) & (SLOTS - 1);
    this.keys.set(buf.subarray(start, end), slot * MAX_LEN);
    this.lens[slot] = len;
    this.codes[slot] = code;
    this.used++;
  }
}

/** Length, first, middle and last byte: distinct for every spelling, and four reads a token. */
function slotOf(buf: Uint8Array, start: number, len: number): number {
  const h =
    Math.imul(len, 0x9e3779b1) ^
    Math.imul(buf[start] as number, 0x85ebca6b) ^
    Math.imul(buf[start + (len >> 1)] as number, 0xc2b2ae35) ^
    Math.imul(buf[start + len - 1] as number, 0x27d4eb2f);
  return (h ^ (h >>> 15)) & (SLOTS - 1);
}

/**
 * Spellings outside `parseStateName`'s table: Windows `BOUND` (netstat -q: bound, neither
 * listening nor connected, the Linux BOUND_INACTIVE) and `DELETE_TCB` (MIB_TCP_STATE 12, a
 * control block being deleted: closed), ss's `BOUND-INACTIVE` (iproute2 ≥ 6.8).
 */
export const EXTRA_STATE_SPELLINGS: ReadonlyArray<readonly [string, number]> = [
  ['BOUND', TCP_BOUND_INACTIVE],
  ['BOUND-INACTIVE', TCP_BOUND_INACTIVE],
  ['BOUND_INACTIVE', TCP_BOUND_INACTIVE],
  ['DELETE_TCB', 7],
];

/** Any spelling, as a string (slow path, tests): the kernel code or -1. */
export function stateCodeOf(token: string): number {
  const bytes = latin1Bytes(token);
  return slowLookup(bytes, 0, bytes.length);
}

// --- internal ---

const SLOTS = 512;
const MAX_LEN = 24;
const MAX_MEMO = 384; // 75 % load at most: probes stay short and always end

const PRELOADED: ReadonlyMap<string, number> = new Map([
  ...STATES.flatMap((s) => [s.name, s.rfc, s.ss, s.bsd, s.windows].map((sp) => [sp, s.code] as const)),
  ...EXTRA_STATE_SPELLINGS,
]);

const EXTRA = new Map(EXTRA_STATE_SPELLINGS.map(([s, c]) => [s, c]));

/**
 * Windows cmd.exe writes its OEM code page (850 in Western Europe), so `ABHÖREN` arrives with Ö
 * as 0x99; as Windows-1252 or Latin-1 it is 0xD6, and PowerShell's UTF-16 becomes UTF-8 (C3 96)
 * after transcoding. Try each reading.
 */
const CP850: Record<number, string> = {
  129: 'ü',
  132: 'ä',
  142: 'Ä',
  148: 'ö',
  153: 'Ö',
  154: 'Ü',
  225: 'ß',
};

function slowLookup(buf: Uint8Array, start: number, end: number): number {
  let latin1 = '';
  let high = false;
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    if (b < 32 || b === 127) return -1;
    if (b >= 128) high = true;
    latin1 += String.fromCharCode(b);
  }
  if (/^\d/.test(latin1)) return -1;
  const candidates = [latin1];
  if (high) {
    try {
      candidates.push(new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(start, end)));
    } catch {
      // not UTF-8
    }
    let oem = '';
    for (let i = start; i < end; i++) {
      const b = buf[i] as number;
      oem += CP850[b] ?? String.fromCharCode(b);
    }
    candidates.push(oem);
  }
  for (const c of candidates) {
    const extra = EXTRA.get(c.toUpperCase());
    if (extra !== undefined) return extra;
    const code = parseStateName(c);
    if (code !== undefined) return code;
  }
  return -1;
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}
