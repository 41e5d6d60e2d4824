// Small DOM helpers shared by the views: element builder, formatting, toasts, dialogs.

/** h('div.card#id', {attrs, on: {click}}, children...) */
export function h(tag, attrs, ...children) {
  const m = /^([a-z0-9]+)?((?:[.#][\w-]+)*)$/i.exec(tag);
  const el = document.createElement((m && m[1]) || 'div');
  if (m && m[2]) {
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === '.') el.classList.add(part.slice(1)); else el.id = part.slice(1);
    }
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') { for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn); }
    else if (k === 'class') el.className = [el.className, v].filter(Boolean).join(' ');
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }

export function fmtInt(n) { return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US'); }

export function fmtNum(n, digits = 3) {
  if (n === null || n === undefined || n === '') return '—';
  const x = Number(n);
  if (!Number.isFinite(x)) return String(n);
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  const a = Math.abs(x);
  if (a !== 0 && (a < 0.001 || a >= 1e9)) return x.toExponential(2);
  return x.toLocaleString('en-US', { maximumSignificantDigits: Math.max(digits, 4) });
}

export function fmtBytes(b) {
  if (b === null || b === undefined) return '—';
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0; let x = Number(b);
  while (x >= 1024 && i < u.length - 1) { x /= 1024; i++; }
  return (i === 0 ? x : x.toFixed(x < 10 ? 1 : 0)) + ' ' + u[i];
}

export function fmtPct(x) { return x === null || x === undefined ? '—' : (x * 100).toFixed(x < 0.1 && x > 0 ? 1 : 0) + '%'; }

export function fmtMs(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function ago(iso) {
  if (!iso) return '—';
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  if (s < 45) return 'just now';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  if (s < 86400 * 30) return Math.round(s / 86400) + ' d ago';
  return fmtTime(iso);
}

export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  const t = h('div.toast.' + kind, { role: kind === 'error' ? 'alert' : 'status' }, message);
  box.append(t);
  setTimeout(() => t.classList.add('gone'), 4200);
  setTimeout(() => t.remove(), 4800);
}

/** An error as a panel: what went wrong, the hint, the code. */
export function problemBox(err, extra) {
  const p = err && err.problem ? err.problem : { detail: String(err && err.message ? err.message : err) };
  return h('div.problem', { role: 'alert' },
    h('div.problem-title', p.detail || p.title || 'Something went wrong.'),
    p.hint ? h('div.problem-hint', p.hint) : null,
    extra || null,
    p.code ? h('div.problem-code', p.code + (p.requestId && p.requestId !== '-' ? ' · request ' + p.requestId : '')) : null);
}

/** A modal dialog; resolves with the value the action gives, or null when dismissed. */
export function dialog(title, body, actions) {
  return new Promise((resolve) => {
    const dlg = h('dialog.modal', { 'aria-label': title });
    const close = (v) => { dlg.close(); dlg.remove(); resolve(v); };
    const buttons = actions.map((a) => h('button.btn' + (a.kind ? '.' + a.kind : ''), {
      // An action's value() answering false keeps the dialog open (a form to correct); a fixed result, false (Cancel) included, closes it.
      type: 'button', on: { click: async () => {
        if (!a.value) { close(a.result === undefined ? null : a.result); return; }
        const v = await a.value();
        if (v !== false) close(v === undefined ? null : v);
      } },
    }, a.label));
    dlg.append(h('h2', title), h('div.modal-body', body), h('div.modal-actions', buttons));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); close(null); });
    document.body.append(dlg);
    dlg.showModal();
    // A form's first field; else the action marked autofocus (Cancel where Enter must not destroy); else the last action.
    const marked = actions.findIndex((a) => a.autofocus);
    (dlg.querySelector('input, select, textarea') || buttons[marked >= 0 ? marked : buttons.length - 1]).focus();
  });
}

export function confirmDanger(title, message, label = 'Delete') {
  return dialog(title, h('p', message), [
    { label: 'Cancel', kind: 'ghost', result: false, autofocus: true },
    { label, kind: 'danger', result: true },
  ]).then((v) => v === true);
}

export function progressBar(fraction, label) {
  const bar = h('div.progress', { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-label': label || 'Progress' });
  const fill = h('div.progress-fill');
  bar.append(fill);
  bar.set = (f) => {
    if (f === null || f === undefined || f < 0) { bar.classList.add('indeterminate'); bar.removeAttribute('aria-valuenow'); fill.style.width = ''; }
    else { bar.classList.remove('indeterminate'); fill.style.width = (Math.min(1, f) * 100).toFixed(1) + '%'; bar.setAttribute('aria-valuenow', String(Math.round(f * 100))); }
  };
  bar.set(fraction);
  return bar;
}

export function empty(title, text, action) {
  return h('div.empty', h('div.empty-icon', { 'aria-hidden': 'true' }, '◇'), h('h2', title), text ? h('p', text) : null, action || null);
}

export function badge(text, kind = '') { return h('span.badge' + (kind ? '.' + kind : ''), text); }

export function statusBadge(status) {
  const k = { succeeded: 'ok', failed: 'bad', cancelled: 'muted', running: 'info', queued: 'muted' }[status] || '';
  return badge(status, k);
}

export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 2000);
}

export function debounce(fn, ms) {
  let t = null;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

export function spinner(text) { return h('div.loading', h('span.spin', { 'aria-hidden': 'true' }), text || 'Loading…'); }
