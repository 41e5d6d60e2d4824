// #/charts (saved charts: list, search) and #/charts/ID (the chart from its kept result, refreshed on demand).
import * as api from './api.js';
import { h, clear, problemBox, empty, debounce, ago, badge, fmtTime } from './ui.js';
import { renderRun } from './dashrender.js';

const enc = encodeURIComponent;

export async function chartsView() {
  const search = h('input.search#charts-search', { type: 'search', placeholder: 'Search charts', 'aria-label': 'Search charts' });
  const list = h('div.card.table-card#charts-list');
  async function load() {
    try {
      const page = await api.get('/api/v1/saved-charts' + api.qs({ q: search.value.trim(), limit: 200 }));
      clear(list);
      if (!page.items.length) {
        list.append(empty(search.value.trim() ? 'No chart matches' : 'No saved charts yet', 'Run a query on the SQL page and save it as a chart.'));
        return;
      }
      list.append(h('div.table-scroll', h('table.table#charts-table',
        h('thead', h('tr', h('th', 'Name'), h('th', 'Type'), h('th.secondary', 'Owner'), h('th.secondary', 'Last run'), h('th', 'Access'))),
        h('tbody', page.items.map((c) => h('tr', { dataset: { chart: c.id } },
          h('td', h('a', { href: '#/charts/' + enc(c.id) }, c.name), c.description ? h('div.sub', c.description) : null),
          h('td', c.spec.type), h('td.secondary', c.owner), h('td.secondary', c.lastRunAt ? ago(c.lastRunAt) : '—'),
          h('td', badge(c.access, c.access === 'owner' ? 'info' : 'soft'))))))));
    } catch (e) {
      clear(list).append(problemBox(e));
    }
  }
  search.addEventListener('input', debounce(load, 250));
  load();
  return h('div.page', { dataset: { title: 'Charts' } },
    h('div.page-head', h('div', h('h1', 'Charts'), h('p.muted', 'Saved charts ("questions"): a query and how to draw it, with its last result kept.')), h('div.toolbar', search)),
    list);
}

export async function chartView(ctx, id) {
  const c = await api.get('/api/v1/saved-charts/' + enc(id));
  const grid = h('div#chart-grid');
  const status = h('p.sub#chart-status', { 'aria-live': 'polite' });
  async function run(refresh) {
    status.textContent = refresh ? 'Refreshing…' : 'Loading…';
    try {
      const r = await api.post('/api/v1/saved-charts/' + enc(c.id) + '/run', { refresh });
      renderRun(grid, { cards: [{ id: 'chart', type: 'chart', x: 0, y: 0, w: 12, h: 5, chartId: c.id, title: c.spec.title || c.name, result: r }] }, {});
      status.textContent = (r.cached ? 'Kept result of ' : 'Computed ') + fmtTime(r.computedAt) + ' · ' + r.rows.length + ' rows' + (r.truncated ? ' (truncated)' : '');
      status.dataset.cached = String(r.cached);
    } catch (e) {
      clear(grid).append(problemBox(e));
      status.textContent = '';
    }
  }
  run(false);
  return h('div.page', { dataset: { title: c.name } },
    h('nav.crumbs', { 'aria-label': 'Breadcrumb' }, h('a', { href: '#/charts' }, 'Charts'), ' / ', c.name),
    h('div.page-head', h('div', h('h1', c.name), c.description ? h('p.muted', c.description) : null, status),
      h('div.toolbar', h('button.btn#chart-refresh', { type: 'button', on: { click: () => run(true) } }, 'Refresh'))),
    grid,
    h('details.card.chart-sql', h('summary', 'Query'), h('pre.mono', c.sql || ('Saved query ' + c.savedQueryId))));
}
