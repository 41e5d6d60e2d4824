// #/admin (admins): users and roles, API tokens, the users' own databases (connections), the audit log. #/tokens: anyone's own API tokens.
import * as api from './api.js';
import { h, clear, fmtTime, ago, toast, problemBox, dialog, confirmDanger, empty, badge, spinner } from './ui.js';

const ROLES = ['admin', 'analyst', 'viewer'];

export async function adminView(ctx, tab) {
  const current = tab || 'users';
  const panel = h('div.tab-panel');
  const tabs = h('div.tabs', { role: 'tablist', 'aria-label': 'Admin sections' },
    [['users', 'Users'], ['tokens', 'API tokens'], ['connections', 'Connections'], ['audit', 'Audit log']].map(([k, l]) =>
      h('a.tab', { href: '#/admin/' + k, role: 'tab', id: 'admin-tab-' + k, 'aria-selected': String(k === current) }, l)));
  if (current === 'users') panel.append(await usersPanel(ctx));
  else if (current === 'tokens') panel.append(await tokensPanel(ctx, true));
  else if (current === 'connections') panel.append(await connectionsPanel());
  else panel.append(await auditPanel(ctx));
  return h('div.page.admin-page', { dataset: { title: 'Admin' } }, h('div.page-head', h('div', h('h1', 'Admin'), h('p.muted', 'Users, tokens, connections to your databases and the audit trail of this Assay.'))), h('div.card.tabs-card', tabs, panel));
}

export async function tokensView(ctx) {
  return h('div.page', { dataset: { title: 'API tokens' } }, h('div.page-head', h('div', h('h1', 'API tokens'), h('p.muted', 'Tokens let scripts and tools call the API as you: Authorization: Bearer assay_…'))),
    h('div.card', await tokensPanel(ctx, false)));
}

async function usersPanel(ctx) {
  const box = h('div#users');
  const name = h('input#new-user-name', { placeholder: 'name', 'aria-label': 'New user name', autocomplete: 'off' });
  const role = h('select#new-user-role', { 'aria-label': 'Role' }, ROLES.map((r) => h('option', { value: r, selected: r === 'analyst' }, r)));
  const pw = h('input#new-user-password', { type: 'password', placeholder: 'password (12+ characters)', 'aria-label': 'Password', autocomplete: 'new-password' });
  const err = h('div');
  const form = h('form.inline-form#new-user', { on: { submit: async (e) => {
    e.preventDefault(); clear(err);
    try { await api.post('/api/v1/users', { name: name.value.trim(), role: role.value, password: pw.value }); toast('Created ' + name.value, 'ok'); name.value = ''; pw.value = ''; load(); } catch (x) { err.append(problemBox(x)); }
  } } }, name, role, pw, h('button.btn.primary', { type: 'submit' }, 'Add user'));
  async function load() {
    clear(box).append(spinner());
    try {
      const page = await api.get('/api/v1/users' + api.qs({ limit: 500 }));
      clear(box).append(h('div.table-scroll', h('table.table#users-table', h('thead', h('tr', h('th', 'Name'), h('th', 'Role'), h('th.secondary', 'Status'), h('th.secondary', 'Created'), h('th.secondary', 'Last sign-in'), h('th.actions', h('span.sr-only', 'Actions')))),
        h('tbody', page.items.map((u) => {
          const me = u.name === ctx.state.user.name;
          const sel = h('select', { 'aria-label': 'Role of ' + u.name, disabled: me }, ROLES.map((r) => h('option', { value: r, selected: r === u.role }, r)));
          sel.addEventListener('change', async () => { try { await api.patch('/api/v1/users/' + encodeURIComponent(u.name), { role: sel.value }); toast(u.name + ' is now ' + sel.value, 'ok'); } catch (x) { toast(x.message, 'error'); load(); } });
          return h('tr', { dataset: { user: u.name } }, h('td', h('strong', u.name), me ? h('span.muted', ' (you)') : null), h('td', sel),
            // A phone shows name, role and the actions (Enable or Disable tells the status); the rest on wider screens.
            h('td.secondary', u.disabled ? badge('disabled', 'bad') : badge('active', 'ok')), h('td.secondary', fmtTime(u.createdAt)),
            h('td.secondary', u.lastSignInAt ? ago(u.lastSignInAt) : h('span.muted', 'never')),
            h('td.actions', me ? null : [
              h('button.btn.ghost.small', { type: 'button', on: { click: async () => { try { await api.patch('/api/v1/users/' + encodeURIComponent(u.name), { disabled: !u.disabled }); load(); } catch (x) { toast(x.message, 'error'); } } } }, u.disabled ? 'Enable' : 'Disable'),
              h('button.btn.ghost.small.danger-text', { type: 'button', on: { click: async () => {
                if (!await confirmDanger('Delete ' + u.name + '?', 'The user ' + u.name + ' will no longer be able to sign in; their tokens stop working.')) return;
                try { await api.del('/api/v1/users/' + encodeURIComponent(u.name)); toast('Deleted ' + u.name, 'ok'); load(); } catch (x) { toast(x.message, 'error'); }
              } } }, 'Delete')]));
        })))));
    } catch (x) { clear(box).append(problemBox(x)); }
  }
  load();
  return h('div', h('h2.section-title', 'Add a user'), form, err, h('h2.section-title', 'Users'), box);
}

// The databases Assay may read tables from (PostgreSQL, MySQL/MariaDB, ...): add, test, remove. Passwords are kept
// encrypted on the server and never shown again.
async function connectionsPanel() {
  const box = h('div#connections');
  const name = h('input#new-connection-name', { placeholder: 'e.g. sales', 'aria-label': 'Connection name', autocomplete: 'off' });
  const url = h('input#new-connection-url.mono', { placeholder: 'jdbc:postgresql://host:5432/db', 'aria-label': 'JDBC URL', autocomplete: 'off', size: 36 });
  const user = h('input#new-connection-user', { placeholder: 'user', 'aria-label': 'User', autocomplete: 'off' });
  const pw = h('input#new-connection-password', { type: 'password', placeholder: 'password', 'aria-label': 'Password', autocomplete: 'new-password' });
  const err = h('div');
  const form = h('form.inline-form#new-connection', { on: { submit: async (e) => {
    e.preventDefault(); clear(err);
    try {
      await api.post('/api/v1/connections', { name: name.value.trim(), url: url.value.trim(), user: user.value.trim() || null, password: pw.value || null });
      toast('Added ' + name.value.trim(), 'ok'); name.value = ''; url.value = ''; user.value = ''; pw.value = ''; load();
    } catch (x) { err.append(problemBox(x)); }
  } } }, name, url, user, pw, h('button.btn.primary', { type: 'submit' }, 'Add connection'));
  async function load() {
    clear(box).append(spinner());
    try {
      const page = await api.get('/api/v1/connections');
      if (!page.items.length) { clear(box).append(empty('No connections', 'Add one above to analyse or import tables of your own databases.')); return; }
      clear(box).append(h('div.table-scroll', h('table.table#connections-table', h('thead', h('tr', h('th', 'Name'), h('th', 'Kind'), h('th', 'URL'), h('th', 'User'), h('th', 'Added'), h('th', 'Check'), h('th.actions', h('span.sr-only', 'Actions')))),
        h('tbody', page.items.map((c) => {
          const status = h('td.connection-status', { 'aria-live': 'polite' });
          return h('tr', { dataset: { connection: c.name } }, h('td', h('strong', c.name)), h('td', c.kind), h('td.mono', c.url), h('td', c.user || h('span.muted', '—')), h('td', fmtTime(c.createdAt)), status,
            h('td.actions', h('button.btn.ghost.small', { type: 'button', 'aria-label': 'Test ' + c.name, on: { click: async () => {
              clear(status).append(spinner());
              try { const t = await api.post('/api/v1/connections/' + encodeURIComponent(c.name) + '/test', {}); clear(status).append(badge('reachable', 'ok'), ' ', h('span.muted.small', Math.round(t.roundTripMs) + ' ms' + (t.serverVersion ? ' · ' + t.serverVersion : ''))); } catch (x) { clear(status).append(badge('unreachable', 'bad'), ' ', h('span.small', x.message)); }
            } } }, 'Test'),
            h('button.btn.ghost.small.danger-text', { type: 'button', 'aria-label': 'Remove ' + c.name, on: { click: async () => {
              if (!await confirmDanger('Remove ' + c.name + '?', 'Assay forgets this connection and its password; the database itself is not touched.', 'Remove')) return;
              try { await api.del('/api/v1/connections/' + encodeURIComponent(c.name)); toast('Removed ' + c.name, 'ok'); load(); } catch (x) { toast(x.message, 'error'); }
            } } }, 'Remove')));
        })))));
    } catch (x) { clear(box).append(problemBox(x)); }
  }
  load();
  return h('div', h('h2.section-title', 'Add a connection'), form, err, h('h2.section-title', 'Connections'), box);
}

async function tokensPanel(ctx, all) {
  const box = h('div#tokens');
  const name = h('input#new-token-name', { placeholder: 'e.g. nightly-report', 'aria-label': 'Token name', autocomplete: 'off' });
  const myRoles = ROLES.slice(ROLES.indexOf(ctx.state.user.role));
  const role = h('select#new-token-role', { 'aria-label': 'Token role' }, myRoles.map((r) => h('option', { value: r }, r)));
  const days = h('select#new-token-expiry', { 'aria-label': 'Expires' }, [['30', 'in 30 days'], ['90', 'in 90 days'], ['365', 'in a year'], ['', 'never']].map(([v, l]) => h('option', { value: v }, l)));
  const err = h('div');
  const form = h('form.inline-form#new-token', { on: { submit: async (e) => {
    e.preventDefault(); clear(err);
    try {
      const t = await api.post('/api/v1/tokens', { name: name.value.trim(), role: role.value, expiresInDays: days.value ? Number(days.value) : null });
      name.value = '';
      const secret = h('input.mono.secret#token-secret', { value: t.secret, readonly: true, 'aria-label': 'Token secret' });
      await dialog('Token created', [h('p', 'Copy the token now: it is shown only this once.'), secret,
        h('button.btn.ghost.small', { type: 'button', on: { click: async () => { secret.select(); try { await navigator.clipboard.writeText(t.secret); toast('Copied', 'ok'); } catch (x) { document.execCommand && document.execCommand('copy'); } } } }, 'Copy')],
      [{ label: 'Done', kind: 'primary', result: true }]);
      load();
    } catch (x) { err.append(problemBox(x)); }
  } } }, name, role, days, h('button.btn.primary', { type: 'submit' }, 'Create token'));
  async function load() {
    clear(box).append(spinner());
    try {
      const page = await api.get('/api/v1/tokens' + api.qs({ limit: 500 }));
      const items = page.items;
      if (!items.length) { clear(box).append(empty('No tokens', 'Create one for a script or a tool.')); return; }
      clear(box).append(h('div.table-scroll', h('table.table#tokens-table', h('thead', h('tr', h('th', 'Name'), all ? h('th', 'Owner') : null, h('th', 'Role'), h('th', 'Created'), h('th', 'Expires'), h('th', 'Last used'), h('th', 'Status'), h('th.actions', h('span.sr-only', 'Actions')))),
        h('tbody', items.map((t) => h('tr', { dataset: { token: t.id } }, h('td', h('strong', t.name)), all ? h('td', t.owner) : null, h('td', t.role), h('td', fmtTime(t.createdAt)),
          h('td', t.expiresAt ? fmtTime(t.expiresAt) : h('span.muted', 'never')), h('td', t.lastUsedAt ? ago(t.lastUsedAt) : h('span.muted', 'never')),
          h('td', t.revoked ? badge('revoked', 'muted') : badge('active', 'ok')),
          h('td.actions', t.revoked ? null : h('button.btn.ghost.small.danger-text', { type: 'button', 'aria-label': 'Revoke ' + t.name, on: { click: async () => {
            if (!await confirmDanger('Revoke ' + t.name + '?', 'Anything using this token will be refused from now on.', 'Revoke')) return;
            try { await api.del('/api/v1/tokens/' + encodeURIComponent(t.id)); toast('Revoked ' + t.name, 'ok'); load(); } catch (x) { toast(x.message, 'error'); }
          } } }, 'Revoke'))))))));
    } catch (x) { clear(box).append(problemBox(x)); }
  }
  load();
  return h('div', h('h2.section-title', 'New token'), form, err, h('h2.section-title', all ? 'All tokens' : 'Your tokens'), box);
}

async function auditPanel() {
  const f = {};
  const input = (k, label, type = 'text', ph = '') => { f[k] = h('input#audit-' + k, { type, placeholder: ph, 'aria-label': label }); return h('div.field.compact', h('label', { for: 'audit-' + k }, label), f[k]); };
  f.outcome = h('select#audit-outcome', { 'aria-label': 'Outcome' }, [['', 'any'], ['ok', 'ok'], ['denied', 'denied'], ['error', 'error']].map(([v, l]) => h('option', { value: v }, l)));
  const box = h('div#audit');
  const more = h('div.more');
  const csv = h('a.btn.ghost.small#audit-csv', { download: '' }, 'Download CSV');
  let cursor = null;
  const params = () => {
    const p = { actor: f.actor.value.trim(), action: f.action.value.trim(), target: f.target.value.trim(), outcome: f.outcome.value };
    if (f.from.value) p.from = new Date(f.from.value).toISOString();
    if (f.to.value) p.to = new Date(f.to.value).toISOString();
    return p;
  };
  async function load(append) {
    if (!append) { cursor = null; clear(box).append(spinner()); }
    csv.href = '/api/v1/audit' + api.qs({ ...params(), format: 'csv' });
    try {
      const page = await api.get('/api/v1/audit' + api.qs({ ...params(), limit: 100, cursor }));
      let tbody = box.querySelector('tbody');
      if (!append || !tbody) {
        clear(box);
        if (!page.items.length) { box.append(empty('No audit records match', 'Change the filters.')); clear(more); return; }
        tbody = h('tbody');
        box.append(h('div.table-scroll', h('table.table.compact#audit-table', h('thead', h('tr', h('th', 'When'), h('th', 'Actor'), h('th', 'Action'), h('th.secondary', 'Target'), h('th', 'Outcome'), h('th.secondary', 'Detail'))), tbody)));
      }
      for (const r of page.items) {
        tbody.append(h('tr', { dataset: { action: r.action } }, h('td', { title: r.at }, fmtTime(r.at)), h('td', r.actor || h('span.muted', r.actorKind)), h('td', h('code', r.action)), h('td.secondary', r.target || '—'),
          h('td', badge(r.outcome, r.outcome === 'ok' ? 'ok' : r.outcome === 'denied' ? 'warn' : 'bad')),
          h('td.audit-detail.secondary', r.sql ? h('code.mono', r.sql.length > 120 ? r.sql.slice(0, 117) + '…' : r.sql) : null, r.detail ? h('div.sub', r.detail) : null,
            r.rows !== null || r.durationMs !== null ? h('div.sub', [r.rows !== null ? r.rows + ' rows' : null, r.durationMs !== null ? r.durationMs + ' ms' : null].filter(Boolean).join(' · ')) : null)));
      }
      cursor = page.nextCursor;
      clear(more);
      if (cursor) more.append(h('button.btn.ghost', { type: 'button', on: { click: () => load(true) } }, 'Older records'));
    } catch (x) { clear(box).append(problemBox(x)); }
  }
  const filters = h('form.filters#audit-filters', { on: { submit: (e) => { e.preventDefault(); load(); } } },
    input('actor', 'Actor', 'text', 'user'), input('action', 'Action', 'text', 'query.run'), input('target', 'Target', 'text', 'dataset or user'),
    h('div.field.compact', h('label', { for: 'audit-outcome' }, 'Outcome'), f.outcome), input('from', 'From', 'datetime-local'), input('to', 'To', 'datetime-local'),
    h('div.field.compact.end', h('button.btn.primary#audit-apply', { type: 'submit' }, 'Filter')), h('div.field.compact.end', csv));
  load();
  return h('div', filters, box, more);
}
