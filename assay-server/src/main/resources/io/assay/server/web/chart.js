// Charts from a result: the server recommends a chart from the column types (POST /api/v1/charts/recommend);
// the switcher changes type and encodings; downloads as PNG, SVG and Plotly JSON.
import * as api from './api.js';
import { h, clear, download, toast, problemBox } from './ui.js';
import { plot, themed, PALETTE, loadPlotly } from './plot.js';
import { isNumericType } from './grid.js';

const TYPES = [['line', 'Line'], ['bar', 'Bar'], ['histogram', 'Histogram'], ['scatter', 'Scatter'], ['heatmap', 'Heatmap'], ['box', 'Box']];
const AGGS = [['none', 'None'], ['count', 'Count'], ['sum', 'Sum'], ['avg', 'Average'], ['min', 'Min'], ['max', 'Max']];
const MAX_POINTS = 50000;

function distinctCount(rows, i, cap = 1000) {
  const s = new Set();
  for (const r of rows) { if (r[i] !== null) { s.add(r[i]); if (s.size > cap) break; } }
  return s.size;
}

function aggregate(values, agg) {
  const nums = values.map(Number).filter((v) => Number.isFinite(v));
  switch (agg) {
    case 'count': return values.length;
    case 'sum': return nums.reduce((a, b) => a + b, 0);
    case 'avg': return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null;
    case 'min': return nums.length ? Math.min(...nums) : null;
    case 'max': return nums.length ? Math.max(...nums) : null;
    default: return values[0];
  }
}

/** Plotly traces and layout for the encodings over the rows. */
export function figure(columns, rows, enc) {
  const idx = (name) => columns.findIndex((c) => c.name === name);
  const xi = idx(enc.x); const yi = idx(enc.y); const ci = idx(enc.color); const vi = idx(enc.value);
  const data = rows.length > MAX_POINTS ? rows.slice(0, MAX_POINTS) : rows;
  const groups = new Map();
  for (const r of data) {
    const key = ci >= 0 ? String(r[ci]) : '';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r);
  }
  const colorFor = (k) => PALETTE[[...groups.keys()].indexOf(k) % PALETTE.length];
  const layout = { xaxis: { title: enc.x || '' }, yaxis: { title: enc.y || '' }, showlegend: ci >= 0, height: 420 };
  const traces = [];
  const type = enc.type;
  if (type === 'histogram') {
    for (const [k, rs] of groups) traces.push({ type: 'histogram', name: k || enc.x, x: rs.map((r) => r[xi]), marker: { color: colorFor(k) }, opacity: ci >= 0 ? 0.7 : 1 });
    layout.barmode = 'overlay';
    layout.yaxis.title = 'rows';
  } else if (type === 'box') {
    const yIdx = yi >= 0 ? yi : xi;
    for (const [k, rs] of groups) traces.push({ type: 'box', name: k || enc.y, y: rs.map((r) => r[yIdx]), x: yi >= 0 && xi >= 0 ? rs.map((r) => r[xi]) : undefined, marker: { color: colorFor(k) }, boxpoints: false });
    if (ci >= 0) layout.boxmode = 'group';
  } else if (type === 'heatmap') {
    const xs = [...new Set(data.map((r) => r[xi]))];
    const ys = [...new Set(data.map((r) => r[yi]))];
    const cells = new Map();
    for (const r of data) {
      const key = r[xi] + '\u0000' + r[yi];
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(vi >= 0 ? r[vi] : 1);
    }
    const agg = enc.aggregation === 'none' ? (vi >= 0 ? 'avg' : 'count') : (vi >= 0 ? enc.aggregation : 'count');
    const z = ys.map((y) => xs.map((x) => { const v = cells.get(x + '\u0000' + y); return v ? aggregate(v, agg) : null; }));
    traces.push({ type: 'heatmap', x: xs.map(String), y: ys.map(String), z, colorscale: 'Blues', hoverongaps: false, colorbar: { title: { text: agg + (vi >= 0 ? ' ' + enc.value : '') } } });
    layout.xaxis.type = 'category';
    layout.yaxis.type = 'category';
  } else {
    const agg = enc.aggregation;
    for (const [k, rs] of groups) {
      let xs; let ys;
      if (agg === 'none' && yi >= 0) {
        xs = rs.map((r) => r[xi]); ys = rs.map((r) => r[yi]);
      } else {
        const by = new Map();
        for (const r of rs) { const key = r[xi]; if (!by.has(key)) by.set(key, []); by.get(key).push(yi >= 0 ? r[yi] : 1); }
        xs = [...by.keys()]; ys = xs.map((x) => aggregate(by.get(x), yi >= 0 ? agg : 'count'));
      }
      if (type === 'line') {
        const pairs = xs.map((x, i) => [x, ys[i]]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        xs = pairs.map((p) => p[0]); ys = pairs.map((p) => p[1]);
      }
      const t = { name: k || enc.y || 'rows', x: xs, y: ys, marker: { color: colorFor(k) } };
      if (type === 'line') Object.assign(t, { type: 'scatter', mode: 'lines', line: { color: colorFor(k), width: 1.8 } });
      else if (type === 'scatter') Object.assign(t, { type: 'scatter', mode: 'markers', marker: { color: colorFor(k), size: 6, opacity: 0.75 } });
      else Object.assign(t, { type: 'bar' });
      traces.push(t);
    }
    if (type === 'bar') {
      layout.barmode = groups.size > 3 ? 'stack' : 'group';
      const xType = xi >= 0 ? columns[xi].type : '';
      if (!isNumericType(xType) && !/DATE|TIME/i.test(xType)) layout.xaxis.type = 'category';
    }
    if (agg !== 'none' && yi >= 0) layout.yaxis.title = agg + ' of ' + enc.y;
    if (yi < 0) layout.yaxis.title = 'rows';
  }
  return { data: traces, layout, sampled: rows.length > MAX_POINTS };
}

export async function chartPanel(columns, rows) {
  const root = h('div.chart-panel#chart-panel');
  let rec;
  try {
    rec = await api.post('/api/v1/charts/recommend', { columns: columns.map((c, i) => ({ name: c.name, type: c.type, distinct: distinctCount(rows, i) })) });
  } catch (e) {
    root.append(problemBox(e));
    return root;
  }
  if (rec.type === 'table') {
    root.append(h('div.empty', h('h2', 'Nothing to chart'), h('p', rec.reason)));
    return root;
  }
  const numericCols = columns.filter((c) => isNumericType(c.type)).map((c) => c.name);
  const enc = { type: rec.type, x: rec.x, y: rec.y, color: rec.color, aggregation: rec.aggregation,
    value: rec.type === 'heatmap' ? (numericCols.find((n) => n !== rec.x && n !== rec.y) || null) : null };
  // The encodings as the user leaves them: the SQL page's "Save as chart" starts from them.
  root.encodings = enc;
  const select = (id, label, options, key, allowNone) => {
    const s = h('select#' + id, { 'aria-label': label },
      allowNone ? h('option', { value: '' }, '—') : null,
      options.map(([v, l]) => h('option', { value: v, selected: enc[key] === v }, l)));
    s.addEventListener('change', () => { enc[key] = s.value || null; draw(); });
    return h('div.field.compact', h('label', { for: id }, label), s);
  };
  const colOpts = columns.map((c) => [c.name, c.name]);
  const valueField = select('chart-value', 'Value', colOpts.filter(([n]) => numericCols.includes(n)), 'value', true);
  const controls = h('div.chart-controls',
    select('chart-type', 'Chart', TYPES, 'type'), select('chart-x', 'X', colOpts, 'x', true), select('chart-y', 'Y', colOpts, 'y', true),
    select('chart-color', 'Color', colOpts, 'color', true), valueField, select('chart-agg', 'Aggregate', AGGS, 'aggregation'));
  const el = h('div.chart-canvas#chart');
  const note = h('p.muted.small.chart-note');
  const fileName = 'assay-chart';
  const downloads = h('div.chart-downloads',
    h('button.btn.ghost.small#chart-png', { type: 'button', on: { click: () => loadPlotly().then((P) => P.downloadImage(el, { format: 'png', filename: fileName, width: 1200, height: 600 })) } }, 'PNG'),
    h('button.btn.ghost.small#chart-svg', { type: 'button', on: { click: () => loadPlotly().then((P) => P.downloadImage(el, { format: 'svg', filename: fileName, width: 1200, height: 600 })) } }, 'SVG'),
    h('button.btn.ghost.small#chart-json', { type: 'button', on: { click: () => { const f = figure(columns, rows, enc); download(fileName + '.json', JSON.stringify({ data: f.data, layout: themed(f.layout) }, null, 1), 'application/json'); } } }, 'Plotly JSON'));
  function draw() {
    valueField.hidden = enc.type !== 'heatmap';
    const f = figure(columns, rows, enc);
    note.textContent = 'Recommended: ' + rec.type + ' — ' + rec.reason + (f.sampled ? ' Drawn from the first ' + MAX_POINTS.toLocaleString('en-US') + ' rows.' : '');
    plot(el, f.data, f.layout).catch((e) => toast('The chart could not be drawn: ' + e.message, 'error'));
  }
  root.append(h('div.chart-bar', controls, downloads), note, el);
  requestAnimationFrame(draw);
  return root;
}

export { clear };
