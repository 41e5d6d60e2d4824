// #/jobs: running and recent jobs with progress; cancel.
import * as api from './api.js';
import { h, clear, fmtTime, fmtMs, ago, toast, problemBox, progressBar, empty, statusBadge, badge } from './ui.js';

export async function jobsView(ctx) {
  const table = h('div.card.table-card');
  const filter = h('select#jobs-filter', { 'aria-label': 'Show' }, [['', 'All jobs'], ['running', 'Running'], ['queued', 'Queued'], ['failed', 'Failed'], ['succeeded', 'Succeeded'], ['cancelled', 'Cancelled']].map(([v, l]) => h('option', { value: v }, l)));
  let timer = null;
  async function load() {
    try {
      const page = await api.get('/api/v1/jobs' + api.qs({ status: filter.value, limit: 100 }));
      clear(table);
      if (!page.items.length) { table.append(empty('No jobs', 'Imports, analyses and queries you start show here.')); return; }
      table.append(h('div.table-scroll', h('table.table#jobs-table', h('thead', h('tr', h('th.secondary', 'Kind'), h('th', 'What'), h('th', 'Status'), h('th', 'Progress'), h('th.secondary', 'By'), h('th.secondary', 'Started'), h('th.num.secondary', 'Took'), h('th.actions', h('span.sr-only', 'Actions')))),
        h('tbody', page.items.map((j) => {
          const live = j.status === 'running' || j.status === 'queued';
          const took = j.startedAt ? (j.finishedAt ? new Date(j.finishedAt) : new Date()) - new Date(j.startedAt) : null;
          return h('tr', { dataset: { job: j.id, status: j.status } },
            // A phone shows what, status, progress and cancel (the .secondary columns stay on wider screens).
            h('td.secondary', badge(j.kind, 'soft')),
            h('td.job-desc', { title: j.description }, j.description, j.error ? h('div.sub.bad-text', j.error.detail) : null),
            h('td', statusBadge(j.status)),
            h('td.progress-cell', live ? [progressBar(j.progress ? j.progress.fraction : -1, 'Progress of ' + j.description), j.progress ? h('div.sub', j.progress.stage) : null] : h('span.muted', '—')),
            h('td.secondary', j.owner), h('td.secondary', { title: fmtTime(j.startedAt || j.createdAt) }, ago(j.startedAt || j.createdAt)), h('td.num.secondary', fmtMs(took)),
            h('td.actions', live ? h('button.btn.ghost.small.danger-text', { type: 'button', 'aria-label': 'Cancel job ' + j.description, on: { click: async () => {
              try { await api.post('/api/v1/jobs/' + encodeURIComponent(j.id) + '/cancel'); toast('Cancelling…'); load(); } catch (e) { toast(e.message, 'error'); }
            } } }, 'Cancel') : null));
        })))));
      clearTimeout(timer);
      timer = setTimeout(load, page.items.some((j) => j.status === 'running' || j.status === 'queued') ? 1000 : 5000);
    } catch (e) {
      clear(table).append(problemBox(e));
    }
  }
  filter.addEventListener('change', load);
  ctx.onLeave(() => clearTimeout(timer));
  load();
  return h('div.page', { dataset: { title: 'Jobs' } }, h('div.page-head', h('div', h('h1', 'Jobs'), h('p.muted', 'Imports, analyses, queries and exports running in the background.')), filter), table);
}
