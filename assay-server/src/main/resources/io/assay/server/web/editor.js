// A small SQL editor: a textarea under a highlighted copy of its text, completion of keywords, dataset and
// column names, and a mark at the place an error points to. Tab moves focus on as usual unless the
// completion list is open; Ctrl/Cmd+Enter runs.
import { h, clear } from './ui.js';

const KEYWORDS = ('SELECT FROM WHERE GROUP BY ORDER HAVING LIMIT OFFSET JOIN LEFT RIGHT FULL OUTER INNER CROSS ON USING AS AND OR NOT IN IS NULL '
  + 'LIKE ILIKE BETWEEN CASE WHEN THEN ELSE END DISTINCT UNION ALL EXCEPT INTERSECT WITH ASC DESC NULLS FIRST LAST OVER PARTITION WINDOW '
  + 'ROWS RANGE PRECEDING FOLLOWING CURRENT ROW TRUE FALSE CAST INTERVAL EXISTS FILTER QUALIFY VALUES LATERAL').split(' ');
const FUNCTIONS = ('count sum avg min max median quantile_cont stddev variance round floor ceil abs coalesce nullif lower upper length trim '
  + 'substr replace concat date_trunc date_part extract strftime strptime year month day hour epoch now current_date regexp_matches '
  + 'regexp_replace row_number rank dense_rank lag lead first last any_value string_agg list approx_count_distinct corr greatest least').split(' ');
const KW = new Set(KEYWORDS);

const TOKEN = /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^']|'')*'?)|("(?:[^"]|"")*"?)|(\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b)|([A-Za-z_][\w$]*)|(\s+)|([^\s\w])/gy;

export function tokenize(text) {
  const out = [];
  TOKEN.lastIndex = 0;
  let m;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) {
    const [all, comment, str, quoted, num, word] = m;
    let cls = '';
    if (comment) cls = 'tk-comment';
    else if (str) cls = 'tk-string';
    else if (quoted) cls = 'tk-ident';
    else if (num) cls = 'tk-number';
    else if (word) {
      const after = text.slice(TOKEN.lastIndex).match(/^\s*\(/);
      cls = KW.has(word.toUpperCase()) ? 'tk-keyword' : after ? 'tk-function' : 'tk-name';
    } else if (!/^\s+$/.test(all)) cls = 'tk-op';
    out.push({ text: all, cls, start: m.index });
  }
  return out;
}

/** Offset in text of a 1-based line and column. */
function offsetOf(text, line, column) {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl < 0) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + Math.max(0, column - 1));
}

export function createEditor({ value = '', onRun, schema }) {
  const ta = h('textarea.ed-input#sql-editor', { spellcheck: false, autocapitalize: 'off', autocomplete: 'off', wrap: 'off', 'aria-label': 'SQL editor', 'aria-autocomplete': 'list' });
  ta.value = value;
  const code = h('code');
  const pre = h('pre.ed-highlight', { 'aria-hidden': 'true' }, code);
  const list = h('ul.completions#sql-completions', { role: 'listbox', hidden: true, 'aria-label': 'Completions' });
  const measure = h('span.ed-measure', { 'aria-hidden': 'true' }, 'MMMMMMMMMM');
  const root = h('div.editor', pre, ta, list, measure);
  let error = null;
  let items = [];
  let selected = 0;
  let wordStart = 0;

  function render() {
    clear(code);
    const text = ta.value;
    const errAt = error ? offsetOf(text, error.line, error.column) : -1;
    let marked = false;
    for (const t of tokenize(text)) {
      const hit = errAt >= 0 && !marked && errAt >= t.start && errAt < t.start + t.text.length && !/^\s+$/.test(t.text);
      if (hit) marked = true;
      const span = t.cls || hit ? h('span', { class: [t.cls, hit ? 'err-mark' : ''].filter(Boolean).join(' ') }, t.text) : document.createTextNode(t.text);
      code.append(span);
    }
    if (errAt >= 0 && !marked) code.append(h('span.err-mark', ' '));
    code.append('\n');
    syncScroll();
  }
  function syncScroll() { pre.scrollTop = ta.scrollTop; pre.scrollLeft = ta.scrollLeft; }

  function context() {
    const upto = ta.value.slice(0, ta.selectionStart);
    const m = /([A-Za-z_][\w$]*|"[^"]*)?\.?([A-Za-z_][\w$]*)?$/.exec(upto);
    const dotted = /([A-Za-z_][\w$]*)\.([A-Za-z_][\w$]*)?$/.exec(upto);
    if (dotted) return { qualifier: dotted[1], prefix: dotted[2] || '', start: ta.selectionStart - (dotted[2] || '').length };
    const w = /[A-Za-z_][\w$]*$/.exec(upto);
    return { qualifier: null, prefix: w ? w[0] : '', start: ta.selectionStart - (w ? w[0].length : 0), m };
  }

  function aliases() {
    const out = {};
    const re = /\b(?:from|join)\s+("?[\w$]+"?)(?:\s+(?:as\s+)?([A-Za-z_][\w$]*))?/gi;
    let m;
    while ((m = re.exec(ta.value))) {
      const table = m[1].replace(/"/g, '');
      out[table.toLowerCase()] = table;
      if (m[2] && !KW.has(m[2].toUpperCase())) out[m[2].toLowerCase()] = table;
    }
    return out;
  }

  let generation = 0;
  async function suggest(force) {
    const gen = ++generation;
    const c = context();
    if (!force && !c.prefix && !c.qualifier) { close(); return; }
    const al = aliases();
    let cands = [];
    if (c.qualifier) {
      const table = al[c.qualifier.toLowerCase()] || c.qualifier;
      const cols = await schema.columns(table);
      cands = cols.map((col) => ({ label: col.name, kind: 'column', detail: col.type }));
    } else {
      const tables = Object.values(al);
      for (const t of [...new Set(tables)]) {
        for (const col of await schema.columns(t)) cands.push({ label: col.name, kind: 'column', detail: t + ' · ' + col.type });
      }
      for (const d of schema.datasets()) cands.push({ label: d.name, kind: 'dataset', detail: d.rows !== undefined ? d.rows.toLocaleString('en-US') + ' rows' : 'dataset' });
      for (const k of KEYWORDS) cands.push({ label: k, kind: 'keyword', detail: '' });
      for (const f of FUNCTIONS) cands.push({ label: f, kind: 'function', detail: 'function' });
    }
    // Typing went on while the names loaded: a newer call answers.
    if (gen !== generation) return;
    const p = c.prefix.toLowerCase();
    // A complete word (a keyword, a column) stays as typed: Enter then starts a new line.
    if (!force && cands.some((x) => x.label.toLowerCase() === p)) { close(); return; }
    const seen = new Set();
    items = cands.filter((x) => x.label.toLowerCase().startsWith(p) && x.label.toLowerCase() !== p && !seen.has(x.kind + x.label) && seen.add(x.kind + x.label))
      .sort((a, b) => rank(a) - rank(b) || a.label.localeCompare(b.label)).slice(0, 40);
    wordStart = c.start;
    if (!items.length) { close(); return; }
    selected = 0;
    show();
  }
  const rank = (x) => ({ column: 0, dataset: 1, function: 2, keyword: 3 }[x.kind]);

  function caretXY() {
    const upto = ta.value.slice(0, wordStart);
    const lines = upto.split('\n');
    const cs = getComputedStyle(ta);
    const lh = parseFloat(cs.lineHeight) || 20;
    const cw = measure.getBoundingClientRect().width / 10 || 8;
    return { x: parseFloat(cs.paddingLeft) + lines[lines.length - 1].length * cw - ta.scrollLeft, y: parseFloat(cs.paddingTop) + lines.length * lh - ta.scrollTop };
  }

  function show() {
    clear(list);
    items.forEach((it, i) => {
      const li = h('li', { role: 'option', id: 'cmp-' + i, 'aria-selected': String(i === selected), class: 'cmp-' + it.kind },
        h('span.cmp-kind', { 'aria-hidden': 'true' }, { column: 'c', dataset: 'T', function: 'ƒ', keyword: 'k' }[it.kind]), h('span.cmp-label', it.label), h('span.cmp-detail', it.detail));
      li.addEventListener('mousedown', (e) => { e.preventDefault(); selected = i; accept(); });
      list.append(li);
    });
    const { x, y } = caretXY();
    list.style.left = Math.max(0, Math.min(x, root.clientWidth - 260)) + 'px';
    list.style.top = Math.min(y + 4, root.clientHeight - 20) + 'px';
    list.hidden = false;
    ta.setAttribute('aria-activedescendant', 'cmp-' + selected);
    const el = list.children[selected];
    if (el) el.scrollIntoView({ block: 'nearest' });
  }

  function close() { generation++; list.hidden = true; items = []; ta.removeAttribute('aria-activedescendant'); }

  function accept() {
    const it = items[selected];
    if (!it) return;
    const needsQuote = it.kind !== 'keyword' && it.kind !== 'function' && !/^[a-z_][a-z0-9_]*$/.test(it.label);
    const text = needsQuote ? '"' + it.label.replace(/"/g, '""') + '"' : it.label;
    ta.setRangeText(text, wordStart, ta.selectionStart, 'end');
    close();
    render();
    ta.dispatchEvent(new Event('change'));
  }

  /** Whether the list shown still fits the word at the caret (names may still be loading for the newest keystroke). */
  function stillValid() {
    const c = context();
    const p = c.prefix.toLowerCase();
    const it = items[selected];
    return it && c.start === wordStart && it.label.toLowerCase() !== p && it.label.toLowerCase().startsWith(p);
  }
  ta.addEventListener('input', () => { error = null; render(); if (!list.hidden && !stillValid()) close(); suggest(false); });
  ta.addEventListener('scroll', () => { syncScroll(); if (!list.hidden) show(); });
  ta.addEventListener('blur', () => setTimeout(close, 120));
  ta.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); close(); onRun && onRun(); return; }
    if ((e.ctrlKey || e.metaKey) && e.key === ' ') { e.preventDefault(); suggest(true); return; }
    if (list.hidden) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); selected = (selected + 1) % items.length; show(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); selected = (selected + items.length - 1) % items.length; show(); }
    else if (e.key === 'Enter' || e.key === 'Tab') { if (!stillValid()) { close(); return; } e.preventDefault(); accept(); }
    else if (e.key === 'Escape') { e.preventDefault(); close(); }
  });
  render();

  return {
    root,
    textarea: ta,
    get value() { return ta.value; },
    set value(v) { ta.value = v; error = null; render(); },
    insert(text) {
      ta.focus();
      ta.setRangeText(text, ta.selectionStart, ta.selectionEnd, 'end');
      render();
    },
    /** Marks the place an error points to (1-based line and column); null clears it. */
    markError(pos) {
      error = pos && pos.line ? { line: pos.line, column: pos.column || 1 } : null;
      render();
      if (error) {
        const off = offsetOf(ta.value, error.line, error.column);
        ta.focus();
        ta.setSelectionRange(off, off);
      }
    },
    focus() { ta.focus(); },
  };
}
