// A dashboard's run drawn as a 12-column grid of cards (chart, text, KPI): shared by the dashboard page and the public
// page of a shared link. Draws only what the server answered (POST /api/v1/dashboards/{id}/run or a public link's GET).
import { h, clear, fmtNum } from './ui.js';
import { plot } from './plot.js';

export const COLUMNS = 12;
export const ROW_PX = 84;
export const GAP_PX = 12;

const SVG = 'http://www.w3.org/2000/svg';

/** A card's place on the grid as CSS (grid lines count from 1). */
export function place(el, c) {
  el.style.gridColumn = (c.x + 1) + ' / span ' + c.w;
  el.style.gridRow = (c.y + 1) + ' / span ' + c.h;
}

/** The pixel height of a card's body: h rows and the gaps between them, less the card's head. */
export function bodyHeight(c) { return Math.max(60, c.h * ROW_PX + (c.h - 1) * GAP_PX - 64); }

// ---- markdown: a small subset (headings, lists, paragraphs, **bold**, *italic*, `code`, http(s) links), built as DOM nodes,
// so no text of a card is ever parsed as HTML.

function inline(text) {
  const out = [];
  const re = /(\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`]+)`|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\))/g;
  let last = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[2] !== undefined) out.push(h('strong', m[2]));
    else if (m[3] !== undefined) out.push(h('em', m[3]));
    else if (m[4] !== undefined) out.push(h('code', m[4]));
    else out.push(h('a', { href: m[6], rel: 'noopener noreferrer', target: '_blank' }, m[5]));
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function markdown(src) {
  const root = h('div.md');
  let list = null;
  let para = [];
  const flush = () => {
    if (para.length) { root.append(h('p', inline(para.join(' ')))); para = []; }
  };
  for (const raw of String(src || '').split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (heading) {
      flush(); list = null;
      // Card headings sit under the card's own title: h3 and smaller.
      root.append(h('h' + Math.min(6, heading[1].length + 2), inline(heading[2])));
    } else if (item) {
      flush();
      if (!list) { list = h('ul'); root.append(list); }
      list.append(h('li', inline(item[1])));
    } else if (!line.trim()) {
      flush(); list = null;
    } else {
      list = null;
      para.push(line.trim());
    }
  }
  flush();
  return root;
}

// ---- KPI

/** A sparkline of the KPI's series as SVG (no chart library): a line over the points, the last one marked. */
export function sparkline(series, label) {
  const w = 160;
  const hgt = 36;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + hgt);
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const pts = (series || []).map((v, i) => [i, v]).filter((p) => p[1] !== null && Number.isFinite(p[1]));
  if (pts.length < 2) return svg;
  const n = series.length - 1;
  const ys = pts.map((p) => p[1]);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const sx = (i) => 2 + (i / n) * (w - 4);
  const sy = (v) => (hi === lo ? hgt / 2 : hgt - 3 - ((v - lo) / (hi - lo)) * (hgt - 6));
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', pts.map((p) => sx(p[0]).toFixed(1) + ',' + sy(p[1]).toFixed(1)).join(' '));
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', 'currentColor');
  line.setAttribute('stroke-width', '1.6');
  const lastPt = pts[pts.length - 1];
  const dot = document.createElementNS(SVG, 'circle');
  dot.setAttribute('cx', sx(lastPt[0]).toFixed(1));
  dot.setAttribute('cy', sy(lastPt[1]).toFixed(1));
  dot.setAttribute('r', '2.5');
  dot.setAttribute('fill', 'currentColor');
  svg.append(line, dot);
  return svg;
}

function kpiBody(card) {
  const k = card.kpi;
  const change = k.change;
  const up = change !== null && change > 0;
  const down = change !== null && change < 0;
  const changeText = change === null ? 'no previous period'
    : (up ? '▲ +' : down ? '▼ ' : '■ ') + fmtNum(change) + (k.changeRatio !== null ? ' (' + (k.changeRatio > 0 ? '+' : '') + (k.changeRatio * 100).toFixed(1) + '%)' : '');
  return h('div.kpi',
    h('div.kpi-value', { dataset: { value: k.value === null ? '' : String(k.value) } }, fmtNum(k.value)),
    h('div.kpi-change' + (up ? '.ok-text' : down ? '.bad-text' : '.muted'), { title: 'Change from the previous period (' + fmtNum(k.previous) + ')' },
      h('span.sr-only', 'Change from the previous period: '), changeText),
    h('div.kpi-spark', sparkline(k.series, 'Trend of ' + k.column + ' over the last ' + (k.series || []).length + ' periods')));
}

function tableBody(result) {
  const rows = result.rows.slice(0, 200);
  // Focusable, so that a keyboard can scroll it (axe: scrollable-region-focusable).
  return h('div.table-scroll.card-table', { tabindex: '0', role: 'region', 'aria-label': 'Rows' }, h('table.table',
    h('thead', h('tr', result.columns.map((c) => h('th', c.name)))),
    h('tbody', rows.map((r) => h('tr', r.map((v) => h('td', v === null ? '—' : typeof v === 'number' ? fmtNum(v) : String(v))))))));
}

/** The title a card shows: its own, else its chart's name (when known), else the figure's title. */
function titleOf(card, chartNames) {
  if (card.title) return card.title;
  if (card.chart && card.chart.name) return card.chart.name;
  if (card.chartId && chartNames && chartNames[card.chartId]) return chartNames[card.chartId];
  const t = card.result && card.result.figure && card.result.figure.layout && card.result.figure.layout.title;
  if (t) return typeof t === 'string' ? t : (t.text || '');
  return card.type === 'text' ? '' : 'Chart';
}

/**
 * Draws a run into a grid element. opts: chartNames (id → name), onPoint(card, point) for a click on a bar, point or
 * slice, extra(card) for buttons in a card's head.
 */
export function renderRun(grid, run, opts = {}) {
  clear(grid);
  grid.classList.add('dash-grid');
  for (const card of run.cards) {
    const title = titleOf(card, opts.chartNames);
    const head = h('div.dash-card-head', h('h2.dash-card-title', title || h('span.sr-only', 'Text')), opts.extra ? opts.extra(card) : null);
    const body = h('div.dash-card-body');
    const el = h('section.dash-card.card', { dataset: { card: card.id, type: card.type }, 'aria-label': title || 'Text card' }, head, body);
    place(el, card);
    grid.append(el);
    if (card.error) {
      body.append(h('div.problem', h('div.problem-title', card.error.detail), h('div.problem-code', card.error.code)));
    } else if (card.type === 'text') {
      body.append(markdown(card.markdown));
      // Text longer than its card scrolls: focusable, so that a keyboard can scroll it too.
      body.tabIndex = 0;
    } else if (card.type === 'kpi' && card.kpi) {
      body.append(kpiBody(card));
    } else if (card.result && card.result.figure) {
      const canvas = h('div.dash-chart', { role: 'figure', 'aria-label': 'Chart: ' + title });
      body.classList.add('chart-body');
      body.append(canvas);
      const fig = card.result.figure;
      const layout = { ...(fig.layout || {}), height: bodyHeight(card), title: undefined, margin: { l: 48, r: 12, t: 8, b: 36 } };
      const xaxis = { ...((fig.layout || {}).xaxis || {}) };
      const yaxis = { ...((fig.layout || {}).yaxis || {}) };
      if (xaxis.title && typeof xaxis.title === 'object') xaxis.title = xaxis.title.text;
      if (yaxis.title && typeof yaxis.title === 'object') yaxis.title = yaxis.title.text;
      layout.xaxis = xaxis;
      layout.yaxis = yaxis;
      plot(canvas, fig.data || [], layout).then((gd) => {
        if (gd && opts.onPoint && gd.on) {
          gd.on('plotly_click', (ev) => {
            const p = ev && ev.points && ev.points[0];
            if (!p) return;
            const value = p.label !== undefined && p.data && p.data.type === 'pie' ? p.label : p.x;
            opts.onPoint(card, { value, series: p.data ? p.data.name : null });
          });
        }
      });
    } else if (card.result) {
      body.append(tableBody(card.result));
    }
    if (card.result && card.result.truncated) body.append(h('p.sub', 'Drawn from the first ' + card.result.rows.length + ' rows.'));
  }
  return grid;
}

export { tableBody };
