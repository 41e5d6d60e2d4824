// Assay's web page: signs in, then routes #/datasets, #/datasets/NAME, #/sql, #/builder, #/dashboards[/ID[/edit]], #/charts[/ID], #/jobs, #/tokens, #/admin.
import * as api from './api.js';
import { h, clear, problemBox, dialog, toast } from './ui.js';
import { datasetsView } from './datasets.js';
import { datasetView } from './dataset.js';
import { sqlView } from './sql.js';
import { builderView } from './builder.js';
import { jobsView } from './jobs.js';
import { adminView, tokensView } from './admin.js';
import { dashboardsView, dashboardView, dashboardEditView } from './dashboards.js';
import { chartsView, chartView } from './charts.js';

export const state = { user: null, info: null };
let cleanup = null;

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

/** The signed-in user's own password: the current one, the new one twice; then sign in again with it. */
async function changePassword() {
  const field = (id, label, auto) => h('div.field', h('label', { for: id }, label),
    h('input#' + id, { type: 'password', autocomplete: auto, required: true }));
  const error = h('div.form-error', { 'aria-live': 'assertive' });
  const body = h('div', field('pw-current', 'Current password', 'current-password'), field('pw-new', 'New password (12 characters or more)', 'new-password'),
    field('pw-again', 'New password again', 'new-password'), error);
  const value = (id) => body.querySelector('#' + id).value;
  const done = await dialog('Change your password', body, [
    { label: 'Cancel', kind: 'ghost', result: false },
    { label: 'Change', kind: 'primary', value: async () => {
      clear(error);
      if (value('pw-new') !== value('pw-again')) { error.append('The two new passwords differ.'); return false; }
      try {
        await api.put('/api/v1/session/password', { currentPassword: value('pw-current'), newPassword: value('pw-new') });
        return true;
      } catch (e) { error.append(problemBox(e)); return false; }
    } },
  ]);
  if (done === true) {
    toast('Password changed: sign in with the new one.', 'ok');
    state.user = null;
    api.setCsrf(null);
    signInView();
  }
}

function signInView() {
  document.getElementById('topbar').hidden = true;
  const name = h('input#signin-name', { name: 'name', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input#signin-password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('div.form-error', { 'aria-live': 'assertive' });
  const submit = h('button.btn.primary.wide#signin-submit', { type: 'submit' }, 'Sign in');
  const form = h('form.signin-card', {
    on: {
      submit: async (e) => {
        e.preventDefault();
        clear(error);
        submit.disabled = true;
        try {
          const s = await api.post('/api/v1/session', { name: name.value.trim(), password: password.value }, { quiet401: true });
          api.setCsrf(s.csrfToken);
          state.user = s.user;
          password.value = '';
          if (!location.hash || location.hash === '#/signin') location.hash = '#/datasets';
          start();
        } catch (err) {
          error.append(problemBox(err));
        } finally {
          submit.disabled = false;
        }
      },
    },
  },
  h('div.signin-brand', h('img', { src: '/ui/logo.svg', alt: '', width: 40, height: 40 }), h('div', h('h1', 'Assay'), h('p.muted', 'Sign in to analyse and query your data.'))),
  h('label', { for: 'signin-name' }, 'Name'), name,
  h('label', { for: 'signin-password' }, 'Password'), password,
  error, submit);
  clear(main).append(h('div.signin-page', form));
  name.focus();
}

function start() {
  const top = document.getElementById('topbar');
  top.hidden = false;
  document.getElementById('user-name').textContent = state.user.name + ' · ' + state.user.role;
  for (const a of document.querySelectorAll('[data-role]')) a.hidden = state.user.role !== a.dataset.role;
  route();
}

function forbidden(what) {
  return h('div.page', h('div.empty', h('div.empty-icon', { 'aria-hidden': 'true' }, '⛔'), h('h1', 'Not available'), h('p', what)));
}

async function route() {
  if (!state.user) { signInView(); return; }
  if (cleanup) { try { cleanup(); } catch (e) { /* ignore */ } cleanup = null; }
  const hash = location.hash || '#/datasets';
  const [path, query] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').map((s) => decodeURIComponent(s));
  const section = parts[0] || 'datasets';
  for (const a of document.querySelectorAll('[data-nav]')) {
    a.classList.toggle('active', a.dataset.nav === section);
    if (a.dataset.nav === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.getElementById('nav').classList.remove('open');
  clear(main);
  const ctx = { state, onLeave: (fn) => { cleanup = fn; } };
  let view;
  try {
    if (section === 'datasets' && parts[1]) view = await datasetView(ctx, parts[1]);
    else if (section === 'datasets') view = await datasetsView(ctx);
    else if (section === 'sql') view = await sqlView(ctx, params);
    else if (section === 'dashboards' && parts[1] && parts[2] === 'edit') view = await dashboardEditView(ctx, parts[1]);
    else if (section === 'dashboards' && parts[1]) view = await dashboardView(ctx, parts[1]);
    else if (section === 'dashboards') view = await dashboardsView(ctx);
    else if (section === 'charts' && parts[1]) view = await chartView(ctx, parts[1]);
    else if (section === 'charts') view = await chartsView(ctx);
    else if (section === 'builder') view = await builderView(ctx);
    else if (section === 'jobs') view = await jobsView(ctx);
    else if (section === 'tokens') view = await tokensView(ctx);
    else if (section === 'admin') view = state.user.role === 'admin' ? await adminView(ctx, parts[1]) : forbidden('The admin pages are for admins only; you are signed in as ' + state.user.role + '.');
    else view = forbidden('There is no page ' + hash + '.');
  } catch (err) {
    view = h('div.page', problemBox(err));
  }
  if (view) { clear(main).append(view); }
  document.title = (view && view.dataset && view.dataset.title ? view.dataset.title + ' · ' : '') + 'Assay';
  focusPage();
}

/** After sign-in and every page change, focus moves to the new page's heading (or the page), where a screen reader starts. */
function focusPage() {
  if (main.contains(document.activeElement) && document.activeElement !== main) return;
  const heading = main.querySelector('h1');
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); } else main.focus({ preventScroll: true });
}

async function boot() {
  applyTheme(initialTheme());
  document.getElementById('theme-toggle').addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem('assay.theme', next);
    applyTheme(next);
  });
  document.getElementById('nav-toggle').addEventListener('click', (e) => {
    const nav = document.getElementById('nav');
    nav.classList.toggle('open');
    e.currentTarget.setAttribute('aria-expanded', String(nav.classList.contains('open')));
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    try { await api.del('/api/v1/session'); } catch (e) { /* signed out anyway */ }
    state.user = null;
    api.setCsrf(null);
    location.hash = '#/datasets';
    signInView();
  });
  document.getElementById('change-password').addEventListener('click', changePassword);
  window.addEventListener('hashchange', route);
  // Esc closes an open menu (a details.menu) and gives focus back to its button.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    for (const menu of document.querySelectorAll('details.menu[open]')) {
      menu.open = false;
      const summary = menu.querySelector('summary');
      if (summary && menu.contains(document.activeElement)) summary.focus();
    }
  });
  // A late answer of a page left at sign-out must not redraw a sign-in form someone is typing into.
  window.addEventListener('assay:unauthorized', () => { if (state.user) { state.user = null; signInView(); } });
  try { state.info = await api.get('/api/v1/info'); } catch (e) { state.info = null; }
  // /info names the signed-in user (null when anonymous), so a first visit asks nothing that answers 401.
  if (!state.info || !state.info.user) { signInView(); return; }
  try {
    const s = await api.get('/api/v1/session', { quiet401: true });
    api.setCsrf(s.csrfToken);
    state.user = s.user;
    start();
  } catch (e) {
    signInView();
  }
}

boot();
