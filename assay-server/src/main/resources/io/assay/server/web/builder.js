// #/builder: the question builder. Pick a dataset, measures, dimensions (dates by a grain), filters, sort and limit; the
// server turns the question into SQL (POST /api/v1/questions/sql, shown live) and runs it through the query pipeline
// (POST /api/v1/questions/run). The SQL opens in the SQL editor, and the question saves as a chart.
import * as api from './api.js';
import { h, clear, toast, problemBox, empty, spinner, debounce } from './ui.js';
import { chartPanel } from './chart.js';

const FNS = ['count', 'sum', 'avg', 'min', 'max', 'distinct', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99'];
const GRAINS = ['none', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];
const OPS = ['=', '!=', '<', '<=', '>', '>=', 'in', 'between', 'contains', 'is_null', 'not_null'];
const MAX_SHOWN = 500;

/** The SQL with its ? replaced by literals, for the SQL editor (where the user edits text); quoted text is left as it is. */
export function inlineParams(sql, params) {
  let out = '';
  let i = 0;
  let quote = null;
  for (const ch of sql) {
    if (quote) { out += ch; if (ch === quote) quote = null; continue; }
    if (ch === '"' || ch === "'") { quote = ch; out += ch; continue; }
    if (ch === '?' && i < params.length) {
      const v = params[i++];
      out += typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v === null ? 'NULL' : "'" + String(v).replace(/'/g, "''") + "'";
      continue;
    }
    out += ch;
  }
  return out;
}

export async function builderView(ctx) {
  const datasets = (await api.get('/api/v1/datasets' + api.qs({ limit: 500, sort: 'name' }))).items;
  if (!datasets.length) {
    return h('div.page', { dataset: { title: 'Question builder' } }, h('h1', 'Question builder'),
      empty('No datasets yet', 'Import a file first; then build questions about it here.'));
  }
  const q = { dataset: datasets[0].name, measures: [{ fn: 'count', column: '' }], dimensions: [], filters: [], sort: [], limit: 1000 };
  let columns = [];
  let compiled = null;

  const datasetSel = h('select#qb-dataset', datasets.map((d) => h('option', { value: d.name }, d.name)));
  const measuresBox = h('div.qb-rows#qb-measures');
  const dimensionsBox = h('div.qb-rows#qb-dimensions');
  const filtersBox = h('div.qb-rows#qb-filters');
  const sortSel = h('select#qb-sort');
  const dirSel = h('select#qb-direction', h('option', { value: 'asc' }, 'ascending'), h('option', { value: 'desc' }, 'descending'));
  const limitIn = h('input#qb-limit', { type: 'number', min: '1', max: '1000000', value: String(q.limit) });
  const sqlPre = h('pre.qb-sql#qb-sql', { tabindex: '0', 'aria-label': 'The SQL of the question' }, '');
  const sqlProblem = h('div#qb-sql-problem', { 'aria-live': 'polite' });
  const results = h('div.results#qb-results', empty('No results yet', 'Build a question and run it.'));
  const runBtn = h('button.btn.primary#qb-run', { type: 'button' }, '▶ Run');
  const openBtn = h('button.btn.ghost#qb-open-sql', { type: 'button' }, 'Open in SQL editor');
  const saveBtn = h('button.btn.ghost#qb-save', { type: 'button' }, 'Save as chart…');

  const colOptions = (selected, allowNone) => [allowNone ? h('option', { value: '' }, '(rows)') : null,
    ...columns.map((c) => h('option', { value: c.name, selected: c.name === selected }, c.name + ' · ' + c.type))];
  const select = (label, options) => h('select', { 'aria-label': label }, options);
  const removeBtn = (label, fn) => h('button.btn.ghost.small', { type: 'button', 'aria-label': label, on: { click: fn } }, '✕');

  function question() {
    const out = { dataset: q.dataset, measures: q.measures.map((m) => (m.column ? { fn: m.fn, column: m.column } : { fn: m.fn })),
      dimensions: q.dimensions.map((d) => ({ column: d.column, grain: d.grain })),
      filters: q.filters.map((f) => {
        const text = f.text.trim();
        const values = f.op === 'is_null' || f.op === 'not_null' ? [] : f.op === 'in' || f.op === 'between' ? text.split(',').map((s) => s.trim()) : [text];
        return { column: f.column, op: f.op, values };
      }) };
    if (sortSel.value) out.sort = [{ column: sortSel.value, direction: dirSel.value }];
    const limit = Number(limitIn.value);
    if (limitIn.value !== '' && Number.isFinite(limit)) out.limit = limit;
    return out;
  }

  function aliases() {
    return [...q.dimensions.map((d) => (d.grain === 'none' ? d.column : d.column + '_' + d.grain)),
      ...q.measures.map((m) => (m.column ? m.fn + '_' + m.column : m.fn))];
  }

  function renderRows() {
    clear(measuresBox).append(...q.measures.map((m, i) => {
      const fn = select('Measure ' + (i + 1) + ' function', FNS.map((f) => h('option', { value: f, selected: f === m.fn }, f)));
      const col = select('Measure ' + (i + 1) + ' column', colOptions(m.column, true));
      fn.addEventListener('change', () => { m.fn = fn.value; changed(); });
      col.addEventListener('change', () => { m.column = col.value; changed(); });
      return h('div.qb-row', fn, col, removeBtn('Remove measure ' + (i + 1), () => { q.measures.splice(i, 1); changed(); }));
    }));
    clear(dimensionsBox).append(...q.dimensions.map((d, i) => {
      const col = select('Dimension ' + (i + 1) + ' column', colOptions(d.column, false));
      const grain = select('Dimension ' + (i + 1) + ' grain', GRAINS.map((g) => h('option', { value: g, selected: g === d.grain }, g)));
      col.addEventListener('change', () => { d.column = col.value; changed(); });
      grain.addEventListener('change', () => { d.grain = grain.value; changed(); });
      return h('div.qb-row', col, grain, removeBtn('Remove dimension ' + (i + 1), () => { q.dimensions.splice(i, 1); changed(); }));
    }));
    clear(filtersBox).append(...q.filters.map((f, i) => {
      const col = select('Filter ' + (i + 1) + ' column', colOptions(f.column, false));
      const op = select('Filter ' + (i + 1) + ' comparison', OPS.map((o) => h('option', { value: o, selected: o === f.op }, o)));
      const text = h('input', { type: 'text', value: f.text, 'aria-label': 'Filter ' + (i + 1) + ' value (comma-separated for in and between)',
        placeholder: 'value; a, b for in and between' });
      col.addEventListener('change', () => { f.column = col.value; changed(); });
      op.addEventListener('change', () => { f.op = op.value; changed(); });
      text.addEventListener('input', () => { f.text = text.value; preview(); });
      return h('div.qb-row', col, op, text, removeBtn('Remove filter ' + (i + 1), () => { q.filters.splice(i, 1); changed(); }));
    }));
    const current = sortSel.value;
    clear(sortSel).append(h('option', { value: '' }, '(dimensions, in order)'), ...aliases().map((a) => h('option', { value: a, selected: a === current }, a)));
  }

  function changed() { renderRows(); preview(); }

  /** What the question still lacks before the server can make SQL of it, said on the page instead of asked of the server. */
  function missing() {
    const m = q.measures.findIndex((x) => x.fn !== 'count' && !x.column);
    if (m >= 0) return 'Measure ' + (m + 1) + ': pick the column it takes the ' + q.measures[m].fn + ' of.';
    const f = q.filters.findIndex((x) => x.op !== 'is_null' && x.op !== 'not_null' && !x.text.trim());
    if (f >= 0) return 'Filter ' + (f + 1) + ': give its value.';
    if (!q.measures.length && !q.dimensions.length) return 'Add a measure or a dimension.';
    return null;
  }

  const preview = debounce(async () => {
    clear(sqlProblem);
    const lacking = missing();
    if (lacking) {
      compiled = null;
      sqlPre.textContent = '';
      sqlProblem.append(h('p.muted#qb-missing', lacking));
      return;
    }
    try {
      compiled = await api.post('/api/v1/questions/sql', { question: question() });
      sqlPre.textContent = compiled.sql + (compiled.params.length ? '\n-- values: ' + compiled.params.map((p) => JSON.stringify(p)).join(', ') : '');
    } catch (e) {
      compiled = null;
      sqlPre.textContent = '';
      sqlProblem.append(problemBox(e));
    }
  }, 250);

  async function loadColumns() {
    const d = await api.get('/api/v1/datasets/' + encodeURIComponent(q.dataset));
    columns = d.schema || [];
    q.dimensions = []; q.filters = []; q.measures = [{ fn: 'count', column: '' }];
    changed();
  }

  async function run() {
    const lacking = missing();
    if (lacking) { toast(lacking, 'error'); return; }
    clear(results).append(spinner('Running…'));
    try {
      const answer = await api.post('/api/v1/questions/run', { question: question(), maxRows: MAX_SHOWN });
      const cols = answer.columns;
      const table = h('div.table-scroll', h('table.table#qb-table', h('thead', h('tr', cols.map((c) => h('th', c.name)))),
        h('tbody', answer.rows.map((r) => h('tr', r.map((v) => h('td', v === null ? '' : String(v))))))));
      const note = h('p.muted.small#qb-count', answer.rows.length + ' row' + (answer.rows.length === 1 ? '' : 's') + (answer.truncated ? ' (the first ' + MAX_SHOWN + ')' : ''));
      clear(results).append(note, table, await chartPanel(cols, answer.rows));
    } catch (e) {
      clear(results).append(problemBox(e));
    }
  }

  function editorSql() { return compiled ? inlineParams(compiled.sql, compiled.params) : null; }

  datasetSel.addEventListener('change', () => { q.dataset = datasetSel.value; loadColumns().catch((e) => clear(sqlProblem).append(problemBox(e))); });
  limitIn.addEventListener('input', preview);
  sortSel.addEventListener('change', preview);
  dirSel.addEventListener('change', preview);
  runBtn.addEventListener('click', run);
  openBtn.addEventListener('click', () => {
    const sql = editorSql();
    if (!sql) { toast('Fix the question first: it makes no SQL yet.', 'error'); return; }
    sessionStorage.setItem('assay.sql', sql);
    location.hash = '#/sql';
  });
  saveBtn.addEventListener('click', async () => {
    const sql = editorSql();
    if (!sql) { toast('Fix the question first: it makes no SQL yet.', 'error'); return; }
    const name = window.prompt('Name of the chart', 'Question about ' + q.dataset);
    if (!name) return;
    const dims = aliases().slice(0, q.dimensions.length);
    const ys = aliases().slice(q.dimensions.length);
    const spec = dims.length && ys.length ? { type: q.dimensions[0].grain !== 'none' ? 'line' : 'bar', x: dims[0], y: ys } : { type: 'table' };
    try {
      const chart = await api.post('/api/v1/saved-charts', { name, sql, spec });
      toast('Saved chart ' + chart.name + '.', 'success');
    } catch (e) {
      toast((e.problem && e.problem.detail) || e.message, 'error');
    }
  });

  const section = (title, box, add) => h('fieldset.qb-section', h('legend', title), box,
    h('button.btn.ghost.small', { type: 'button', on: { click: add } }, '+ ' + title.replace(/s$/, '').toLowerCase()));
  const page = h('div.page.builder', { dataset: { title: 'Question builder' } },
    h('h1', 'Question builder'),
    h('p.muted', 'Pick a dataset, what to measure and what to group by; the SQL it makes shows below and opens in the SQL editor.'),
    h('div.field', h('label', { for: 'qb-dataset' }, 'Dataset'), datasetSel),
    section('Measures', measuresBox, () => { q.measures.push({ fn: 'count', column: '' }); changed(); }),
    section('Dimensions', dimensionsBox, () => { if (columns.length) { q.dimensions.push({ column: columns[0].name, grain: 'none' }); changed(); } }),
    section('Filters', filtersBox, () => { if (columns.length) { q.filters.push({ column: columns[0].name, op: '=', text: '' }); changed(); } }),
    h('div.qb-row', h('label', { for: 'qb-sort' }, 'Sort by'), sortSel, h('label.sr-only', { for: 'qb-direction' }, 'Direction'), dirSel,
      h('label', { for: 'qb-limit' }, 'Limit'), limitIn),
    h('h2', 'SQL'), sqlPre, sqlProblem,
    h('div.qb-actions', runBtn, openBtn, saveBtn),
    results);
  await loadColumns();
  return page;
}
