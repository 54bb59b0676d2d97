// @ts-check
/**
 * The tcpdoctor dashboard: polls the exporter's JSON API (/api/history every snapshot, then
 * /api/status and /api/diagnose when a new snapshot exists), renders, and keeps going. Every loop
 * is a timer chain with one request batch in flight at a time; every request has a timeout.
 */
import { createChart } from './chart.js';
import { formatClock, formatCount, formatDuration, visible } from './format.js';
import { LANG_NAMES, langOf, t } from './i18n.js';
import {
  destinationRow,
  el,
  fillTile,
  findingCard,
  listenerRow,
  peerRow,
  renderInto,
  table,
} from './render.js';
import { LIFECYCLE, STATE_NAMES } from './states.js';
import {
  destinationRows,
  flaggedStates,
  headline,
  isHealthy,
  listenerRows,
  mergeHistory,
  nextPollDelay,
  portRangeText,
  retryDelay,
  SEVERITY_ORDER,
  seriesRanges,
  sortFindings,
  stateTiles,
} from './view-model.js';

/** @typedef {import('./format.js').Lang} Lang */
/** @typedef {import('./i18n.js').MessageKey} MessageKey */
/** @typedef {import('./view-model.js').HistoryJson} HistoryJson */
/** @typedef {import('./view-model.js').HistoryPointJson} HistoryPointJson */
/** @typedef {import('./view-model.js').StatusJson} StatusJson */
/** @typedef {import('./view-model.js').DiagnoseJson} DiagnoseJson */
/** @typedef {import('./states.js').StateName} StateName */
/**
 * @typedef {object} ExplainEntry
 * @property {StateName} name
 * @property {string} summary
 * @property {string} meaning
 * @property {string} side
 * @property {string} duration
 * @property {string} pileUp
 * @property {string} culprit
 * @property {string[]} actions
 * @property {string[]} commands
 * @property {string} roleText
 * @property {string[]} relatedSysctls
 * @property {{ twoMsl: string, myths: string[], donts: string[] }} [timeWait]
 */
/**
 * @typedef {object} ExplainJson
 * @property {Record<string, string>} headings
 * @property {ExplainEntry[]} states
 */

const TOKEN_KEY = 'tcpdoctor.token';
const LANG_KEY = 'tcpdoctor.lang';
const REQUEST_TIMEOUT_MS = 10_000;
const GROUPS_QUERY = 'by=lport&by=dest&by=raddr&top=10';

class TokenError extends Error {}

class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string} path
   * @param {string} message
   * @param {unknown} body
   */
  constructor(status, path, message, body) {
    super(message);
    this.status = status;
    this.path = path;
    this.body = body;
  }
}

const state = {
  /** @type {Lang} */
  lang: initialLang(),
  /** @type {string | undefined} */
  token: takeToken(),
  tokenRefused: false,
  paused: false,
  /** Selected namespace label with `--netns all`; '' = all of them. */
  netns: '',
  /** @type {string | undefined} */
  instance: undefined,
  /** @type {HistoryPointJson[]} */
  points: [],
  /** @type {HistoryJson | undefined} */
  meta: undefined,
  /** When `meta` arrived, by this browser's clock (server times are compared with `meta.now`). */
  metaAt: 0,
  /** @type {StatusJson | undefined} */
  status: undefined,
  /** @type {DiagnoseJson | undefined} */
  diagnose: undefined,
  /** @type {string | undefined} why the diagnosis is missing */
  diagnoseError: undefined,
  /** @type {{ message: string, lastSuccessAt: number | null } | undefined} */
  censusError: undefined,
  /** @type {string | undefined} an /api/status answer that was neither data nor a failed read */
  httpError: undefined,
  /** @type {string | undefined} a round that failed with an HTTP error (not a network one) */
  roundError: undefined,
  shownKey: '',
  failures: 0,
  /** @type {string | undefined} */
  unreachable: undefined,
  /** @type {Map<Lang, ExplainJson>} */
  explain: new Map(),
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  timer: undefined,
  inFlight: false,
  /** poll() was asked for while a round was in flight. */
  again: false,
  /** Evidence panels the user opened, by finding id. */
  openEvidence: new Set(),
};

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @type {Map<StateName, HTMLButtonElement>} */
const tiles = new Map();
const chart = createChart($('chart'));

boot();

function boot() {
  buildTiles();
  wireControls();
  applyLanguage();
  renderAll();
  void poll();
  // refresh the "n s ago" line between snapshots
  setInterval(renderUpdated, 1_000);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !state.paused) void poll();
  });
}

// --- data ---

async function poll() {
  if (state.inFlight) {
    // a language or namespace change while a round is in flight: another round right after it
    state.again = true;
    return;
  }
  state.again = false;
  clearTimeout(state.timer);
  if (state.paused || (state.token === undefined && state.tokenRefused)) return;
  state.inFlight = true;
  let delay = 5_000;
  try {
    await refresh();
    state.failures = 0;
    state.unreachable = undefined;
    state.roundError = undefined;
    const meta = /** @type {HistoryJson} */ (state.meta);
    delay = nextPollDelay(meta, meta.now + (Date.now() - state.metaAt));
  } catch (err) {
    if (err instanceof TokenError) {
      state.inFlight = false;
      showTokenForm();
      renderAll();
      return;
    }
    state.failures++;
    delay = retryDelay(state.failures);
    if (err instanceof HttpError) {
      state.roundError = t(state.lang, 'banner.http', {
        status: err.status,
        path: err.path,
        message: err.message,
      });
    } else {
      state.unreachable = err instanceof Error ? err.message : String(err);
    }
  } finally {
    state.inFlight = false;
  }
  hideTokenForm();
  renderAll();
  // hidden tabs poll at most once a minute; visibilitychange wakes them up
  if (document.visibilityState === 'hidden') delay = Math.max(delay, 60_000);
  if (state.again) delay = 0;
  state.timer = setTimeout(() => void poll(), delay);
}

/** One round: the history (cheap), then status and diagnosis only when something new exists. */
async function refresh() {
  const last = state.points[state.points.length - 1];
  const after = last === undefined ? '' : `?after=${last.seq}`;
  /** @type {HistoryJson} */
  let h = await getJson(`api/history${after}`);
  if (state.instance !== undefined && h.instance !== state.instance && !h.full) {
    // the exporter restarted: its seq numbers mean something else now
    state.points = [];
    h = await getJson('api/history');
  }
  state.instance = h.instance;
  state.points = mergeHistory(state.points, h);
  state.meta = h;
  state.metaAt = Date.now();
  if (state.explain.get(state.lang) === undefined) await loadExplain(state.lang);
  const several = (h.namespaces?.length ?? 0) > 0;
  if (!several) state.netns = '';
  const key = `${h.seq}|${state.lang}|${state.netns}`;
  if (key === state.shownKey) return;
  const ns = state.netns ? `&netns=${encodeURIComponent(state.netns)}` : '';
  const wantDiagnosis = !several || state.netns !== '';
  const [status, diagnose] = await Promise.allSettled([
    getJson(`api/status?${GROUPS_QUERY}${ns}`),
    wantDiagnosis ? getJson(`api/diagnose?lang=${state.lang}${ns}`) : Promise.resolve(undefined),
  ]);
  for (const r of [status, diagnose])
    if (r.status === 'rejected' && r.reason instanceof TokenError) throw r.reason;
  state.censusError = undefined;
  state.httpError = undefined;
  if (status.status === 'fulfilled') {
    state.status = status.value;
  } else if (status.reason instanceof HttpError && status.reason.status === 503) {
    const body = /** @type {{ error?: string, lastSuccess?: string | null }} */ (status.reason.body ?? {});
    state.censusError = {
      message: body.error ?? status.reason.message,
      lastSuccessAt: body.lastSuccess ? Date.parse(body.lastSuccess) : null,
    };
  } else if (status.reason instanceof HttpError) {
    state.httpError = t(state.lang, 'banner.http', {
      status: status.reason.status,
      path: status.reason.path,
      message: status.reason.message,
    });
  } else {
    throw status.reason;
  }
  state.diagnoseError = undefined;
  if (!wantDiagnosis) state.diagnose = undefined;
  else if (diagnose.status === 'fulfilled') state.diagnose = diagnose.value;
  else
    state.diagnoseError =
      diagnose.reason instanceof Error ? diagnose.reason.message : String(diagnose.reason);
  state.shownKey = key;
}

/**
 * GET a JSON document of this exporter, with the token when there is one.
 * @param {string} path relative to the page, so a reverse proxy may serve it under a prefix
 * @returns {Promise<any>} the parsed JSON (shapes in view-model.js)
 */
async function getJson(path) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (state.token !== undefined) headers.authorization = `Bearer ${state.token}`;
  let res;
  try {
    res = await fetch(path, {
      headers,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    throw new Error(err instanceof Error ? err.message : String(err));
  }
  if (res.status === 401) {
    state.tokenRefused = state.token !== undefined;
    forgetToken();
    throw new TokenError('401');
  }
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    const message =
      typeof body === 'object' && body && 'error' in body ? String(body.error) : String(body).trim();
    throw new HttpError(res.status, `/${path.split('?')[0]}`, message, body);
  }
  return body;
}

/** @param {Lang} lang */
async function loadExplain(lang) {
  try {
    state.explain.set(lang, await getJson(`api/explain?lang=${lang}`));
  } catch (err) {
    if (err instanceof TokenError) throw err;
    // the explanations are a help, not the data: the page works without them
  }
}

// --- token ---

/** The token from `#token=…` (then removed from the address bar), else this tab's saved one. */
function takeToken() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (m?.[1]) {
    const token = decodeURIComponent(m[1]);
    history.replaceState(null, '', location.pathname + location.search);
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // storage disabled: the token lives until the tab reloads
    }
    return token;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function forgetToken() {
  state.token = undefined;
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // nothing saved
  }
}

function showTokenForm() {
  const section = $('token');
  const wasHidden = section.hidden;
  section.hidden = false;
  $('token-refused').hidden = !state.tokenRefused;
  if (wasHidden) $('token-input').focus();
}

function hideTokenForm() {
  $('token').hidden = true;
}

// --- controls ---

function wireControls() {
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => {
      const lang = langOf(/** @type {HTMLElement} */ (button).dataset.lang);
      if (!lang || lang === state.lang) return;
      state.lang = lang;
      try {
        localStorage.setItem(LANG_KEY, lang);
      } catch {
        // not remembered: fine
      }
      applyLanguage();
      renderAll();
      void poll();
    });
  }
  $('pause').addEventListener('click', () => {
    state.paused = !state.paused;
    if (state.paused) clearTimeout(state.timer);
    else void poll();
    renderAll();
  });
  $('log-scale').addEventListener('change', (e) => {
    chart.setLog(/** @type {HTMLInputElement} */ (e.target).checked);
  });
  $('ns-select').addEventListener('change', (e) => {
    selectNamespace(/** @type {HTMLSelectElement} */ (e.target).value);
  });
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = /** @type {HTMLInputElement} */ ($('token-input'));
    const token = input.value.trim();
    if (!token) return;
    input.value = '';
    state.token = token;
    state.tokenRefused = false;
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // kept in memory only
    }
    void poll();
  });
  $('explain-close').addEventListener('click', () => /** @type {HTMLDialogElement} */ ($('explain')).close());
  $('findings-list').addEventListener(
    'toggle',
    (e) => {
      const d = e.target;
      if (!(d instanceof HTMLDetailsElement) || !d.dataset.key) return;
      if (d.open) state.openEvidence.add(d.dataset.key);
      else state.openEvidence.delete(d.dataset.key);
    },
    true,
  );
}

/** @param {string} label */
function selectNamespace(label) {
  state.netns = label;
  /** @type {HTMLSelectElement} */ ($('ns-select')).value = label;
  state.shownKey = '';
  void poll();
}

/** Stored choice, then ?lang=, then the browser's languages, then English until the server says. */
function initialLang() {
  let stored;
  try {
    stored = localStorage.getItem(LANG_KEY);
  } catch {
    stored = null;
  }
  return (
    langOf(stored) ??
    langOf(new URLSearchParams(location.search).get('lang')) ??
    navigator.languages.map((l) => langOf(l)).find((l) => l !== undefined) ??
    'en'
  );
}

function applyLanguage() {
  const lang = state.lang;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll('[data-i18n]')) {
    const key = /** @type {MessageKey} */ (/** @type {HTMLElement} */ (node).dataset.i18n);
    node.textContent = t(lang, key);
  }
  for (const button of document.querySelectorAll('[data-lang]')) {
    const b = /** @type {HTMLElement} */ (button);
    b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
    const l = langOf(b.dataset.lang);
    if (l) b.textContent = LANG_NAMES[l];
  }
  // shown again in the new language at the next render
  for (const id of ['findings-list', 'dest-table', 'listeners-table', 'peers-table', 'ns-table']) {
    delete $(id).dataset.signature;
  }
}

// --- rendering ---

function renderAll() {
  renderHeader();
  renderBanners();
  renderHeadline();
  renderTiles();
  renderFindings();
  renderChart();
  renderTables();
}

function renderHeader() {
  const s = state.status;
  const lang = state.lang;
  const title = s ? t(lang, 'app.title', { host: visible(s.host) }) : 'tcpdoctor';
  $('title').textContent = title;
  document.title = title;
  if (s) {
    const ns = s.source.netns;
    const several = s.namespaces?.length;
    const where = several
      ? ` · ${t(lang, 'header.allNamespaces', { count: several })}`
      : ns
        ? ` · netns ${ns.name ?? ns.pid ?? ns.inode ?? ''}`
        : '';
    $('meta').textContent =
      `${t(lang, 'header.kernel')} ${visible(s.kernel)} · ${t(lang, 'header.source')} ${visible(s.source.kind)}${visible(where)}`;
  }
  const pause = $('pause');
  pause.setAttribute('aria-pressed', String(state.paused));
  pause.textContent = t(lang, state.paused ? 'header.resume' : 'header.pause');
  renderUpdated();
  renderNamespacePicker();
}

function renderUpdated() {
  const m = state.meta;
  const lang = state.lang;
  if (!m) return;
  const serverNow = m.now + (Date.now() - state.metaAt);
  const shownAt = state.status ? Date.parse(state.status.time) : m.startedAt;
  const vars = {
    clock: formatClock(shownAt, lang),
    age: formatDuration(serverNow - shownAt, lang),
    interval: formatDuration(m.intervalMs, lang),
  };
  $('updated').textContent = state.paused
    ? t(lang, 'header.paused', { clock: vars.clock })
    : t(lang, 'header.updated', vars);
}

function renderNamespacePicker() {
  const list = state.meta?.namespaces ?? [];
  const picker = $('ns-picker');
  picker.hidden = list.length === 0;
  if (list.length === 0) return;
  const select = /** @type {HTMLSelectElement} */ ($('ns-select'));
  const options = [
    el('option', { text: t(state.lang, 'header.allNamespaces', { count: list.length }) }),
    ...list.map((n) => el('option', { text: visible(n.label) })),
  ];
  /** @type {HTMLOptionElement} */ (options[0]).value = '';
  list.forEach((n, i) => {
    /** @type {HTMLOptionElement} */ (options[i + 1]).value = n.label;
  });
  const signature = `${state.lang}|${list.map((n) => n.label).join('\u0000')}`;
  if (select.dataset.signature !== signature) {
    select.replaceChildren(...options);
    select.dataset.signature = signature;
  }
  select.value = state.netns;
}

function renderBanners() {
  const lang = state.lang;
  const m = state.meta;
  /** @type {Array<{ text: string, level: 'critical' | 'warning' }>} */
  const banners = [];
  const retry = formatDuration(retryDelay(Math.max(1, state.failures)), lang);
  if (state.unreachable !== undefined) {
    banners.push({
      level: 'critical',
      text: state.status
        ? t(lang, 'banner.unreachable', {
            error: visible(state.unreachable),
            clock: formatClock(Date.parse(state.status.time), lang),
            retry,
          })
        : t(lang, 'banner.unreachableNever', { error: visible(state.unreachable), retry }),
    });
  }
  if (state.censusError) {
    const last = state.censusError.lastSuccessAt;
    const serverNow = m ? m.now + (Date.now() - state.metaAt) : Date.now();
    banners.push({
      level: 'critical',
      text:
        last === null
          ? t(lang, 'banner.censusFailedNever', { message: visible(state.censusError.message) })
          : t(lang, 'banner.censusFailed', {
              message: visible(state.censusError.message),
              clock: formatClock(last, lang),
              age: formatDuration(serverNow - last, lang),
            }),
    });
  } else if (m && m.errors.length > 0) {
    const list = m.errors.map((e) => `${e.stage}${e.netns ? ` (${e.netns})` : ''}: ${e.message}`).join('; ');
    banners.push({ level: 'warning', text: t(lang, 'banner.partial', { list: visible(list, 600) }) });
  }
  for (const e of [state.httpError, state.roundError]) {
    if (e !== undefined) banners.push({ level: 'warning', text: visible(e, 600) });
  }
  if (m && state.unreachable === undefined) {
    const serverNow = m.now + (Date.now() - state.metaAt);
    const age = serverNow - m.startedAt;
    if (age > 3 * m.intervalMs + m.durationMs + 2_000) {
      banners.push({
        level: 'warning',
        text: t(lang, 'banner.stale', {
          age: formatDuration(age, lang),
          interval: formatDuration(m.intervalMs, lang),
        }),
      });
    }
  }
  renderInto($('banners'), JSON.stringify(banners), () =>
    banners.map((b) =>
      el('p', {
        class: `banner ${b.level === 'warning' ? 'warning' : ''}`,
        text: b.text,
        attrs: { role: 'alert' },
      }),
    ),
  );
}

function renderHeadline() {
  const s = state.status;
  const lang = state.lang;
  const node = $('headline');
  if (!s) {
    node.textContent = '';
    return;
  }
  const findings = currentFindings();
  const h = headline(s, findings ?? []);
  const parts = [
    h.total === 0
      ? t(lang, 'headline.none')
      : t(lang, 'headline.connections', { total: formatCount(h.total, lang) }),
  ];
  for (const top of h.top) parts.push(`${top.state} ${formatCount(top.count, lang)}`);
  const peer = s.groups?.raddr?.find((g) => !g.other);
  if (peer)
    parts.push(t(lang, 'headline.peer', { peer: visible(peer.label), count: formatCount(peer.total, lang) }));
  /** @type {Array<Node | string>} */
  const children = [parts.join(' · ')];
  if (state.censusError !== undefined || state.unreachable !== undefined) {
    // numbers from an earlier snapshot: never call them healthy
    children.push(' ', el('span', { class: 'verdict level warning', text: t(lang, 'headline.stale') }));
  } else if (findings) {
    const counts = SEVERITY_ORDER.filter((sev) => h.bySeverity[sev] > 0).map((sev) => {
      const n = h.bySeverity[sev];
      if (n === 1 && sev === 'warning') return t(lang, 'headline.warningOne');
      if (n === 1 && sev === 'info') return t(lang, 'headline.infoOne');
      return t(lang, `headline.${sev}`, { count: n });
    });
    const level = h.worst === undefined || h.worst === 'info' ? 'ok' : h.worst;
    const text = h.worst === undefined ? t(lang, 'headline.healthy') : counts.join(', ');
    // a link to the findings: the verdict is where the eye goes first
    const verdict = el('a', { class: `verdict level ${level}`, text });
    verdict.href = '#findings';
    children.push(' ', verdict);
  }
  node.replaceChildren(...children);
}

/**
 * What the verdict and the tile flags are based on: the diagnosis shown, or with `--netns all` and
 * no namespace picked, every namespace's findings; undefined when there is none yet.
 * @returns {import('./view-model.js').FindingJson[] | undefined}
 */
function currentFindings() {
  if (state.diagnose) return state.diagnose.findings;
  const nss = state.meta?.namespaces;
  if (!nss || nss.length === 0 || state.netns !== '') return undefined;
  return nss.flatMap((n) =>
    n.findings.map((f) => ({ ...f, summary: '', evidence: {}, advice: [], references: [] })),
  );
}

function buildTiles() {
  const list = $('tiles');
  for (const name of LIFECYCLE) {
    const button = el('button', {
      class: 'tile',
      attrs: { type: 'button', 'data-state': name, 'aria-haspopup': 'dialog' },
    });
    button.addEventListener('click', () => void openExplain(name));
    tiles.set(name, button);
    list.append(el('li', {}, [button]));
  }
}

function renderTiles() {
  const s = state.status;
  const lang = state.lang;
  const explain = state.explain.get(lang);
  const flagged = flaggedStates(currentFindings() ?? []);
  const nowT = state.status ? Date.parse(state.status.time) : Date.now();
  const states =
    s?.states ??
    /** @type {Record<StateName, number>} */ (Object.fromEntries(STATE_NAMES.map((n) => [n, 0])));
  // the tile counts are the status snapshot's; the change is against the history a minute earlier
  for (const tile of stateTiles(states, state.points, nowT)) {
    const button = tiles.get(tile.state);
    const entry = explain?.states.find((e) => e.name === tile.state);
    if (button)
      fillTile(
        button,
        s ? tile : { state: tile.state, count: 0 },
        lang,
        entry?.summary,
        flagged.get(tile.state),
      );
  }
  const other = $('other-states');
  const extra = Object.entries(s?.other ?? {});
  other.hidden = extra.length === 0;
  other.textContent =
    extra.length === 0
      ? ''
      : t(lang, 'states.other', {
          list: extra.map(([k, v]) => `${visible(k)} ${formatCount(v, lang)}`).join(', '),
        });
}

function renderFindings() {
  const lang = state.lang;
  const d = state.diagnose;
  const list = $('findings-list');
  const several = (state.meta?.namespaces?.length ?? 0) > 0 && state.netns === '';
  if (several) {
    const nss = state.meta?.namespaces ?? [];
    renderInto(list, `ns|${lang}|${JSON.stringify(nss)}`, () => namespaceFindings(nss));
    return;
  }
  if (!d) {
    renderInto(list, `none|${lang}|${state.diagnoseError ?? ''}`, () =>
      state.diagnoseError
        ? [
            el('p', {
              class: 'empty',
              text: t(lang, 'findings.unavailable', { reason: visible(state.diagnoseError) }),
            }),
          ]
        : [],
    );
    return;
  }
  const findings = sortFindings(d.findings);
  const signature = `${lang}|${JSON.stringify(findings)}|${JSON.stringify(d.skipped)}`;
  renderInto(list, signature, () => {
    /** @type {Array<Node>} */
    const out = findings.map((f) => findingCard(f, lang, state.openEvidence.has(`evidence-${f.id}`)));
    if (findings.every(isHealthy)) {
      const rules = state.meta?.rules ?? 0;
      out.push(el('p', { class: 'note', text: t(lang, 'findings.noneDetail', { rules }) }));
    }
    if (d.skipped.length > 0) {
      out.push(
        el('details', { attrs: { 'data-key': 'skipped' } }, [
          el('summary', { text: t(lang, 'findings.skipped', { count: d.skipped.length }) }),
          el(
            'ul',
            {},
            d.skipped.map((s) => el('li', { text: `${s.rule}: ${visible(s.reason)}` })),
          ),
        ]),
      );
    }
    return out;
  });
}

/** @param {NonNullable<HistoryJson['namespaces']>} nss */
function namespaceFindings(nss) {
  const lang = state.lang;
  const withFindings = nss.filter((n) => n.findings.length > 0);
  if (withFindings.length === 0)
    return [el('p', { class: 'finding healthy', text: `✓ ${t(lang, 'findings.noneInNamespaces')}` })];
  return [
    el('h3', { text: t(lang, 'findings.namespaces') }),
    el(
      'ul',
      { class: 'ns-findings' },
      withFindings.map((n) => {
        const sorted = [...n.findings].sort(
          (a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity),
        );
        const text = t(lang, 'findings.namespaceRow', {
          label: visible(n.label),
          list: sorted.map((f) => `${t(lang, `severity.${f.severity}`)}: ${visible(f.title)}`).join('; '),
        });
        const button = el('button', {
          text: t(lang, 'findings.pick', { label: visible(n.label) }),
          attrs: { type: 'button', 'data-key': `ns-${n.label}` },
        });
        button.addEventListener('click', () => selectNamespace(n.label));
        return el('li', {}, [text, ' ', button]);
      }),
    ),
  ];
}

function renderChart() {
  const lang = state.lang;
  const m = state.meta;
  const points = state.points;
  const span =
    points.length > 1
      ? /** @type {HistoryPointJson} */ (points[points.length - 1]).t -
        /** @type {HistoryPointJson} */ (points[0]).t
      : 0;
  const spanText = formatDuration(span, lang);
  if (m) {
    const kept = t(lang, 'chart.window', { span: spanText, window: formatDuration(m.windowMs, lang) });
    // the history is of everything the exporter watches, whichever namespace the tables show
    const all = (m.namespaces?.length ?? 0) > 0 ? ` ${t(lang, 'chart.allNamespaces')}` : '';
    $('chart-window').textContent = `${kept}${all}`;
  }
  const ranges = seriesRanges(points);
  const summary =
    ranges.length === 0
      ? t(lang, 'chart.empty')
      : ranges
          .map((r) =>
            t(lang, 'chart.summaryState', {
              state: r.state,
              min: formatCount(r.min, lang),
              max: formatCount(r.max, lang),
              now: r.now === null ? '—' : formatCount(r.now, lang),
            }),
          )
          .join('; ');
  $('chart').setAttribute('aria-label', t(lang, 'chart.label', { span: spanText, summary }));
  chart.update(points, lang);
}

function renderTables() {
  const lang = state.lang;
  const s = state.status;
  const groups = s?.groups ?? {};

  const dest = destinationRows(groups.dest);
  const range = portRangeText(s?.sysctls) ?? '32768–60999';
  renderInto($('dest-table'), `${lang}|${range}|${JSON.stringify(dest)}`, () => [
    dest.length === 0
      ? el('p', { class: 'empty', text: t(lang, 'dest.none') })
      : table(
          t(lang, 'dest.caption', { range }),
          [
            { text: t(lang, 'dest.destination') },
            { text: t(lang, 'table.connections'), num: true },
            { text: t(lang, 'table.mix') },
            { text: t(lang, 'dest.ports'), num: true },
            { text: t(lang, 'dest.headroom') },
          ],
          dest.map((r) => destinationRow(r, lang)),
        ),
  ]);

  const listeners = listenerRows(groups.lport);
  renderInto($('listeners-table'), `${lang}|${JSON.stringify(listeners)}`, () => [
    listeners.rows.length === 0
      ? el('p', { class: 'empty', text: t(lang, 'listeners.none') })
      : table(
          t(lang, 'listeners.caption'),
          [
            { text: t(lang, 'listeners.listener') },
            { text: t(lang, 'table.connections'), num: true },
            { text: t(lang, 'table.mix') },
            { text: t(lang, 'listeners.queue') },
          ],
          listeners.rows.map((r) => listenerRow(r, lang)),
        ),
    listeners.outbound > 0
      ? el('p', {
          class: 'note',
          text: t(lang, 'listeners.outbound', { total: formatCount(listeners.outbound, lang) }),
        })
      : '',
  ]);

  const peers = groups.raddr ?? [];
  renderInto($('peers-table'), `${lang}|${JSON.stringify(peers)}`, () => [
    peers.length === 0
      ? el('p', { class: 'empty', text: t(lang, 'peers.none') })
      : table(
          t(lang, 'peers.caption'),
          [
            { text: t(lang, 'peers.peer') },
            { text: t(lang, 'table.connections'), num: true },
            { text: t(lang, 'table.mix') },
          ],
          peers.map((g) => peerRow(g, lang)),
        ),
  ]);

  const nss = s?.namespaces ?? [];
  $('namespaces').hidden = nss.length === 0;
  renderInto($('ns-table'), `${lang}|${JSON.stringify(nss)}`, () =>
    nss.length === 0
      ? []
      : [
          table(
            t(lang, 'ns.caption'),
            [
              { text: t(lang, 'ns.label') },
              { text: t(lang, 'table.connections'), num: true },
              { text: t(lang, 'table.mix') },
            ],
            [...nss]
              .sort((a, b) => b.total - a.total)
              .map((n) => peerRow({ label: n.label, total: n.total, states: n.states }, lang)),
          ),
        ],
  );
}

// --- explain ---

/** @param {StateName} name */
async function openExplain(name) {
  const dialog = /** @type {HTMLDialogElement} */ ($('explain'));
  const lang = state.lang;
  $('explain-h').textContent = name;
  const body = $('explain-body');
  if (!state.explain.get(lang)) {
    body.replaceChildren(el('p', { text: t(lang, 'explain.loading') }));
    if (!dialog.open) dialog.showModal();
    try {
      await loadExplain(lang);
    } catch {
      showTokenForm();
    }
  }
  const entry = state.explain.get(lang)?.states.find((e) => e.name === name);
  const headings = state.explain.get(lang)?.headings ?? {};
  if (entry) {
    $('explain-h').textContent = `${name} — ${entry.summary}`;
    /** @type {Node[]} */
    const parts = [el('p', { text: `${t(lang, 'explain.role')}: ${entry.roleText}` })];
    /** @param {string} key @param {string} text */
    const section = (key, text) => parts.push(el('h3', { text: headings[key] ?? key }), el('p', { text }));
    section('meaning', entry.meaning);
    section('side', entry.side);
    section('duration', entry.duration);
    section('pileUp', entry.pileUp);
    section('culprit', entry.culprit);
    if (entry.commands.length > 0) {
      parts.push(
        el(
          'ul',
          {},
          entry.commands.map((c) => el('li', {}, [el('code', { text: c })])),
        ),
      );
    }
    parts.push(
      el('h3', { text: headings.actions ?? 'actions' }),
      el(
        'ul',
        {},
        entry.actions.map((a) => el('li', { text: a })),
      ),
    );
    if (entry.timeWait) {
      section('twoMsl', entry.timeWait.twoMsl);
      parts.push(
        el('h3', { text: headings.myths ?? 'myths' }),
        el(
          'ul',
          {},
          entry.timeWait.myths.map((a) => el('li', { text: a })),
        ),
      );
      parts.push(
        el('h3', { text: headings.donts ?? 'donts' }),
        el(
          'ul',
          {},
          entry.timeWait.donts.map((a) => el('li', { text: a })),
        ),
      );
    }
    if (entry.relatedSysctls.length > 0) {
      parts.push(
        el('p', { class: 'note', text: `${t(lang, 'explain.related')}: ${entry.relatedSysctls.join(', ')}` }),
      );
    }
    body.replaceChildren(...parts);
  }
  if (!dialog.open) dialog.showModal();
}
