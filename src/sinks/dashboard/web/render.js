// @ts-check
/**
 * DOM builders of the dashboard. The one rule: text from the host (process names, addresses,
 * paths, messages) only ever becomes a Text node (textContent, append(string)); nothing here
 * parses HTML, and the page's CSP (Trusted Types) makes innerHTML with a string throw anyway.
 */
import { formatChange, formatCount, formatDuration, formatPercent, visible } from './format.js';
import { t } from './i18n.js';
import { STATE_STYLE } from './states.js';
import { evidenceView, isHealthy, moreCount, stateMix } from './view-model.js';

/** @typedef {import('./format.js').Lang} Lang */
/** @typedef {import('./states.js').StateName} StateName */
/** @typedef {import('./view-model.js').FindingJson} FindingJson */
/** @typedef {import('./view-model.js').StateTile} StateTile */
/** @typedef {import('./view-model.js').ListenerRow} ListenerRow */
/** @typedef {import('./view-model.js').DestinationRow} DestinationRow */
/** @typedef {import('./view-model.js').GroupJson} GroupJson */
/** @typedef {import('./view-model.js').MixPart} MixPart */

/** Attributes our own code may set; event handlers, style and URLs are not among them. */
const SAFE_ATTRIBUTES = new Set([
  'id',
  'lang',
  'role',
  'scope',
  'colspan',
  'tabindex',
  'type',
  'for',
  'hidden',
  'open',
  'min',
  'max',
  'low',
  'high',
  'optimum',
  'value',
  'data-key',
  'data-state',
  'data-lang',
  'aria-label',
  'aria-labelledby',
  'aria-describedby',
  'aria-hidden',
  'aria-pressed',
  'aria-haspopup',
  'aria-live',
]);

/**
 * @typedef {object} Props
 * @property {string} [class]
 * @property {string} [text]
 * @property {string} [title]
 * @property {Record<string, string>} [attrs]
 */

/**
 * `el('td', { class: 'num', text: '12' })`, children as nodes or strings (which become text).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {Array<Node | string | null | undefined | false>} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.title) node.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (!SAFE_ATTRIBUTES.has(name)) throw new Error(`el: attribute ${name} is not allowed`);
    node.setAttribute(name, value);
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/**
 * A short line in the state's colour and dash pattern, the key between a tile and its chart line.
 * @param {StateName} state
 */
export function swatch(state) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '8');
  svg.setAttribute('viewBox', '0 0 22 8');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'swatch');
  const line = document.createElementNS(NS, 'line');
  line.setAttribute('x1', '1');
  line.setAttribute('x2', '21');
  line.setAttribute('y1', '4');
  line.setAttribute('y2', '4');
  line.setAttribute('stroke', STATE_STYLE[state].color);
  line.setAttribute('stroke-width', '3');
  if (STATE_STYLE[state].dash.length > 0)
    line.setAttribute('stroke-dasharray', STATE_STYLE[state].dash.join(' '));
  svg.append(line);
  return svg;
}

/**
 * Fill one state tile (a button made once, updated in place so keyboard focus survives updates).
 * @param {HTMLButtonElement} button
 * @param {StateTile} tile
 * @param {Lang} lang
 * @param {string | undefined} summary the explanation's one-line summary, shown on hover
 * @param {import('./view-model.js').Severity} [flag] the worst finding about this state
 */
export function fillTile(button, tile, lang, summary, flag) {
  button.classList.toggle('zero', tile.count === 0);
  button.classList.toggle('flag-critical', flag === 'critical');
  button.classList.toggle('flag-warning', flag === 'warning');
  button.title = summary ? `${tile.state}: ${summary}` : t(lang, 'states.explain', { state: tile.state });
  const name = el('span', { class: 'tile-name' }, [swatch(tile.state), tile.state]);
  const count = el('span', { class: 'tile-count', text: formatCount(tile.count, lang) });
  let changeText = t(lang, 'states.noHistory');
  if (tile.change && tile.count === 0 && tile.change.delta === 0) {
    changeText = ''; // nothing, and nothing new: no words to read past
  } else if (tile.change) {
    const span = formatDuration(tile.change.spanMs, lang);
    changeText =
      tile.change.delta === 0
        ? t(lang, 'states.noChange', { span })
        : t(lang, 'states.change', { change: formatChange(tile.change.delta, lang), span });
  }
  button.replaceChildren(
    name,
    count,
    el('span', { class: 'tile-change', text: changeText }),
    flag
      ? el('span', {
          class: `tile-flag level ${flag}`,
          text: t(lang, 'states.flag', { severity: t(lang, `severity.${flag}`) }),
        })
      : '',
  );
}

/**
 * One finding: severity in words, title, summary, advice, evidence, sources.
 * @param {FindingJson} f
 * @param {Lang} lang
 * @param {boolean} evidenceOpen
 */
export function findingCard(f, lang, evidenceOpen) {
  const healthy = isHealthy(f);
  const level = healthy ? 'healthy' : f.severity;
  const badge = healthy
    ? `✓ ${t(lang, 'level.ok')}`
    : `${SEVERITY_ICON[f.severity]} ${t(lang, `severity.${f.severity}`)}`;
  const card = el('article', { class: `finding ${level}`, attrs: { 'data-key': `finding-${f.id}` } }, [
    el('h3', {}, [
      el('span', { class: `severity ${level}`, text: badge }),
      el('span', { text: visible(f.title) }),
    ]),
    el('p', { text: visible(f.summary, 2000) }),
  ]);
  if (f.advice.length > 0) {
    card.append(
      el('h4', { text: t(lang, 'findings.advice') }),
      el(
        'ol',
        { class: 'advice' },
        f.advice.map((a) => el('li', { text: visible(a, 2000) })),
      ),
    );
  }
  const ev = evidenceView(f.evidence, lang);
  if (ev.facts.length > 0 || ev.rows.length > 0) {
    const details = el('details', { attrs: { 'data-key': `evidence-${f.id}` } }, [
      el('summary', {
        text: `${t(lang, 'findings.evidence')}${ev.rows.length > 0 ? ` · ${instances(ev.rows.length, lang)}` : ''}`,
      }),
    ]);
    details.open = evidenceOpen;
    if (ev.rows.length > 0) {
      details.append(
        el('div', { class: 'table-wrap' }, [
          el('table', {}, [
            el('thead', {}, [
              el(
                'tr',
                {},
                ev.columns.map((c) => el('th', { text: c.label, attrs: { scope: 'col' } })),
              ),
            ]),
            el(
              'tbody',
              {},
              ev.rows.map((row) =>
                el(
                  'tr',
                  {},
                  row.map((cell) => el('td', { text: cell })),
                ),
              ),
            ),
          ]),
        ]),
      );
    }
    if (ev.facts.length > 0) {
      details.append(
        el(
          'dl',
          { class: 'facts' },
          ev.facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]),
        ),
      );
    }
    if (f.references.length > 0) {
      details.append(
        el('p', { class: 'refs', text: `${t(lang, 'findings.references')}: ${f.references.join('; ')}` }),
      );
    }
    card.append(details);
  }
  return card;
}

/**
 * @param {number} n
 * @param {Lang} lang
 */
function instances(n, lang) {
  return n === 1 ? t(lang, 'findings.instancesOne') : t(lang, 'findings.instances', { count: n });
}

/** @type {Record<import('./view-model.js').Severity, string>} */
const SEVERITY_ICON = { critical: '✖', warning: '▲', info: 'ℹ' };

/**
 * The state mix of a group: a bar for the eye (hidden from screen readers) and the same in words.
 * @param {Partial<Record<StateName, number>>} states
 * @param {Lang} lang
 */
export function mixCell(states, lang) {
  const parts = stateMix(states);
  const bar = el('div', { class: 'mix-bar', attrs: { 'aria-hidden': 'true' } });
  for (const p of parts) {
    const seg = el('span', { class: `st-${p.state}` });
    seg.style.width = `${(p.share * 100).toFixed(2)}%`; // CSSOM, allowed by the CSP
    bar.append(seg);
  }
  const words = parts.map((p) => `${p.state} ${formatCount(p.count, lang)}`).join(' · ');
  return el('td', {}, [bar, el('span', { class: 'mix-text', text: words })]);
}

/**
 * A table with a caption and column headers; `rows` are cells already built.
 * @param {string} caption
 * @param {Array<{ text: string, num?: boolean }>} columns
 * @param {HTMLTableRowElement[]} rows
 */
export function table(caption, columns, rows) {
  return el('table', {}, [
    el('caption', { text: caption }),
    el('thead', {}, [
      el(
        'tr',
        {},
        columns.map((c) => el('th', { text: c.text, class: c.num ? 'num' : '', attrs: { scope: 'col' } })),
      ),
    ]),
    el('tbody', {}, rows),
  ]);
}

/**
 * @param {string} label
 * @param {boolean} other
 * @param {Lang} lang
 */
export function labelCell(label, other, lang) {
  // the row past --top: "other (5 more)" from the exporter, said in the page's language
  const more = other ? moreCount(label) : undefined;
  return el('td', {
    class: 'label',
    text:
      more === undefined ? visible(label) : t(lang, 'table.otherMore', { count: formatCount(more, lang) }),
  });
}

/**
 * @param {ListenerRow} row
 * @param {Lang} lang
 */
export function listenerRow(row, lang) {
  let queue = '';
  if (row.queue) {
    const vars = {
      queue: formatCount(row.queue.waiting, lang),
      backlog: row.queue.backlog === undefined ? '' : formatCount(row.queue.backlog, lang),
    };
    queue =
      row.queue.backlog === undefined
        ? t(lang, 'listeners.queueUnknown', vars)
        : t(lang, row.queue.full ? 'listeners.queueFull' : 'listeners.queueOf', vars);
  }
  const queueCell = el('td', {}, [
    row.queue?.full ? el('span', { class: 'level critical', text: queue }) : queue,
  ]);
  return el('tr', { class: row.other ? 'other' : '' }, [
    labelCell(row.label, row.other, lang),
    el('td', { class: 'num', text: formatCount(row.total, lang) }),
    mixCell(Object.fromEntries(row.mix.map((p) => [p.state, p.count])), lang),
    queueCell,
  ]);
}

/**
 * @param {DestinationRow} row
 * @param {Lang} lang
 */
export function destinationRow(row, lang) {
  const cells = [
    labelCell(row.label, row.other, lang),
    el('td', { class: 'num', text: formatCount(row.total, lang) }),
    mixCell(Object.fromEntries(row.mix.map((p) => [p.state, p.count])), lang),
  ];
  if (row.ports) {
    const p = row.ports;
    const meter = el('meter', {
      attrs: { min: '0', max: '1', low: '0.5', high: '0.8', optimum: '0', value: String(p.ratio) },
    });
    meter.textContent = formatPercent(p.ratio, lang);
    cells.push(
      el('td', { class: 'num' }, [
        t(lang, 'dest.portsOf', {
          inUse: formatCount(p.inUse, lang),
          size: formatCount(p.size, lang),
          percent: formatPercent(p.ratio, lang),
        }),
      ]),
      el('td', {}, [
        meter,
        ' ',
        el('span', { class: `level ${p.level}`, text: `${t(lang, `level.${p.level}`)}` }),
        ' ',
        t(lang, 'dest.headroomLeft', { left: formatCount(p.left, lang) }),
      ]),
    );
  } else {
    cells.push(el('td', { class: 'num', text: '—' }), el('td', { text: '' }));
  }
  return el('tr', { class: row.other ? 'other' : '' }, cells);
}

/**
 * @param {GroupJson} g
 * @param {Lang} lang
 */
export function peerRow(g, lang) {
  return el('tr', { class: g.other ? 'other' : '' }, [
    labelCell(g.label, g.other === true, lang),
    el('td', { class: 'num', text: formatCount(g.total, lang) }),
    mixCell(g.states, lang),
  ]);
}

/**
 * Replace a container's content only when its signature changed, keeping keyboard focus and the
 * open/closed state of <details> by their data-key.
 * @param {HTMLElement} container
 * @param {string} signature
 * @param {() => Array<Node | string>} build
 */
export function renderInto(container, signature, build) {
  if (container.dataset.signature === signature) return;
  const active = document.activeElement;
  const focusKey =
    active instanceof HTMLElement && container.contains(active) ? active.dataset.key : undefined;
  container.replaceChildren(...build());
  container.dataset.signature = signature;
  if (focusKey) {
    for (const node of container.querySelectorAll('[data-key]')) {
      if (node instanceof HTMLElement && node.dataset.key === focusKey) {
        node.focus();
        break;
      }
    }
  }
}
