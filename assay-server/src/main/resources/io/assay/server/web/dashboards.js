// #/dashboards (list, search, new), #/dashboards/ID (the dashboard: filters, cross-filter, drill-down, auto-refresh, full
// screen, export, share) and #/dashboards/ID/edit (cards on the 12-column grid, filters, save).
import * as api from './api.js';
import { h, clear, toast, problemBox, dialog, confirmDanger, empty, spinner, debounce, ago, badge } from './ui.js';
import { renderRun, place, tableBody, COLUMNS, ROW_PX, GAP_PX, markdown } from './dashrender.js';

const enc = encodeURIComponent;
const FILTER_TYPES = [['category', 'Category (text)'], ['number', 'Number'], ['date_range', 'Date range']];

// ---- list

export async function dashboardsView(ctx) {
  const canMake = ctx.state.user.role !== 'viewer';
  const search = h('input.search#dash-search', { type: 'search', placeholder: 'Search dashboards', 'aria-label': 'Search dashboards' });
  const list = h('div.card.table-card#dash-list');
  async function load() {
    try {
      const page = await api.get('/api/v1/dashboards' + api.qs({ q: search.value.trim(), limit: 200 }));
      clear(list);
      if (!page.items.length) {
        list.append(empty(search.value.trim() ? 'No dashboard matches' : 'No dashboards yet',
          canMake ? 'Make one from your saved charts: New dashboard.' : 'Dashboards shared with you show here.'));
        return;
      }
      list.append(h('div.table-scroll', h('table.table#dashboards-table',
        h('thead', h('tr', h('th', 'Name'), h('th.secondary', 'Owner'), h('th.secondary', 'Cards'), h('th.secondary', 'Changed'), h('th', 'Access'))),
        h('tbody', page.items.map((d) => h('tr', { dataset: { dashboard: d.id } },
          h('td', h('a', { href: '#/dashboards/' + enc(d.id) }, d.name), d.description ? h('div.sub', d.description) : null),
          h('td.secondary', d.owner), h('td.secondary', String(d.cards.length)), h('td.secondary', ago(d.updatedAt)),
          h('td', badge(d.access, d.access === 'owner' ? 'info' : 'soft'))))))));
    } catch (e) {
      clear(list).append(problemBox(e));
    }
  }
  search.addEventListener('input', debounce(load, 250));
  const make = canMake ? h('button.btn.primary#dash-new', { type: 'button', on: { click: () => newDashboard() } }, 'New dashboard') : null;
  load();
  return h('div.page', { dataset: { title: 'Dashboards' } },
    h('div.page-head', h('div', h('h1', 'Dashboards'), h('p.muted', 'Saved charts, text and KPIs on one page, with filters.')), h('div.toolbar', search, make)),
    list);
}

async function newDashboard() {
  const name = h('input#new-dash-name', { required: true, maxlength: 200, autocomplete: 'off' });
  const error = h('div.form-error', { 'aria-live': 'assertive' });
  const made = await dialog('New dashboard', h('div', h('div.field', h('label', { for: 'new-dash-name' }, 'Name'), name), error), [
    { label: 'Cancel', kind: 'ghost', result: false },
    { label: 'Create', kind: 'primary', value: async () => {
      clear(error);
      try { return await api.post('/api/v1/dashboards', { name: name.value.trim(), cards: [], filters: [] }); } catch (e) { error.append(problemBox(e)); return false; }
    } },
  ]);
  if (made && made.id) location.hash = '#/dashboards/' + enc(made.id) + '/edit';
}

// ---- the dashboard

/** Charts by id (name, spec) as far as the caller may see them: titles, and which x a click filters or drills by. */
async function chartsOf(cards) {
  const out = {};
  const ids = [...new Set(cards.filter((c) => c.chartId).map((c) => c.chartId))];
  await Promise.all(ids.map(async (id) => {
    try { out[id] = await api.get('/api/v1/saved-charts/' + enc(id)); } catch (e) { /* a chart shared through the dashboard only */ }
  }));
  return out;
}

function filterInput(f, value, onChange) {
  const id = 'filter-' + f.name;
  const label = f.name.replace(/_/g, ' ');
  if (f.type === 'date_range') {
    const from = h('input#' + id + '-from', { type: 'date', value: value[0] || '', 'aria-label': label + ' from' });
    const to = h('input#' + id + '-to', { type: 'date', value: value[1] || '', 'aria-label': label + ' to' });
    const changed = () => onChange([from.value || null, to.value || null]);
    from.addEventListener('change', changed);
    to.addEventListener('change', changed);
    return h('div.field.compact.dash-filter', { dataset: { filter: f.name } }, h('span.filter-label', label), h('div.range', from, h('span.muted', '–'), to));
  }
  const input = h('input#' + id, { type: f.type === 'number' ? 'number' : 'text', value: value[0] === null || value[0] === undefined ? '' : String(value[0]),
    step: f.type === 'number' ? 'any' : undefined, placeholder: 'All' });
  input.addEventListener('change', () => onChange([input.value === '' ? null : input.value]));
  return h('div.field.compact.dash-filter', { dataset: { filter: f.name } }, h('label', { for: id }, label), input);
}

export async function dashboardView(ctx, id) {
  const d = await api.get('/api/v1/dashboards/' + enc(id));
  // Each card's chart (name, x, series) as the last run answered it: what a click filters or drills by.
  const charts = {};
  const values = {};
  for (const f of d.filters) values[f.name] = (f.default || []).slice();
  let cross = null; // { filter, value, before }
  const grid = h('div#dash-grid');
  const status = h('p.sub#dash-status', { 'aria-live': 'polite' });
  const filterBar = h('div.dash-filters#dash-filters');
  const chips = h('div.chips#dash-chips');
  const drill = h('section.card.drill#dash-drill', { hidden: true, 'aria-label': 'Rows behind a point' });
  const pointBar = h('div.point-actions#point-actions', { hidden: true, role: 'group', 'aria-label': 'The point clicked' });
  let runNo = 0;

  function filterPayload() {
    const out = {};
    for (const f of d.filters) {
      const v = values[f.name] || [];
      if (v.some((x) => x !== null && x !== undefined && x !== '')) out[f.name] = f.type === 'date_range' ? v : v[0];
    }
    return out;
  }

  function drawFilters() {
    clear(filterBar);
    for (const f of d.filters) filterBar.append(filterInput(f, values[f.name] || [], (v) => { values[f.name] = v; if (cross && cross.filter === f.name) cross = null; run(false); }));
    clear(chips);
    if (cross) {
      chips.append(h('span.chip.cross-chip#cross-chip', 'Filtered by ' + cross.filter + ' = ' + cross.value,
        h('button.chip-x#cross-chip-remove', { type: 'button', 'aria-label': 'Remove the filter ' + cross.filter + ' = ' + cross.value, on: { click: () => {
          values[cross.filter] = cross.before;
          cross = null;
          run(false);
        } } }, '×')));
    }
    exportPdf.href = exportHref('pdf');
    exportPng.href = exportHref('png');
  }

  function exportHref(format) {
    const q = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(filterPayload())) q.set('filter.' + k, Array.isArray(v) ? v.map((x) => x || '').join(',') : String(v));
    return '/api/v1/dashboards/' + enc(d.id) + '/export?' + q.toString();
  }

  /** The filter a click on a chart with this x sets: a category or number filter named as the x, or bound to a parameter so named. */
  function crossFilterFor(card) {
    const chart = charts[card.chartId];
    if (!chart || !chart.x) return null;
    const x = chart.x;
    return d.filters.find((f) => f.type !== 'date_range' && (f.name === x || f.parameters.includes(x))) || null;
  }

  function onPoint(card, point) {
    const chart = charts[card.chartId];
    const x = chart ? chart.x : null;
    const f = crossFilterFor(card);
    clear(pointBar).hidden = false;
    pointBar.append(h('span', h('strong', (x || 'value') + ' = ' + point.value),  ' in ' + (card.title || (chart ? chart.name : 'the chart'))),
      f ? h('button.btn.small.primary#point-filter', { type: 'button', on: { click: () => {
        cross = { filter: f.name, value: point.value, before: cross && cross.filter === f.name ? cross.before : (values[f.name] || []).slice() };
        values[f.name] = [String(point.value)];
        pointBar.hidden = true;
        run(false);
      } } }, 'Filter the dashboard by ' + f.name) : null,
      x ? h('button.btn.small#point-drill', { type: 'button', on: { click: () => { pointBar.hidden = true; showRows(card, x, point.value); } } }, 'Show the rows') : null,
      h('button.btn.small.ghost', { type: 'button', on: { click: () => { pointBar.hidden = true; } } }, 'Close'));
    const first = pointBar.querySelector('button');
    if (first) first.focus();
  }

  async function showRows(card, column, value) {
    drill.hidden = false;
    clear(drill).append(h('div.drill-head', h('h2', 'Rows where ' + column + ' = ' + value),
      h('button.btn.small.ghost#drill-close', { type: 'button', on: { click: () => { drill.hidden = true; } } }, 'Close')), spinner('Running…'));
    try {
      const r = await api.post('/api/v1/dashboards/' + enc(d.id) + '/cards/' + enc(card.id) + '/rows', { filters: filterPayload(), where: { [column]: value } });
      drill.lastChild.remove();
      drill.append(h('p.sub#drill-count', r.rows.length + (r.truncated ? '+ rows (the first ' + r.rows.length + ')' : ' rows') + ', as your grants allow.'), tableBody(r));
      drill.querySelector('table').id = 'drill-table';
      drill.scrollIntoView({ block: 'nearest' });
    } catch (e) {
      drill.lastChild.remove();
      drill.append(problemBox(e));
    }
  }

  async function run(refresh) {
    const no = ++runNo;
    drawFilters();
    status.textContent = 'Running…';
    try {
      const r = await api.post('/api/v1/dashboards/' + enc(d.id) + '/run', { filters: filterPayload(), refresh });
      if (no !== runNo) return;
      for (const c of r.cards) if (c.chart) charts[c.chartId] = c.chart;
      renderRun(grid, r, { onPoint });
      grid.dataset.run = String(no);
      status.textContent = 'Updated ' + new Date().toLocaleTimeString('en-GB') + (Object.keys(filterPayload()).length
        ? ' · filters: ' + Object.entries(filterPayload()).map(([k, v]) => k + ' = ' + (Array.isArray(v) ? v.map((x) => x || '…').join(' to ') : v)).join(', ') : '');
    } catch (e) {
      if (no !== runNo) return;
      clear(grid).append(problemBox(e));
      status.textContent = '';
    }
  }

  // Auto-refresh, full screen, export, share, edit.
  let timer = null;
  const refreshSelect = h('select#dash-autorefresh', { 'aria-label': 'Auto-refresh' },
    [['0', 'Auto-refresh: off'], ['60', 'Every minute'], ['300', 'Every 5 minutes'], ['900', 'Every 15 minutes']].map(([v, l]) => h('option', { value: v }, l)));
  refreshSelect.addEventListener('change', () => {
    clearInterval(timer);
    timer = null;
    const s = Number(refreshSelect.value);
    if (s > 0) timer = setInterval(() => run(true), s * 1000);
  });
  ctx.onLeave(() => { clearInterval(timer); if (document.fullscreenElement) document.exitFullscreen().catch(() => {}); });
  const page = h('div.page.dash-page', { dataset: { title: d.name } });
  const fullBtn = h('button.btn.ghost#dash-fullscreen', { type: 'button', on: { click: () => {
    if (document.fullscreenElement) document.exitFullscreen(); else page.requestFullscreen().catch((e) => toast('Full screen is not available: ' + e.message, 'error'));
  } } }, 'Full screen');
  const exportPdf = h('a.btn.ghost#dash-export-pdf', { download: '', href: '#' }, 'Export PDF');
  const exportPng = h('a.btn.ghost#dash-export-png', { download: '', href: '#' }, 'Export PNG');
  const actions = h('div.toolbar.dash-actions',
    h('button.btn.ghost#dash-refresh', { type: 'button', on: { click: () => run(true) } }, 'Refresh'), refreshSelect, fullBtn, exportPdf, exportPng,
    d.access === 'owner' ? h('button.btn#dash-share', { type: 'button', on: { click: () => shareDialog(d) } }, 'Share') : null,
    d.access !== 'read' ? h('a.btn.primary#dash-edit', { href: '#/dashboards/' + enc(d.id) + '/edit' }, 'Edit') : null);
  page.append(
    h('nav.crumbs', { 'aria-label': 'Breadcrumb' }, h('a', { href: '#/dashboards' }, 'Dashboards'), ' / ', d.name),
    h('div.page-head', h('div', h('h1', d.name), d.description ? h('p.muted', d.description) : null, status), actions),
    d.filters.length ? h('div.card.dash-filter-card', h('h2.sr-only', 'Filters'), filterBar, chips) : h('div', chips),
    pointBar, grid, drill);
  run(false);
  return page;
}

// ---- sharing

async function shareDialog(d) {
  const grants = h('ul.share-list#share-grants');
  const links = h('ul.share-list#share-links');
  const kind = h('select#share-kind', { 'aria-label': 'Share with' }, [['user', 'A user'], ['role', 'A role'], ['everyone', 'Everyone']].map(([v, l]) => h('option', { value: v }, l)));
  const who = h('input#share-who', { placeholder: 'user name', 'aria-label': 'User name', autocomplete: 'off' });
  const role = h('select#share-role', { 'aria-label': 'Role', hidden: true }, ['viewer', 'analyst', 'admin'].map((r) => h('option', { value: r }, r)));
  const access = h('select#share-access', { 'aria-label': 'Access' }, h('option', { value: 'read' }, 'can view'), h('option', { value: 'write' }, 'can edit'));
  kind.addEventListener('change', () => { who.hidden = kind.value !== 'user'; role.hidden = kind.value !== 'role'; });
  const error = h('div.form-error', { 'aria-live': 'assertive' });
  const expiry = h('select#link-expiry', { 'aria-label': 'The link expires after' },
    [['86400', '1 day'], ['604800', '7 days'], ['2592000', '30 days'], ['7776000', '90 days']].map(([v, l]) => h('option', { value: v, selected: v === '604800' }, l)));
  const made = h('div.link-made#link-made');

  async function loadGrants() {
    try {
      const r = await api.get('/api/v1/dashboards/' + enc(d.id) + '/grants');
      clear(grants);
      if (!r.items.length) grants.append(h('li.muted', 'Only you (and admins) can see it.'));
      for (const g of r.items) {
        const label = g.grantee === '*' ? 'everyone' : g.grantee;
        grants.append(h('li', { dataset: { grantee: g.grantee } }, h('span', label + ' · ' + (g.access === 'write' ? 'can edit' : 'can view')),
          h('button.btn.small.ghost.danger-text', { type: 'button', 'aria-label': 'Stop sharing with ' + label, on: { click: async () => {
            try { await api.del('/api/v1/dashboards/' + enc(d.id) + '/grants/' + enc(g.grantee)); loadGrants(); } catch (e) { clear(error).append(problemBox(e)); }
          } } }, 'Revoke')));
      }
    } catch (e) { clear(grants).append(h('li', problemBox(e))); }
  }
  async function loadLinks() {
    try {
      const r = await api.get('/api/v1/dashboards/' + enc(d.id) + '/links');
      clear(links);
      if (!r.items.length) links.append(h('li.muted', 'No public links.'));
      for (const l of r.items) {
        const live = !l.revokedAt && new Date(l.expiresAt) > new Date();
        links.append(h('li', { dataset: { link: l.id } },
          h('span', 'Made ' + ago(l.createdAt) + ' by ' + l.createdBy + ' · ' + (l.revokedAt ? 'revoked' : live ? 'expires ' + new Date(l.expiresAt).toLocaleString('en-GB') : 'expired')),
          live ? h('button.btn.small.ghost.danger-text', { type: 'button', 'aria-label': 'Revoke the link made ' + ago(l.createdAt), on: { click: async () => {
            try { await api.del('/api/v1/dashboards/' + enc(d.id) + '/links/' + enc(l.id)); loadLinks(); } catch (e) { clear(error).append(problemBox(e)); }
          } } }, 'Revoke') : null));
      }
    } catch (e) { clear(links).append(h('li', problemBox(e))); }
  }
  const body = h('div.share',
    h('h3', 'People and roles'),
    h('div.inline-form', kind, who, role, access, h('button.btn.primary#share-add', { type: 'button', on: { click: async () => {
      clear(error);
      const grantee = kind.value === 'everyone' ? '*' : kind.value === 'role' ? 'role:' + role.value : who.value.trim();
      try { await api.put('/api/v1/dashboards/' + enc(d.id) + '/grants/' + enc(grantee), { access: access.value }); who.value = ''; loadGrants(); toast('Shared.', 'ok'); } catch (e) { error.append(problemBox(e)); }
    } } }, 'Share')),
    h('p.sub', 'Sharing a dashboard never shares data: each reader sees only the rows their own dataset grants allow.'),
    grants,
    h('h3', 'Public link'),
    h('p.sub', 'A read-only link anyone can open without signing in; it shows the dashboard with its default filters, as you see it.'),
    h('div.inline-form', h('label', { for: 'link-expiry' }, 'Expires after'), expiry, h('button.btn#link-create', { type: 'button', on: { click: async () => {
      clear(error);
      try {
        const l = await api.post('/api/v1/dashboards/' + enc(d.id) + '/links', { expiresInSeconds: Number(expiry.value) });
        const url = location.origin + l.pageUrl;
        const input = h('input#link-url', { readonly: true, value: url, 'aria-label': 'The public link' });
        clear(made).append(h('div.inline-form', input, h('button.btn.small#link-copy', { type: 'button', on: { click: async () => {
          input.select();
          try { await navigator.clipboard.writeText(url); toast('Link copied.', 'ok'); } catch (e) { document.execCommand('copy'); toast('Link copied.', 'ok'); }
        } } }, 'Copy')), h('p.sub', 'Shown once: copy it now. It expires ' + new Date(l.expiresAt).toLocaleString('en-GB') + '.'));
        loadLinks();
      } catch (e) { error.append(problemBox(e)); }
    } } }, 'Create link')),
    made, links, error);
  loadGrants();
  loadLinks();
  await dialog('Share ' + d.name, body, [{ label: 'Done', kind: 'primary', result: true }]);
}

// ---- edit

function overlaps(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

export async function dashboardEditView(ctx, id) {
  const d = await api.get('/api/v1/dashboards/' + enc(id));
  if (d.access === 'read') throw new api.ApiError({ detail: 'You may view dashboard "' + d.name + '" but not change it.', code: 'FORBIDDEN' }, 403);
  const draft = { name: d.name, description: d.description, cards: d.cards.map((c) => ({ ...c })), filters: d.filters.map((f) => ({ ...f, parameters: f.parameters.slice(), default: (f.default || []).slice() })) };
  const mine = await api.get('/api/v1/saved-charts?limit=200');
  const charts = Object.fromEntries(mine.items.map((c) => [c.id, c]));
  Object.assign(charts, await chartsOf(draft.cards.filter((c) => !charts[c.chartId])));
  const grid = h('div.dash-grid.editing#edit-grid');
  const filtersBox = h('div#edit-filters');
  const error = h('div.form-error#edit-error', { 'aria-live': 'assertive' });
  const name = h('input#edit-name', { value: draft.name, maxlength: 200, 'aria-label': 'Dashboard name' });
  const description = h('input#edit-description', { value: draft.description || '', maxlength: 2000, placeholder: 'What it shows', 'aria-label': 'Description' });
  let counter = draft.cards.length;

  async function parametersOf(chart) {
    if (chart.savedQueryId) {
      try { return (await api.get('/api/v1/saved-queries/' + enc(chart.savedQueryId))).parameters || []; } catch (e) { return []; }
    }
    return chart.parameters || [];
  }
  async function declared() {
    const out = new Map();
    for (const c of draft.cards) {
      const chart = c.chartId && charts[c.chartId];
      if (chart) for (const p of await parametersOf(chart)) if (!out.has(p.name)) out.set(p.name, p.type);
    }
    return out;
  }

  function nextSlot(w, hgt) {
    const bottom = draft.cards.reduce((m, c) => Math.max(m, c.y + c.h), 0);
    for (let y = 0; y <= bottom; y++) {
      for (let x = 0; x + w <= COLUMNS; x++) {
        const c = { x, y, w, h: hgt };
        if (!draft.cards.some((o) => overlaps(c, o))) return c;
      }
    }
    return { x: 0, y: bottom, w, h: hgt };
  }

  /** Moves or resizes a card when the new place is on the grid and free; answers whether it did. */
  function setPlace(card, p) {
    const n = { x: Math.max(0, p.x), y: Math.max(0, p.y), w: Math.max(1, Math.min(COLUMNS, p.w)), h: Math.max(1, Math.min(100, p.h)) };
    if (n.x + n.w > COLUMNS) n.x = COLUMNS - n.w;
    if (draft.cards.some((o) => o !== card && overlaps(n, o))) return false;
    Object.assign(card, n);
    return true;
  }

  function drawCards() {
    clear(grid);
    for (const card of draft.cards) {
      const chart = card.chartId ? charts[card.chartId] : null;
      const label = card.title || (chart ? chart.name : card.type === 'text' ? 'Text' : 'Chart');
      const posText = h('span.sub.pos', 'x ' + card.x + ', y ' + card.y + ', ' + card.w + '×' + card.h);
      const move = (dx, dy, dw, dh, what) => h('button.icon-btn.small', { type: 'button', 'aria-label': what + ' ' + label, title: what,
        on: { click: () => { if (setPlace(card, { x: card.x + dx, y: card.y + dy, w: card.w + dw, h: card.h + dh })) { drawCards(); focusCard(card.id, what); } else toast('There is no room there.', 'error'); } } },
      { 'Move left': '←', 'Move right': '→', 'Move up': '↑', 'Move down': '↓', Narrower: '⇤', Wider: '⇥', Shorter: '⤒', Taller: '⤓' }[what]);
      const el = h('section.dash-card.card.edit-card', { dataset: { card: card.id, type: card.type }, 'aria-label': label },
        h('div.dash-card-head.drag-handle', { title: 'Drag to move' }, h('h2.dash-card-title', label), badge(card.type, 'soft'), posText),
        h('div.edit-body', card.type === 'text' ? markdown(card.markdown) : h('p.muted', (card.type === 'kpi' ? 'KPI of ' : 'Chart: ') + (chart ? chart.name : card.chartId))),
        h('div.edit-tools', move(-1, 0, 0, 0, 'Move left'), move(1, 0, 0, 0, 'Move right'), move(0, -1, 0, 0, 'Move up'), move(0, 1, 0, 0, 'Move down'),
          move(0, 0, -1, 0, 'Narrower'), move(0, 0, 1, 0, 'Wider'), move(0, 0, 0, -1, 'Shorter'), move(0, 0, 0, 1, 'Taller'),
          card.type === 'text' ? h('button.btn.small.ghost', { type: 'button', on: { click: () => editText(card) } }, 'Edit text') : null,
          h('button.btn.small.ghost.danger-text', { type: 'button', 'aria-label': 'Remove ' + label, on: { click: () => { draft.cards.splice(draft.cards.indexOf(card), 1); drawCards(); } } }, 'Remove')),
        h('div.resize-handle', { title: 'Drag to resize', 'aria-hidden': 'true' }));
      place(el, card);
      dragToPlace(el, card);
      grid.append(el);
    }
    if (!draft.cards.length) grid.append(h('p.muted.edit-empty', 'No cards yet: add a chart, a KPI or text.'));
  }

  function focusCard(cardId, what) {
    const b = grid.querySelector('[data-card="' + cardId + '"] button[title="' + what + '"]');
    if (b) b.focus();
  }

  /** Dragging a card's head moves it, its corner resizes it, in whole grid cells; a place taken by another card is refused. */
  function dragToPlace(el, card) {
    const start = (e, mode) => {
      if (e.button !== 0 || e.target.closest('button')) return;
      e.preventDefault();
      const rect = grid.getBoundingClientRect();
      const colW = (rect.width + GAP_PX) / COLUMNS;
      const rowH = ROW_PX + GAP_PX;
      const from = { x: card.x, y: card.y, w: card.w, h: card.h };
      const sx = e.clientX;
      const sy = e.clientY;
      el.classList.add('dragging');
      const moveTo = (ev) => {
        const dx = Math.round((ev.clientX - sx) / colW);
        const dy = Math.round((ev.clientY - sy) / rowH);
        const p = mode === 'move' ? { ...from, x: from.x + dx, y: from.y + dy } : { ...from, w: from.w + dx, h: from.h + dy };
        if (setPlace(card, p)) place(el, card);
      };
      const up = () => {
        document.removeEventListener('pointermove', moveTo);
        document.removeEventListener('pointerup', up);
        el.classList.remove('dragging');
        drawCards();
      };
      document.addEventListener('pointermove', moveTo);
      document.addEventListener('pointerup', up);
    };
    el.querySelector('.drag-handle').addEventListener('pointerdown', (e) => start(e, 'move'));
    el.querySelector('.resize-handle').addEventListener('pointerdown', (e) => start(e, 'resize'));
  }

  async function addChartCard(type) {
    const list = Object.values(charts);
    if (!list.length) { toast('Save a chart first (Charts, or Save as chart on the SQL page).', 'error'); return; }
    const select = h('select#add-chart-select', list.map((c) => h('option', { value: c.id }, c.name)));
    const title = h('input#add-chart-title', { placeholder: 'The chart\'s name', maxlength: 200 });
    const column = h('input#add-kpi-column', { placeholder: 'The chart\'s first y', maxlength: 128 });
    const body = h('div', h('div.field', h('label', { for: 'add-chart-select' }, 'Saved chart'), select), h('div.field', h('label', { for: 'add-chart-title' }, 'Title (optional)'), title),
      type === 'kpi' ? h('div.field', h('label', { for: 'add-kpi-column' }, 'Column shown (optional)'), column) : null);
    const ok = await dialog(type === 'kpi' ? 'Add a KPI' : 'Add a chart', body, [{ label: 'Cancel', kind: 'ghost', result: false }, { label: 'Add', kind: 'primary', value: () => true }]);
    if (ok !== true) return;
    const slot = type === 'kpi' ? nextSlot(3, 2) : nextSlot(6, 4);
    draft.cards.push({ id: 'c' + (++counter) + Date.now().toString(36).slice(-3), type, ...slot, chartId: select.value, title: title.value.trim() || null,
      value: type === 'kpi' && column.value.trim() ? column.value.trim() : null });
    drawCards();
    drawFilters();
  }

  async function editText(card) {
    const area = h('textarea#text-markdown', { rows: 8, maxlength: 20000 }, card ? card.markdown : '');
    const title = h('input#text-title', { value: card && card.title ? card.title : '', maxlength: 200 });
    const body = h('div', h('div.field', h('label', { for: 'text-title' }, 'Title (optional)'), title),
      h('div.field', h('label', { for: 'text-markdown' }, 'Text (markdown: # heading, - list, **bold**, *italic*, `code`, [link](https://…))'), area));
    const ok = await dialog(card ? 'Edit text' : 'Add text', body, [{ label: 'Cancel', kind: 'ghost', result: false }, { label: card ? 'Done' : 'Add', kind: 'primary', value: () => {
      if (!area.value.trim()) { toast('Write some text first.', 'error'); return false; }
      return true;
    } }]);
    if (ok !== true) return;
    if (card) { card.markdown = area.value; card.title = title.value.trim() || null; } else {
      draft.cards.push({ id: 't' + (++counter) + Date.now().toString(36).slice(-3), type: 'text', ...nextSlot(4, 2), markdown: area.value, title: title.value.trim() || null });
    }
    drawCards();
  }

  async function drawFilters() {
    const params = await declared();
    clear(filtersBox);
    if (!draft.filters.length) filtersBox.append(h('p.muted', 'No filters. A filter sets a parameter of the charts (such as {{region}} in their SQL).'));
    draft.filters.forEach((f, i) => {
      const n = f.type === 'date_range' ? 2 : 1;
      const type = f.type === 'date_range' ? 'date' : f.type === 'number' ? 'number' : 'text';
      const fit = [...params.entries()].filter(([, t]) => t === type).map(([p]) => p);
      const row = h('div.filter-row', { dataset: { filter: f.name } },
        h('div.field.compact', h('label', { for: 'f-name-' + i }, 'Name'), h('input#f-name-' + i, { value: f.name, on: { change: (e) => { f.name = e.target.value.trim(); } } })),
        h('div.field.compact', h('label', { for: 'f-type-' + i }, 'Type'), h('select#f-type-' + i, { on: { change: (e) => {
          f.type = e.target.value; const k = f.type === 'date_range' ? 2 : 1; f.parameters = f.parameters.slice(0, k); f.default = f.default.slice(0, k);
          while (f.parameters.length < k) f.parameters.push(''); while (f.default.length < k) f.default.push(null); drawFilters();
        } } }, FILTER_TYPES.map(([v, l]) => h('option', { value: v, selected: f.type === v }, l)))),
        [...Array(n).keys()].map((k) => h('div.field.compact', h('label', { for: 'f-param-' + i + '-' + k }, n === 2 ? (k ? 'Last day parameter' : 'First day parameter') : 'Parameter'),
          h('select#f-param-' + i + '-' + k, { on: { change: (e) => { f.parameters[k] = e.target.value; } } }, h('option', { value: '' }, '—'),
            [...new Set([...fit, f.parameters[k]].filter(Boolean))].map((p) => h('option', { value: p, selected: f.parameters[k] === p }, p))))),
        [...Array(n).keys()].map((k) => h('div.field.compact', h('label', { for: 'f-default-' + i + '-' + k }, n === 2 ? (k ? 'Default last day' : 'Default first day') : 'Default'),
          h('input#f-default-' + i + '-' + k, { type: type === 'text' ? 'text' : type, step: type === 'number' ? 'any' : undefined, value: f.default[k] === null || f.default[k] === undefined ? '' : String(f.default[k]),
            on: { change: (e) => { f.default[k] = e.target.value === '' ? null : e.target.value; } } }))),
        h('button.btn.small.ghost.danger-text', { type: 'button', 'aria-label': 'Remove filter ' + f.name, on: { click: () => { draft.filters.splice(i, 1); drawFilters(); } } }, 'Remove'));
      filtersBox.append(row);
    });
  }

  function addFilter() {
    let n = draft.filters.length + 1;
    while (draft.filters.some((f) => f.name === 'filter' + n)) n++;
    draft.filters.push({ name: 'filter' + n, type: 'category', parameters: [''], default: [null] });
    drawFilters();
  }

  async function save() {
    clear(error);
    draft.name = name.value.trim();
    draft.description = description.value.trim() || null;
    try {
      await api.put('/api/v1/dashboards/' + enc(d.id), draft);
      toast('Saved.', 'ok');
      location.hash = '#/dashboards/' + enc(d.id);
    } catch (e) {
      error.append(problemBox(e));
    }
  }
  async function remove() {
    if (!(await confirmDanger('Delete dashboard', 'Delete "' + d.name + '"? Its links stop working. Its charts stay.'))) return;
    try { await api.del('/api/v1/dashboards/' + enc(d.id)); location.hash = '#/dashboards'; } catch (e) { clear(error).append(problemBox(e)); }
  }

  drawCards();
  drawFilters();
  return h('div.page.dash-edit', { dataset: { title: 'Edit ' + d.name } },
    h('nav.crumbs', { 'aria-label': 'Breadcrumb' }, h('a', { href: '#/dashboards' }, 'Dashboards'), ' / ', h('a', { href: '#/dashboards/' + enc(d.id) }, d.name), ' / edit'),
    h('div.page-head', h('div', h('h1', 'Edit ' + d.name)), h('div.toolbar',
      h('a.btn.ghost', { href: '#/dashboards/' + enc(d.id) }, 'Cancel'),
      d.access === 'owner' ? h('button.btn.ghost.danger-text#edit-delete', { type: 'button', on: { click: remove } }, 'Delete') : null,
      h('button.btn.primary#edit-save', { type: 'button', on: { click: save } }, 'Save'))),
    error,
    h('div.card', h('div.inline-form', h('label', { for: 'edit-name' }, 'Name'), name, h('label', { for: 'edit-description' }, 'Description'), description)),
    h('div.toolbar.edit-add',
      h('button.btn#add-chart', { type: 'button', on: { click: () => addChartCard('chart') } }, '+ Chart'),
      h('button.btn#add-kpi', { type: 'button', on: { click: () => addChartCard('kpi') } }, '+ KPI'),
      h('button.btn#add-text', { type: 'button', on: { click: () => editText(null) } }, '+ Text'),
      h('span.sub', 'Drag a card by its title to move it and by its corner to resize it, or use its arrow buttons.')),
    grid,
    h('section.card.edit-filters', h('div.page-head', h('h2', 'Filters'), h('button.btn.small#add-filter', { type: 'button', on: { click: addFilter } }, '+ Filter')), filtersBox));
}
