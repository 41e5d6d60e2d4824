// #/sql: the SQL workspace: editor with completion, run (Ctrl/Cmd+Enter) and cancel, a virtual results
// grid, export, charts, history and saved queries.
import * as api from './api.js';
import { h, clear, fmtInt, fmtMs, ago, toast, problemBox, dialog, empty, spinner, confirmDanger } from './ui.js';
import { createEditor } from './editor.js';
import { createGrid, resultSource } from './grid.js';
import { chartPanel } from './chart.js';

const HISTORY_MAX = 50;

/**
 * Where an engine error that names something (a column, a table, a function) points, when the problem has
 * no line and column: the first place the SQL says that name as a whole word.
 */
export function placeOfName(sql, message) {
  const m = /(?:column|table(?: with name)?|function|relation)\s+"?([A-Za-z_][\w$]*)"?/i.exec(message);
  if (!m) return null;
  const word = new RegExp('(^|[^\\w$"])(' + m[1].replace(/[$]/g, '\\$') + ')(?![\\w$])', 'i').exec(sql);
  if (!word) return null;
  const offset = word.index + word[1].length;
  const before = sql.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export async function sqlView(ctx, params) {
  const user = ctx.state.user;
  const historyKey = 'assay.history.' + user.name;
  const datasets = (await api.get('/api/v1/datasets' + api.qs({ limit: 500, sort: 'name' }))).items;
  const columnCache = new Map();
  const schema = {
    datasets: () => datasets,
    async columns(name) {
      const key = String(name).toLowerCase();
      if (!datasets.some((d) => d.name.toLowerCase() === key)) return [];
      if (!columnCache.has(key)) columnCache.set(key, api.get('/api/v1/datasets/' + encodeURIComponent(key)).then((d) => d.schema).catch(() => []));
      return columnCache.get(key);
    },
  };
  const fromDataset = params && params.get('dataset');
  const initial = fromDataset ? 'SELECT *\nFROM ' + fromDataset + '\nLIMIT 1000' : (sessionStorage.getItem('assay.sql') || (datasets[0] ? 'SELECT *\nFROM ' + datasets[0].name + '\nLIMIT 100' : 'SELECT 42 AS answer'));
  let running = null;

  const editor = createEditor({ value: initial, onRun: () => run(), schema });
  editor.textarea.addEventListener('input', () => sessionStorage.setItem('assay.sql', editor.value));
  const runBtn = h('button.btn.primary#run-query', { type: 'button', title: 'Run (Ctrl+Enter)' }, '▶ Run');
  const cancelBtn = h('button.btn.ghost#cancel-query', { type: 'button', disabled: true }, '■ Cancel');
  const saveBtn = h('button.btn.ghost#save-query', { type: 'button' }, 'Save…');
  const status = h('div.run-status#query-status', { 'aria-live': 'polite' }, h('span.muted', 'Ctrl+Enter runs · Ctrl+Space completes'));
  const results = h('div.results#results', empty('No results yet', 'Write a query and run it; results, charts and exports show here.'));
  const sideSaved = h('div.side-list#saved-list');
  const sideHistory = h('div.side-list#history-list');
  const sideData = h('div.side-list#schema-list');

  // Ask in plain English: the question becomes SQL in the editor (shown, editable), then runs like any query; the
  // Chart tab opens on the chart recommended for the result.
  const askIn = h('input#ask-question', { type: 'text', placeholder: 'Ask in plain English: average price per region in 2024', 'aria-label': 'Question in plain English', autocomplete: 'off' });
  const askBtn = h('button.btn.ghost#ask-button', { type: 'submit' }, 'Ask');
  const askNote = h('div.ask-note#ask-explanation', { 'aria-live': 'polite' });
  const askForm = h('form.ask-form#ask-form', askIn, askBtn);
  askForm.addEventListener('submit', (ev) => { ev.preventDefault(); ask(); });
  async function ask() {
    const question = askIn.value.trim();
    if (!question || running) return;
    askBtn.disabled = true;
    clear(askNote).append(h('span.muted', 'Thinking…'));
    let answer;
    try {
      answer = await api.post('/api/v1/ask', { question, sqlOnly: true });
    } catch (e) {
      clear(askNote).append(problemBox(e));
      askBtn.disabled = false;
      return;
    }
    editor.value = answer.sql;
    sessionStorage.setItem('assay.sql', answer.sql);
    clear(askNote).append(h('span#ask-meaning', answer.explanation), h('span.muted.small', ' · SQL from the question; edit it and run again'),
      ...(answer.notes || []).map((n) => h('div.muted.small', n)));
    askBtn.disabled = false;
    await run();
    const chartTab = document.getElementById('tab-chart');
    if (chartTab) chartTab.click();
  }

  runBtn.addEventListener('click', () => run());
  cancelBtn.addEventListener('click', async () => {
    if (!running || !running.job) return;
    cancelBtn.disabled = true;
    try { await api.post('/api/v1/jobs/' + encodeURIComponent(running.job.id) + '/cancel'); } catch (e) { toast(e.message, 'error'); }
  });
  saveBtn.addEventListener('click', saveDialog);

  function history() { try { return JSON.parse(localStorage.getItem(historyKey) || '[]'); } catch (e) { return []; } }
  function remember(entry) {
    const list = history().filter((x) => x.sql !== entry.sql);
    list.unshift(entry);
    localStorage.setItem(historyKey, JSON.stringify(list.slice(0, HISTORY_MAX)));
    renderHistory();
  }
  function renderHistory() {
    clear(sideHistory);
    const list = history();
    if (!list.length) { sideHistory.append(h('p.muted.small', 'Queries you run show here.')); return; }
    for (const e of list.slice(0, 20)) {
      sideHistory.append(h('button.side-item', { type: 'button', title: e.sql, on: { click: () => { editor.value = e.sql; editor.focus(); } } },
        h('span.side-sql', e.sql.replace(/\s+/g, ' ').slice(0, 80)),
        h('span.side-meta', (e.status === 'succeeded' ? fmtInt(e.rows) + ' rows · ' + fmtMs(e.ms) : e.status) + ' · ' + ago(e.at))));
    }
  }
  async function renderSaved() {
    clear(sideSaved);
    try {
      const page = await api.get('/api/v1/saved-queries' + api.qs({ limit: 100 }));
      if (!page.items.length) { sideSaved.append(h('p.muted.small', user.role === 'viewer' ? 'No saved queries.' : 'Save a query to keep it here.')); return; }
      for (const q of page.items) {
        sideSaved.append(h('div.side-row',
          h('button.side-item', { type: 'button', title: q.description || q.sql, on: { click: () => {
            editor.value = q.sql;
            // A query with parameters runs as saved, with values asked for here; the editor shows its SQL.
            if (q.parameters && q.parameters.length) runSaved(q); else editor.focus();
          } } },
            h('span.side-name', q.name), h('span.side-meta', q.description || q.sql.replace(/\s+/g, ' ').slice(0, 60))),
          user.name === q.owner || user.role === 'admin' ? h('button.icon-btn.small', { type: 'button', 'aria-label': 'Delete saved query ' + q.name, on: { click: async () => {
            if (!await confirmDanger('Delete “' + q.name + '”?', 'The saved query will be removed.')) return;
            try { await api.del('/api/v1/saved-queries/' + encodeURIComponent(q.id)); renderSaved(); } catch (e) { toast(e.message, 'error'); }
          } } }, '×') : null));
      }
    } catch (e) { sideSaved.append(problemBox(e)); }
  }
  function renderSchema() {
    clear(sideData);
    if (!datasets.length) { sideData.append(h('p.muted.small', 'No datasets you can read.')); return; }
    for (const d of datasets) {
      const det = h('details.tree', h('summary', h('span.tree-name', d.name), h('span.side-meta', fmtInt(d.rows))));
      det.addEventListener('toggle', async () => {
        if (!det.open || det.dataset.loaded) return;
        det.dataset.loaded = '1';
        const cols = await schema.columns(d.name);
        det.append(h('ul.tree-cols', cols.map((c) => h('li', h('button.tree-col', { type: 'button', on: { click: () => editor.insert(/^[a-z_][a-z0-9_]*$/.test(c.name) ? c.name : '"' + c.name + '"') } }, c.name), h('span.type', c.type)))));
      });
      det.querySelector('summary').addEventListener('dblclick', () => editor.insert(d.name));
      sideData.append(det);
    }
  }

  /** The names of the {{name}} placeholders in SQL, in order of first use (the server checks them again when saving). */
  function placeholders(sql) {
    return [...new Set([...sql.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]))];
  }

  async function saveDialog() {
    const nameIn = h('input#save-name', { placeholder: 'Weekly revenue', 'aria-label': 'Name' });
    const descIn = h('input#save-desc', { placeholder: 'optional', 'aria-label': 'Description' });
    const err = h('div');
    // Each {{name}} in the SQL is declared here: its type, a default, and whether a run must give it.
    const params = placeholders(editor.value).map((name) => ({
      name,
      type: h('select#save-type-' + name, { 'aria-label': name + ' type' }, ['text', 'number', 'date', 'boolean'].map((t) => h('option', { value: t }, t))),
      def: h('input#save-default-' + name, { placeholder: 'no default', 'aria-label': name + ' default' }),
      required: h('input#save-required-' + name, { type: 'checkbox', 'aria-label': name + ' required' }),
    }));
    const paramRows = params.length ? [h('fieldset.param-decl', h('legend', 'Parameters'),
      params.map((p) => h('div.param-row', h('code', '{{' + p.name + '}}'), p.type, p.def,
        h('label.check', p.required, ' required'))))] : [];
    const res = await dialog('Save query', [h('label', { for: 'save-name' }, 'Name'), nameIn, h('label', { for: 'save-desc' }, 'Description'), descIn,
      ...paramRows, err], [
      { label: 'Cancel', kind: 'ghost', result: false },
      { label: 'Save', kind: 'primary', value: async () => {
        try {
          const parameters = params.map((p) => ({ name: p.name, type: p.type.value, default: p.def.value === '' ? null : p.def.value,
            required: p.required.checked }));
          return await api.post('/api/v1/saved-queries', { name: nameIn.value.trim(), sql: editor.value, description: descIn.value.trim() || null,
            parameters });
        } catch (e) { clear(err).append(problemBox(e)); return false; }
      } },
    ]);
    if (res) { toast('Saved “' + res.name + '”', 'ok'); renderSaved(); }
  }

  /**
   * Saves the query as it is and a chart of it (a saved chart, listed on the Charts page and put on dashboards): the chart's
   * type and encodings start from the Chart tab's, when it was opened. The server runs it once to check them.
   */
  async function saveChartDialog(columns, enc) {
    const e = enc || {};
    const types = { line: 'line', bar: 'bar', scatter: 'scatter' };
    const sel = (id, label, options, value, none) => {
      const s = h('select#' + id, none ? h('option', { value: '' }, '—') : null, options.map((o) => h('option', { value: o, selected: o === value }, o)));
      return [h('label', { for: id }, label), s];
    };
    const names = columns.map((c) => c.name);
    const nameIn = h('input#chart-save-name', { placeholder: 'Revenue by region', maxlength: 200 });
    const [typeL, type] = sel('chart-save-type', 'Chart', ['bar', 'line', 'area', 'scatter', 'pie', 'table'], types[e.type] || 'bar');
    const [xL, x] = sel('chart-save-x', 'X', names, e.x || names[0], true);
    const [yL, y] = sel('chart-save-y', 'Y', names, e.y || names[1] || names[0], true);
    const [sL, series] = sel('chart-save-series', 'Series (optional)', names, e.color, true);
    const [aL, agg] = sel('chart-save-agg', 'Aggregate y per x', ['none', 'sum', 'avg', 'count', 'min', 'max'], e.aggregation || 'none');
    const err = h('div');
    const res = await dialog('Save as chart', [h('label', { for: 'chart-save-name' }, 'Name'), nameIn, typeL, type, xL, x, yL, y, sL, series, aL, agg, err], [
      { label: 'Cancel', kind: 'ghost', result: false },
      { label: 'Save', kind: 'primary', value: async () => {
        try {
          return await api.post('/api/v1/saved-charts', { name: nameIn.value.trim(), sql: editor.value,
            spec: { type: type.value, x: x.value || null, y: y.value ? [y.value] : [], series: series.value || null, aggregation: agg.value } });
        } catch (ex) { clear(err).append(problemBox(ex)); return false; }
      } },
    ]);
    if (res) toast('Saved the chart “' + res.name + '”: it is on the Charts page, ready for a dashboard.', 'ok');
  }

  /** Asks for the values of a saved query's parameters: an object by name, or null when cancelled. */
  async function savedValues(q) {
    const fields = q.parameters.map((p) => {
      const id = 'param-' + p.name;
      const hint = p.default !== null ? 'default ' + p.default : p.required ? 'required' : 'optional: empty is NULL';
      const input = p.type === 'boolean'
        ? h('select#' + id, h('option', { value: '' }, p.default !== null ? 'default (' + p.default + ')' : '—'), h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'))
        : h('input#' + id, { type: p.type === 'number' ? 'number' : p.type === 'date' ? 'date' : 'text', step: p.type === 'number' ? 'any' : null, placeholder: hint });
      return { p, input, label: h('label', { for: id }, p.name + ' (' + p.type + (p.required ? ', required' : '') + ')') };
    });
    const values = await dialog('Run “' + q.name + '”', fields.flatMap((f) => [f.label, f.input]), [
      { label: 'Cancel', kind: 'ghost', result: false },
      { label: 'Run', kind: 'primary', value: () => {
        const out = {};
        for (const f of fields) if (f.input.value !== '') out[f.p.name] = f.p.type === 'boolean' ? f.input.value === 'true' : f.input.value;
        return out;
      } },
    ]);
    return values || null;
  }

  /** Runs a saved query with values for its parameters (bound by the server, never put into the SQL) and shows its rows. */
  async function runSaved(q) {
    if (running) return;
    const values = await savedValues(q);
    if (!values) return;
    const started = performance.now();
    clear(status).append(h('span.spin', { 'aria-hidden': 'true' }), h('span', 'Running “' + q.name + '”…'));
    try {
      const first = await api.post('/api/v1/saved-queries/' + encodeURIComponent(q.id) + '/run', { params: values, pageSize: 1000 });
      const src = await resultSource(api, first.resultId, first);
      ctx.onLeave(() => { src.stopped = true; });
      clear(status).append(h('span.ok-text#query-summary', fmtInt(first.totalRows) + (first.totalRows === 1 ? ' row' : ' rows') + ' · '
        + fmtMs(performance.now() - started) + ' · ' + q.name));
      showResults(src, first.resultId);
      src.ensureAll();
    } catch (e) {
      clear(status).append(h('span.bad-text', 'Failed'));
      clear(results).append(h('div.query-error#query-error', problemBox(e)));
    }
  }

  async function run() {
    if (running) return;
    const sql = editor.value.trim();
    if (!sql) return;
    editor.markError(null);
    const names = placeholders(sql);
    if (names.length) {
      // {{name}} is a saved query's parameter, not SQL: say how to run it rather than send it to the engine.
      clear(status).append(h('span.warn-text#query-placeholders', 'Save the query to run it with values for '
        + names.map((n) => '{{' + n + '}}').join(', ') + ', or write values in their place.'));
      return;
    }
    const started = performance.now();
    running = { job: null };
    runBtn.disabled = true;
    cancelBtn.disabled = false;
    const tick = h('span', 'Running…');
    clear(status).append(h('span.spin', { 'aria-hidden': 'true' }), tick);
    const timer = setInterval(() => { tick.textContent = 'Running… ' + fmtMs(performance.now() - started); }, 200);
    let job;
    try {
      running.job = await api.post('/api/v1/query/jobs', { sql });
      job = await api.follow(running.job.id);
    } catch (e) {
      job = { status: 'failed', error: e.problem || { detail: e.message } };
    } finally {
      clearInterval(timer);
      running = null;
      runBtn.disabled = false;
      cancelBtn.disabled = true;
    }
    const ms = job.startedAt && job.finishedAt ? new Date(job.finishedAt) - new Date(job.startedAt) : performance.now() - started;
    if (job.status === 'cancelled') {
      clear(status).append(h('span.warn-text#query-cancelled', 'Cancelled after ' + fmtMs(performance.now() - started)));
      remember({ sql, at: new Date().toISOString(), status: 'cancelled' });
      return;
    }
    if (job.status !== 'succeeded') {
      const p = job.error || { detail: 'The query failed.' };
      const pos = p.details && p.details.line ? { line: Number(p.details.line), column: Number(p.details.column || 1) } : placeOfName(sql, p.detail || '');
      clear(status).append(h('span.bad-text', 'Failed'));
      clear(results).append(h('div.query-error#query-error', problemBox({ problem: p }, pos ? h('div.small.mono', 'Line ' + pos.line + ', column ' + pos.column) : null)));
      if (pos) editor.markError(pos);
      remember({ sql, at: new Date().toISOString(), status: 'failed' });
      return;
    }
    const resultId = job.result.resultId;
    clear(results).append(spinner('Loading rows…'));
    try {
      const first = await api.get('/api/v1/results/' + encodeURIComponent(resultId) + api.qs({ limit: 1000 }));
      const src = await resultSource(api, resultId, first);
      ctx.onLeave(() => { src.stopped = true; });
      clear(status).append(h('span.ok-text#query-summary', fmtInt(first.totalRows) + (first.totalRows === 1 ? ' row' : ' rows') + ' · ' + fmtMs(ms)));
      remember({ sql, at: new Date().toISOString(), status: 'succeeded', rows: first.totalRows, ms });
      showResults(src, resultId);
      src.ensureAll();
    } catch (e) {
      clear(results).append(problemBox(e));
    }
  }

  function showResults(src, resultId) {
    const loadedNote = h('span.muted.small#rows-loaded', src.describe());
    src.onProgress = () => { loadedNote.textContent = src.describe(); };
    const exportMenu = h('details.menu#export-menu', h('summary.btn.ghost.small', 'Export'), h('div.menu-list',
      [['csv', 'CSV'], ['xlsx', 'Excel (XLSX)'], ['ndjson', 'NDJSON']].map(([f, l]) =>
        h('a.menu-item', { href: '/api/v1/results/' + encodeURIComponent(resultId) + '?format=' + f, download: '', id: 'export-' + f }, l))));
    const tabGrid = h('button.tab#tab-results', { type: 'button', role: 'tab', 'aria-selected': 'true' }, 'Results');
    const tabChart = h('button.tab#tab-chart', { type: 'button', role: 'tab', 'aria-selected': 'false' }, 'Chart');
    const body = h('div.result-body');
    const grid = src.columns.length ? createGrid(src) : null;
    let chart = null;
    const select = async (which) => {
      tabGrid.setAttribute('aria-selected', String(which === 'grid'));
      tabChart.setAttribute('aria-selected', String(which === 'chart'));
      clear(body);
      if (which === 'grid') { body.append(grid ? grid.root : empty('No columns', '')); if (grid) grid.redraw(); return; }
      body.append(spinner('Preparing the chart…'));
      if (!chart) { await src.ensureAll(); chart = await chartPanel(src.columns, src.rows()); }
      clear(body).append(chart);
      window.dispatchEvent(new Event('resize'));
    };
    tabGrid.addEventListener('click', () => select('grid'));
    tabChart.addEventListener('click', () => select('chart'));
    const saveChart = user.role === 'viewer' ? null : h('button.btn.ghost.small#save-as-chart', { type: 'button',
      on: { click: () => saveChartDialog(src.columns, chart && chart.encodings) } }, 'Save as chart');
    clear(results).append(h('div.result-bar', h('div.tabs.small-tabs', { role: 'tablist' }, tabGrid, tabChart), loadedNote, saveChart, exportMenu), body);
    select('grid');
  }

  renderHistory();
  renderSaved();
  renderSchema();
  if (user.role === 'viewer') saveBtn.hidden = true;
  const side = h('aside.sql-side', { 'aria-label': 'Datasets, saved queries and history' },
    h('section', h('h2.side-title', 'Datasets'), sideData),
    h('section', h('h2.side-title', 'Saved'), sideSaved),
    h('section', h('h2.side-title', 'History'), sideHistory));
  const view = h('div.page.sql-page', { dataset: { title: 'SQL' } }, h('h1.sr-only', 'SQL'),
    h('div.sql-layout', side, h('div.sql-main',
      h('div.card.ask-card', askForm, askNote),
      h('div.card.editor-card', editor.root, h('div.toolbar', runBtn, cancelBtn, saveBtn, h('div.grow'), status)),
      h('div.card.results-card', results))));
  setTimeout(() => editor.focus(), 0);
  return view;
}
