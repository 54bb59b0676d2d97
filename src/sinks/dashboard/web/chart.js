// @ts-check
/**
 * The "states over time" chart: uPlot (loaded before this module by a classic script, as the
 * global `uPlot`), one line per state in the state's colour and its own dash pattern, so the lines
 * stay apart without colour; the legend names them. Gaps are snapshots that failed.
 */
import { formatClock, formatCount } from './format.js';
import { t } from './i18n.js';
import { LIFECYCLE, STATE_STYLE } from './states.js';
import { chartColumns, seriesRanges } from './view-model.js';

/** @typedef {import('./format.js').Lang} Lang */
/** @typedef {import('./view-model.js').HistoryPointJson} HistoryPointJson */
/** @typedef {typeof import('uplot')} UPlotClass */
/** @typedef {import('uplot')} UPlot */

const HEIGHT = 260;
/** Tick steps of the time axis, in seconds. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

/**
 * @param {HTMLElement} container
 */
export function createChart(container) {
  /** @type {UPlot | undefined} */
  let plot;
  let log = false;
  /** @type {Lang} */
  let lang = 'en';
  /** @type {HistoryPointJson[]} */
  let points = [];
  /** States shown because they had connections; the user may hide them again in the legend. */
  const shown = new Set();

  const observer = new ResizeObserver(() => {
    if (plot) plot.setSize({ width: widthOf(container), height: HEIGHT });
  });
  observer.observe(container);

  function build() {
    const UPlot = uPlotClass();
    if (!UPlot) return;
    plot?.destroy();
    const css = getComputedStyle(document.documentElement);
    const text = css.getPropertyValue('--muted').trim() || '#57606a';
    const grid = css.getPropertyValue('--line').trim() || '#d0d7de';
    const ranges = new Set(seriesRanges(points).map((r) => r.state));
    for (const s of ranges) shown.add(s);
    /** @type {import('uplot').Options} */
    const opts = {
      width: widthOf(container),
      height: HEIGHT,
      scales: {
        x: { time: true },
        y: log ? { distr: 3 } : { range: (_u, _min, max) => [0, Math.max(1, max * 1.08)] },
      },
      series: [
        {
          label: t(lang, 'chart.time'),
          value: (/** @type {UPlot} */ _u, /** @type {number | null} */ v) =>
            v === null ? '—' : formatClock(v * 1000, lang),
        },
        ...LIFECYCLE.map((state) => ({
          label: state,
          stroke: STATE_STYLE[state].color,
          dash: [...STATE_STYLE[state].dash],
          width: 2,
          show: shown.has(state),
          spanGaps: false,
          points: { show: false },
          value: (/** @type {UPlot} */ _u, /** @type {number | null} */ v) =>
            v === null ? '—' : formatCount(v, lang),
        })),
      ],
      axes: [
        {
          stroke: text,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          space: 80,
          // whole seconds at least: snapshots are never closer than 1 s
          incrs: TIME_STEPS,
          // 24 h clock times (uPlot's default is an English 12 h format); seconds only when they step
          values: (_u, splits, _axis, _space, incr) =>
            splits.map((v) => formatClock(v * 1000, lang, incr < 60)),
        },
        {
          stroke: text,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          // wide enough for the longest label (`1,000,000` needs more than the default)
          size: (_u, values) => Math.max(40, ...(values ?? []).map((v) => 8 * String(v).length + 16)),
          // on a log scale only the powers of ten get a label (the other grid lines stay unlabelled)
          values: (_u, splits) => splits.map((v) => (log && !isPowerOfTen(v) ? null : formatCount(v, lang))),
        },
      ],
      legend: { live: true },
      hooks: {
        // with the cursor off the chart, the legend shows the latest values instead of dashes
        setCursor: [(u) => showLatest(u)],
      },
      cursor: { drag: { x: false, y: false } },
    };
    plot = new UPlot(
      opts,
      /** @type {import('uplot').AlignedData} */ (chartColumns(points, LIFECYCLE, log)),
      container,
    );
    showLatest(plot);
  }

  return {
    /**
     * @param {HistoryPointJson[]} next
     * @param {Lang} nextLang
     */
    update(next, nextLang) {
      points = next;
      if (!plot || nextLang !== lang) {
        lang = nextLang;
        build();
        return;
      }
      // a state that gets connections for the first time appears on its own
      for (const r of seriesRanges(points)) {
        if (shown.has(r.state)) continue;
        shown.add(r.state);
        plot.setSeries(LIFECYCLE.indexOf(r.state) + 1, { show: true });
      }
      plot.setData(/** @type {import('uplot').AlignedData} */ (chartColumns(points, LIFECYCLE, log)));
      showLatest(plot);
    },
    /** @param {boolean} on */
    setLog(on) {
      log = on;
      build();
    },
  };
}

/** @param {UPlot} u */
function showLatest(u) {
  const n = u.data[0]?.length ?? 0;
  if (n > 0 && (u.cursor.idx === null || u.cursor.idx === undefined)) u.setLegend({ idx: n - 1 });
}

/** @returns {UPlotClass | undefined} */
function uPlotClass() {
  const g = /** @type {{ uPlot?: UPlotClass }} */ (/** @type {unknown} */ (globalThis));
  return g.uPlot;
}

/** @param {number} v */
function isPowerOfTen(v) {
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9;
}

/** @param {HTMLElement} container */
function widthOf(container) {
  return Math.max(280, Math.floor(container.clientWidth));
}
