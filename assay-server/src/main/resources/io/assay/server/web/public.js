// The page of a public link (/public/d/TOKEN): no sign-in; the dashboard as GET /api/v1/public/dashboards/TOKEN answers it
// (run as its owner with its default filters), drawn read-only by the dashboard page's renderer. A link expired, revoked or
// wrong gets a clear message, never a sign-in form.
import { h, clear, spinner } from './ui.js';
import { renderRun } from './dashrender.js';

const main = document.getElementById('main');

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  window.dispatchEvent(new CustomEvent('assay:theme', { detail: theme }));
}

function initialTheme() {
  const saved = localStorage.getItem('assay.theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function message(title, text) {
  document.title = title + ' · Assay';
  clear(main).append(h('div.page', h('div.empty#public-error', h('div.empty-icon', { 'aria-hidden': 'true' }, '⛔'), h('h1', title), h('p', text))));
}

async function load() {
  const token = decodeURIComponent(location.pathname.replace(/^\/public\/d\//, '').replace(/\/$/, ''));
  clear(main).append(h('div.page', spinner('Loading the dashboard…')));
  let res;
  try {
    res = await fetch('/api/v1/public/dashboards/' + encodeURIComponent(token), { headers: { Accept: 'application/json' }, credentials: 'omit' });
  } catch (e) {
    message('The dashboard could not be loaded', 'The server did not answer: ' + e.message);
    return;
  }
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const reason = body && body.details ? body.details.reason : null;
    if (reason === 'expired') message('This link has expired', (body.detail || '') + ' Ask the dashboard\'s owner for a new link.');
    else if (reason === 'revoked') message('This link was revoked', 'Its owner turned it off. Ask them for a new link.');
    else message('No dashboard at this link', (body && body.detail ? body.detail + ' ' : '') + 'Check the link, or ask for a new one.');
    return;
  }
  document.title = body.name + ' · Assay';
  const grid = h('div#dash-grid');
  clear(main).append(h('div.page.dash-page',
    h('div.page-head', h('div', h('h1', body.name), body.description ? h('p.muted', body.description) : null,
      h('p.sub#public-filters', Object.keys(body.filters || {}).length
        ? 'Filters: ' + Object.entries(body.filters).map(([k, v]) => k + ' = ' + (v.filter((x) => x !== null).join(' to ') || 'all')).join(', ')
        : 'Read-only view.'))),
    grid));
  renderRun(grid, body, {});
}

applyTheme(initialTheme());
document.getElementById('theme-toggle').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem('assay.theme', next);
  applyTheme(next);
});
load();
