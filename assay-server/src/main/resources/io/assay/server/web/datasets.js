// #/datasets: the datasets the caller may read, with search and sort; upload; delete.
import * as api from './api.js';
import { h, clear, fmtInt, fmtBytes, ago, fmtTime, toast, problemBox, confirmDanger, progressBar, empty, badge, debounce, spinner } from './ui.js';

const SORTS = [['name', 'Name'], ['rows', 'Rows'], ['columns', 'Columns'], ['size', 'Size'], ['updated', 'Updated'], ['quality', 'Quality']];
/** Columns a phone leaves out (the dataset's page shows them): name, rows, quality and the actions fit its width. */
const SECONDARY = new Set(['columns', 'size', 'updated', 'owner']);
const cell = (key) => (key === 'name' ? '.name-cell' : '.num') + (SECONDARY.has(key) ? '.secondary' : '');

export function canWrite(user) { return user.role === 'admin' || user.role === 'analyst'; }

export function qualityBadge(score) {
  if (score === null || score === undefined) return h('span.muted', '—');
  const s = Math.round(score);
  return h('span.score.' + (s >= 85 ? 'ok' : s >= 65 ? 'warn' : 'bad'), { title: 'Quality score of the latest analysis' }, String(s));
}

export async function datasetsView(ctx) {
  const user = ctx.state.user;
  const prefs = JSON.parse(sessionStorage.getItem('assay.datasets') || '{"sort":"updated","order":"desc","q":""}');
  const search = h('input.search#dataset-search', { type: 'search', placeholder: 'Search datasets…', value: prefs.q, 'aria-label': 'Search datasets' });
  const list = h('div.card.table-card');
  const more = h('div.more');
  let cursor = null;

  const header = () => h('tr', SORTS.map(([key, label]) => {
    const active = prefs.sort === key;
    return h('th' + cell(key), { 'aria-sort': active ? (prefs.order === 'asc' ? 'ascending' : 'descending') : 'none' },
      h('button.sort', {
        type: 'button', dataset: { sort: key },
        on: { click: () => { prefs.order = active && prefs.order === 'asc' ? 'desc' : (active ? 'asc' : (key === 'name' ? 'asc' : 'desc')); prefs.sort = key; load(); } },
      }, label, h('span.sort-mark', { 'aria-hidden': 'true' }, active ? (prefs.order === 'asc' ? '▲' : '▼') : '')));
  }), h('th.secondary', 'Owner'), h('th.actions', h('span.sr-only', 'Actions')));

  const row = (d) => h('tr', { dataset: { dataset: d.name } },
    h('td' + cell('name'), h('a.ds-link', { href: '#/datasets/' + encodeURIComponent(d.name) }, d.name), h('div.sub', d.format + ' · ' + d.source)),
    h('td' + cell('rows'), fmtInt(d.rows)), h('td' + cell('columns'), fmtInt(d.columns)),
    h('td' + cell('size'), { title: sizeTitle(d) }, sizeText(d)),
    h('td' + cell('updated'), { title: fmtTime(d.updatedAt) }, ago(d.updatedAt)),
    h('td' + cell('quality'), qualityBadge(d.qualityScore)),
    h('td.secondary', d.owner || h('span.muted', 'system')),
    h('td.actions', d.access === 'write' && canWrite(user) ? h('button.btn.ghost.small.danger-text', {
      type: 'button', 'aria-label': 'Delete ' + d.name,
      on: {
        click: async () => {
          if (!await confirmDanger('Delete ' + d.name + '?', 'The dataset ' + d.name + ' (' + fmtInt(d.rows) + ' rows) and its analyses will be removed. This cannot be undone.')) return;
          try { await api.del('/api/v1/datasets/' + encodeURIComponent(d.name)); toast('Deleted ' + d.name, 'ok'); load(); } catch (e) { toast(e.message, 'error'); }
        },
      },
    }, 'Delete') : null));

  async function load(append = false) {
    sessionStorage.setItem('assay.datasets', JSON.stringify(prefs));
    if (!append) { cursor = null; clear(list).append(spinner()); }
    try {
      const page = await api.get('/api/v1/datasets' + api.qs({ q: prefs.q, sort: prefs.sort, order: prefs.order, limit: 100, cursor }));
      let tbody = list.querySelector('tbody');
      if (!append || !tbody) {
        clear(list);
        if (page.items.length === 0) {
          list.append(prefs.q ? empty('No dataset matches “' + prefs.q + '”', 'Try another search.')
            : empty('No datasets yet', canWrite(user) ? 'Drop a CSV, JSON, Parquet or Excel file above to import it.' : 'Ask an analyst to share a dataset with you.'));
          clear(more);
          return;
        }
        tbody = h('tbody');
        list.append(h('div.table-scroll', h('table.table#datasets-table', h('thead', header()), tbody)));
      }
      page.items.forEach((d) => tbody.append(row(d)));
      cursor = page.nextCursor;
      clear(more);
      if (cursor) more.append(h('button.btn.ghost', { type: 'button', on: { click: () => load(true) } }, 'Show more'));
    } catch (e) {
      clear(list).append(problemBox(e));
    }
  }

  search.addEventListener('input', debounce(() => { prefs.q = search.value.trim(); load(); }, 250));

  const page = h('div.page', { dataset: { title: 'Datasets' } },
    h('div.page-head', h('div', h('h1', 'Datasets'), h('p.muted', 'Tables you can query and analyse.')), search),
    canWrite(user) ? uploader(ctx, () => load()) : null,
    list, more);
  load();
  return page;
}

/**
 * A dataset's size as its user knows it: the file it was imported from; else, for a table made in the warehouse (the demo
 * data, a query's result), the space the engine reports; unknown is a dash, never "0 B". The engine's figure is in whole
 * blocks, so a small file would read 512 KB: it is only the fallback.
 */
export function sizeText(d) {
  if (d.sourceBytes > 0) return fmtBytes(d.sourceBytes);
  if (d.storedBytes > 0) return fmtBytes(d.storedBytes);
  return '—';
}

export function sizeTitle(d) {
  if (d.sourceBytes > 0) return 'Size of the imported file' + (d.storedBytes > 0 ? '; ' + fmtBytes(d.storedBytes) + ' in the warehouse' : '');
  return d.storedBytes > 0 ? 'Space in the warehouse' : 'Size unknown';
}

function uploader(ctx, onDone) {
  // Reached through the drop zone (a button), so not a tab stop of its own.
  const file = h('input#upload-file.visually-hidden', { type: 'file', accept: '.csv,.tsv,.txt,.json,.ndjson,.jsonl,.parquet,.xlsx',
    tabindex: '-1', 'aria-label': 'File to import' });
  const chosen = h('span.chosen.muted#dropzone-chosen', 'No file chosen');
  const name = h('input#upload-name', { placeholder: 'from the file name', 'aria-label': 'Dataset name' });
  const delimiter = h('select#upload-delimiter', { 'aria-label': 'Delimiter' },
    [['', 'Detect'], [',', 'Comma ,'], [';', 'Semicolon ;'], ['\t', 'Tab'], ['|', 'Pipe |']].map(([v, l]) => h('option', { value: v }, l)));
  const header = h('select#upload-header', { 'aria-label': 'Header row' }, [['', 'Detect'], ['true', 'Yes'], ['false', 'No']].map(([v, l]) => h('option', { value: v }, l)));
  const sheet = h('input#upload-sheet', { placeholder: 'first', 'aria-label': 'Sheet (Excel)' });
  const mode = h('select#upload-mode', { 'aria-label': 'If it exists' }, [['create', 'Create new'], ['replace', 'Replace'], ['append', 'Append']].map(([v, l]) => h('option', { value: v }, l)));
  const skip = h('input#upload-skip', { type: 'checkbox' });
  const status = h('div.upload-status', { 'aria-live': 'polite' });
  const go = h('button.btn.primary#upload-start', { type: 'button', disabled: true }, 'Import');
  let picked = null;

  const pick = (f) => {
    picked = f;
    chosen.textContent = f ? f.name + ' · ' + fmtBytes(f.size) : 'No file chosen';
    chosen.classList.toggle('muted', !f);
    go.disabled = !f;
    clear(status);
  };
  file.addEventListener('change', () => pick(file.files[0] || null));
  // Named by its visible words (what a speech user says to press it); the formats and the chosen file describe it.
  const zone = h('div.dropzone#dropzone', { tabindex: '0', role: 'button', 'aria-labelledby': 'dropzone-title', 'aria-describedby': 'dropzone-formats dropzone-chosen' },
    h('div.drop-icon', { 'aria-hidden': 'true' }, '⇪'),
    h('div#dropzone-title', h('strong', 'Drop a file here'), ' or ', h('span.link', 'choose one')),
    h('div.muted.small#dropzone-formats', 'CSV, TSV, JSON, NDJSON, Parquet or Excel' + (ctx.state.info ? ' · up to ' + fmtBytes(ctx.state.info.limits.maxUploadBytes) : '')),
    chosen);
  zone.addEventListener('click', () => file.click());
  zone.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); file.click(); } });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); if (e.dataTransfer.files.length) pick(e.dataTransfer.files[0]); });

  go.addEventListener('click', async () => {
    if (!picked) return;
    go.disabled = true;
    clear(status);
    const bar = progressBar(0, 'Upload progress');
    const label = h('div.small.muted', 'Uploading…');
    status.append(label, bar);
    const params = { name: name.value.trim(), mode: mode.value, skipBadRows: skip.checked ? 'true' : '' };
    if (delimiter.value) params['option.delimiter'] = delimiter.value;
    if (header.value) params['option.header'] = header.value;
    if (sheet.value.trim()) params['option.sheet'] = sheet.value.trim();
    try {
      const job = await api.upload(picked, params, (f, loaded, total) => { bar.set(f); label.textContent = 'Uploading… ' + fmtBytes(loaded) + ' of ' + fmtBytes(total); });
      label.textContent = 'Importing…';
      bar.set(-1);
      const done = await api.follow(job.id, (j) => {
        if (j.progress) { bar.set(j.progress.fraction); label.textContent = 'Importing · ' + j.progress.stage; }
      });
      if (done.status === 'succeeded') {
        const r = done.result || {};
        pick(null);
        file.value = '';
        clear(status).append(h('div.ok-box', '✓ Imported ', h('a', { href: '#/datasets/' + encodeURIComponent(r.dataset) }, r.dataset), ' · ',
          fmtInt(r.rowsLoaded) + ' rows' + (r.rejectedRows ? ', ' + fmtInt(r.rejectedRows) + ' bad rows skipped' : '')));
        toast('Imported ' + r.dataset, 'ok');
        onDone();
      } else {
        clear(status).append(problemBox({ problem: done.error || { detail: 'The import was ' + done.status + '.' } },
          done.error && done.error.details && done.error.details.line ? h('div.small', 'At line ' + done.error.details.line
            + (done.error.details.column ? ', column ' + done.error.details.column : '') + '. Tick “Skip bad rows” to import the rest.') : null));
      }
    } catch (e) {
      clear(status).append(problemBox(e));
    } finally {
      go.disabled = !picked;
    }
  });

  const field = (label, input, hint) => h('div.field', h('label', { for: input.id }, label), input, hint ? h('div.hint', hint) : null);
  return h('section.card.upload#upload', { 'aria-label': 'Import a file' },
    h('div.upload-grid', zone, h('div.upload-options',
      h('div.options-grid', field('Name', name), field('If it exists', mode), field('Delimiter', delimiter), field('Header row', header), field('Sheet', sheet, 'Excel only')),
      h('label.check', skip, ' Skip bad rows (keep them aside as rejects)'),
      h('div.row-end', go))), file, status);
}
