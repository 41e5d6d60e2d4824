// A results grid that stays smooth at any row count: only the rows in view are in the DOM (virtual
// scrolling), pages are fetched as they are needed, and sorting works on the loaded rows.
import { h, clear, fmtInt } from './ui.js';

const ROW = 28;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL)/i;

export function isNumericType(t) { return NUMERIC.test(t || ''); }

/**
 * source: {columns, total, row(i) -> array|undefined, loaded() -> count of rows loaded from the start,
 * ensureAll() -> Promise}, onChange to listen for loads.
 */
export function createGrid(source) {
  const cols = source.columns;
  const numeric = cols.map((c) => isNumericType(c.type));
  const widths = cols.map((c, i) => {
    let w = Math.max(c.name.length, (c.type || '').length) * 8 + 36;
    for (let r = 0; r < Math.min(200, source.loaded()); r++) {
      const v = source.row(r)[i];
      w = Math.max(w, String(v === null ? 'NULL' : v).length * 7.4 + 24);
    }
    return Math.round(Math.min(360, Math.max(80, w)));
  });
  const template = '56px ' + widths.map((w) => w + 'px').join(' ');
  const totalWidth = 56 + widths.reduce((a, b) => a + b, 0);
  let order = null;
  let sort = { col: -1, dir: 0 };

  // A column header holds the button that sorts by it (a button cannot itself be a column header).
  const headCells = cols.map((c, i) => h('div.gh-cell' + (numeric[i] ? '.num' : ''), { role: 'columnheader', dataset: { col: String(i) } },
    h('button.gh-button', { type: 'button', title: 'Sort by ' + c.name, on: { click: () => sortBy(i) } },
      h('span.gh-name', c.name), h('span.gh-type', c.type), h('span.gh-sort', { 'aria-hidden': 'true' }))));
  const head = h('div.grid-head', { role: 'row', style: 'grid-template-columns:' + template + ';width:' + totalWidth + 'px' }, h('div.gh-cell.rownum', { role: 'columnheader' }, '#'), headCells);
  const rows = h('div.grid-rows');
  const spacer = h('div.grid-spacer', { style: 'width:' + totalWidth + 'px' }, rows);
  const scroller = h('div.grid-scroll', { tabindex: '0', role: 'grid', 'aria-rowcount': String(source.total), 'aria-colcount': String(cols.length + 1), 'aria-label': 'Query results' }, head, spacer);
  const root = h('div.grid#results-grid', scroller);

  function setHeight() { spacer.style.height = (source.total * ROW) + 'px'; }
  setHeight();

  let frame = 0;
  function draw() {
    frame = 0;
    const top = Math.max(0, scroller.scrollTop - 0);
    const view = scroller.clientHeight || 400;
    const first = Math.max(0, Math.floor(top / ROW) - 10);
    const last = Math.min(source.total, Math.ceil((top + view) / ROW) + 10);
    clear(rows);
    rows.style.transform = 'translateY(' + (first * ROW) + 'px)';
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) {
      const idx = order ? order[i] : i;
      const r = order || idx < source.loaded() ? source.row(idx) : undefined;
      const el = h('div.grid-row' + (i % 2 ? '.odd' : ''), { role: 'row', 'aria-rowindex': String(i + 1), style: 'grid-template-columns:' + template });
      el.append(h('div.gc.rownum', { role: 'rowheader' }, String(i + 1)));
      for (let c = 0; c < cols.length; c++) {
        if (!r) { el.append(h('div.gc.loading-cell', { role: 'gridcell' }, '…')); continue; }
        const v = r[c];
        el.append(v === null || v === undefined ? h('div.gc.null' + (numeric[c] ? '.num' : ''), { role: 'gridcell' }, 'NULL')
          : h('div.gc' + (numeric[c] ? '.num' : ''), { role: 'gridcell', title: String(v).length > 40 ? String(v) : null }, typeof v === 'number' && !Number.isInteger(v) ? String(Math.round(v * 1e6) / 1e6) : String(v)));
      }
      frag.append(el);
    }
    rows.append(frag);
  }
  const schedule = () => { if (!frame) frame = requestAnimationFrame(draw); };
  scroller.addEventListener('scroll', schedule, { passive: true });
  scroller.addEventListener('keydown', (e) => {
    const page = scroller.clientHeight - ROW * 2;
    const moves = { ArrowDown: ROW, ArrowUp: -ROW, PageDown: page, PageUp: -page };
    if (e.key in moves) { e.preventDefault(); scroller.scrollTop += moves[e.key]; }
    else if (e.key === 'Home' && e.ctrlKey) { scroller.scrollTop = 0; }
    else if (e.key === 'End' && e.ctrlKey) { scroller.scrollTop = scroller.scrollHeight; }
  });

  async function sortBy(i) {
    const dir = sort.col === i ? (sort.dir === 1 ? -1 : sort.dir === -1 ? 0 : 1) : 1;
    sort = { col: i, dir };
    headCells.forEach((c, j) => {
      c.querySelector('.gh-sort').textContent = j === i && dir ? (dir > 0 ? '▲' : '▼') : '';
      c.setAttribute('aria-sort', j === i && dir ? (dir > 0 ? 'ascending' : 'descending') : 'none');
    });
    if (!dir) { order = null; draw(); return; }
    root.classList.add('busy');
    await source.ensureAll();
    root.classList.remove('busy');
    const n = source.loaded();
    const idx = new Int32Array(n);
    for (let k = 0; k < n; k++) idx[k] = k;
    const num = numeric[i];
    const arr = Array.from(idx);
    arr.sort((a, b) => {
      const x = source.row(a)[i];
      const y = source.row(b)[i];
      if (x === null && y === null) return a - b;
      if (x === null) return 1;
      if (y === null) return -1;
      const c = num ? Number(x) - Number(y) : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
      return c * dir || a - b;
    });
    order = Int32Array.from(arr);
    draw();
  }

  source.onChange = () => { setHeight(); schedule(); };
  requestAnimationFrame(draw);
  return { root, redraw: schedule, sortBy };
}

/** A source over a kept result: the first page now, the rest in the background up to max rows. */
export async function resultSource(api, resultId, first, max = 200000) {
  const data = first.rows.slice();
  const src = {
    columns: first.columns,
    total: Math.min(first.totalRows, max),
    totalRows: first.totalRows,
    row: (i) => data[i],
    loaded: () => data.length,
    onChange: null,
    onProgress: null,
    stopped: false,
  };
  let next = first.nextCursor;
  let loading = null;
  const loadRest = async () => {
    while (next && data.length < max && !src.stopped) {
      const page = await api.get('/api/v1/results/' + encodeURIComponent(resultId) + api.qs({ cursor: next, limit: 5000 }));
      for (const r of page.rows) data.push(r);
      next = page.nextCursor;
      if (src.onChange) src.onChange();
      if (src.onProgress) src.onProgress(data.length, src.total);
    }
  };
  src.ensureAll = () => { if (!loading) loading = loadRest(); return loading; };
  src.rows = () => data;
  src.describe = () => fmtInt(data.length) + ' of ' + fmtInt(src.totalRows) + ' rows loaded';
  return src;
}
