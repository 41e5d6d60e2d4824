// #/datasets/NAME: schema, profile, findings, insights over time, analysis runs, reports and downloads.
import * as api from './api.js';
import { h, clear, fmtInt, fmtNum, fmtPct, fmtTime, ago, toast, problemBox, progressBar, empty, badge, spinner } from './ui.js';
import { plotLazily, PALETTE } from './plot.js';
import { canWrite, qualityBadge, sizeText } from './datasets.js';

const SEVERITY = { CRITICAL: ['Critical', 'bad'], WARNING: ['Warning', 'warn'], INFO: ['Info', 'info'] };

const label = (s) => String(s).toLowerCase().replace(/_/g, ' ');

export async function datasetView(ctx, name) {
  const user = ctx.state.user;
  const d = await api.get('/api/v1/datasets/' + encodeURIComponent(name));
  const runs = await api.get('/api/v1/analyses' + api.qs({ dataset: d.name, limit: 20 }));
  const body = h('div.ds-body');
  const runBox = h('div.run-box', { 'aria-live': 'polite' });
  const tabs = h('div.tabs', { role: 'tablist', 'aria-label': 'Dataset sections' });
  const panel = h('div.tab-panel', { role: 'tabpanel' });
  let result = null;
  let run = runs.items.find((r) => r.status === 'succeeded') || null;
  // True from the click on Run until the analysis ends: the panel then says so, not "Not analysed yet".
  let analysing = false;
  // The tab last open on this dataset (another dataset opens on its profile).
  const tabKey = 'assay.dstab.' + d.name;
  let current = sessionStorage.getItem(tabKey) || 'profile';

  const link = (href, text, dl) => h('a.menu-item', { href, download: dl ? '' : null }, text);
  const menu = (title, items, id) => {
    const det = h('details.menu' + (id ? '#' + id : ''), h('summary.btn.ghost', title), h('div.menu-list', items));
    det.addEventListener('focusout', (e) => { if (!det.contains(e.relatedTarget)) det.open = false; });
    return det;
  };
  const enc = encodeURIComponent(d.name);
  const dataMenu = menu('Download data', [['csv', 'CSV'], ['parquet', 'Parquet'], ['xlsx', 'Excel (XLSX)']].map(([f, l]) =>
    link('/api/v1/datasets/' + enc + '/data?format=' + f, l, true)), 'download-data');
  const reportMenu = h('span');
  const rerun = canWrite(user) && d.access === 'write' ? h('button.btn.primary#run-analysis', { type: 'button' }, runs.items.length ? 'Rerun analysis' : 'Run analysis') : null;

  function renderReportMenu() {
    clear(reportMenu);
    if (run) reportMenu.append(menu('Report', [['html', 'HTML'], ['json', 'JSON'], ['xlsx', 'Excel (XLSX)']].map(([f, l]) =>
      link('/api/v1/analyses/' + encodeURIComponent(run.id) + '/report?format=' + f, l, true)), 'download-report'));
  }

  const head = h('div.page-head',
    h('div', h('div.crumbs', h('a', { href: '#/datasets' }, 'Datasets'), ' / '), h('h1', d.name),
      h('div.meta', fmtInt(d.rows) + ' rows · ' + d.columns + ' columns · ' + sizeText(d) + ' · ' + d.format
        + ' · updated ' + ago(d.updatedAt) + (d.owner ? ' · owner ' + d.owner : ''),
        d.rejectedRows ? h('span', ' · ', badge(fmtInt(d.rejectedRows) + ' rejected rows', 'warn')) : null)),
    h('div.actions-row', h('a.btn.ghost', { href: '#/sql?dataset=' + enc, id: 'query-dataset' }, 'Query'), dataMenu, reportMenu, rerun));

  const mayShare = user.role === 'admin' || d.owner === user.name;
  const TABS = [['profile', 'Profile'], ['findings', 'Findings'], ['insights', 'Insights'], ['schema', 'Schema'], ['runs', 'Runs']]
    .concat(mayShare ? [['sharing', 'Sharing']] : []);
  if (!TABS.some(([k]) => k === current)) current = 'profile';
  function renderTabs() {
    clear(tabs);
    for (const [key, text] of TABS) {
      const count = key === 'findings' && result ? result.findings.length : key === 'insights' && result && result.insights ? result.insights.series.length : null;
      const b = h('button.tab', { type: 'button', role: 'tab', id: 'tab-' + key, 'aria-selected': String(current === key), tabindex: current === key ? '0' : '-1' },
        text, count !== null ? h('span.count', String(count)) : null);
      b.addEventListener('click', () => { current = key; sessionStorage.setItem(tabKey, key); renderTabs(); renderPanel(); });
      b.addEventListener('keydown', (e) => {
        const i = TABS.findIndex((t) => t[0] === key);
        const j = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : -1;
        if (j >= 0) { current = TABS[j][0]; sessionStorage.setItem(tabKey, current); renderTabs(); renderPanel(); tabs.children[j].focus(); }
      });
      tabs.append(b);
    }
  }

  function renderPanel() {
    clear(panel);
    if (current === 'schema') { panel.append(schemaTable(d)); return; }
    if (current === 'runs') { panel.append(runsTable(runs.items)); return; }
    if (current === 'sharing') { panel.append(sharing(d)); return; }
    if (!result && analysing) { panel.append(spinner('Analysing… the profile shows here when the analysis ends.')); return; }
    if (!result) {
      panel.append(run === null && !runs.items.some((r) => r.status === 'running' || r.status === 'queued')
        ? empty('Not analysed yet', canWrite(user) ? 'Run an analysis to profile every column, find quality problems and look for trends and anomalies.' : 'An analyst can run an analysis of this dataset.', rerun ? h('button.btn.primary', { type: 'button', on: { click: () => rerun.click() } }, 'Run analysis') : null)
        : spinner('Loading the analysis…'));
      return;
    }
    if (current === 'profile') panel.append(profile(result));
    else if (current === 'findings') panel.append(findings(result));
    else if (current === 'insights') panel.append(insights(result));
  }

  async function loadResult() {
    renderReportMenu();
    if (!run) { result = null; renderTabs(); renderPanel(); return; }
    try {
      result = await api.get('/api/v1/analyses/' + encodeURIComponent(run.id) + '/result');
    } catch (e) {
      result = null;
      clear(panel).append(problemBox(e));
      return;
    }
    renderTabs();
    renderPanel();
  }

  async function watch(r) {
    const bar = progressBar(-1, 'Analysis progress');
    const text = h('span.small', 'Analysis queued…');
    const cancel = h('button.btn.ghost.small', { type: 'button', on: { click: async () => { try { await api.post('/api/v1/jobs/' + r.jobId + '/cancel'); } catch (e) { toast(e.message, 'error'); } } } }, 'Cancel');
    clear(runBox).append(h('div.run-progress', h('div.run-line', text, cancel), bar));
    if (rerun) rerun.disabled = true;
    analysing = true;
    renderPanel();
    const done = await api.follow(r.jobId, (j) => {
      if (j.progress) { bar.set(j.progress.fraction); text.textContent = 'Analysing · ' + j.progress.stage + (j.progress.fraction >= 0 ? ' · ' + fmtPct(j.progress.fraction) : ''); }
      else if (j.status === 'running') text.textContent = 'Analysing…';
    });
    if (rerun) { rerun.disabled = false; rerun.textContent = 'Rerun analysis'; }
    analysing = false;
    clear(runBox);
    const fresh = await api.get('/api/v1/analyses' + api.qs({ dataset: d.name, limit: 20 }));
    runs.items = fresh.items;
    if (done.status === 'succeeded') {
      run = fresh.items.find((x) => x.id === r.id) || fresh.items[0];
      toast('Analysis finished', 'ok');
      await loadResult();
      scoreBox();
    } else {
      renderPanel();
      runBox.append(problemBox({ problem: done.error || { detail: 'The analysis was ' + done.status + '.' } }));
    }
  }

  if (rerun) {
    rerun.addEventListener('click', async () => {
      try {
        const r = await api.post('/api/v1/analyses', { dataset: d.name, mode: 'full' });
        watch(r);
      } catch (e) { clear(runBox).append(problemBox(e)); }
    });
  }

  const score = h('div.score-box');
  function scoreBox() {
    clear(score);
    if (!result) return;
    const q = result.quality;
    const crit = result.findings.filter((f) => f.severity === 'CRITICAL').length;
    const warn = result.findings.filter((f) => f.severity === 'WARNING').length;
    score.append(
      h('div.stat', h('div.stat-label', 'Quality'), h('div.stat-value', qualityBadge(q.score))),
      h('div.stat', h('div.stat-label', 'Findings'), h('div.stat-value', String(result.findings.length)), h('div.sub', crit + ' critical · ' + warn + (warn === 1 ? ' warning' : ' warnings'))),
      h('div.stat', h('div.stat-label', 'Duplicate rows'), h('div.stat-value', fmtInt(result.table.duplicateRows))),
      h('div.stat', h('div.stat-label', 'Anomalies'), h('div.stat-value', String(result.insights ? result.insights.series.reduce((n, s) => n + s.anomalies.length, 0) : 0)), h('div.sub', result.insights ? 'over ' + result.insights.timeColumn : 'no time column')),
      h('div.stat', h('div.stat-label', 'Analysed'), h('div.stat-value.small-value', ago(result.startedAt)), h('div.sub', result.mode.toLowerCase() + ' · ' + fmtNum(result.elapsed) + ' s')));
  }

  renderTabs();
  renderPanel();
  const active = runs.items.find((r) => r.status === 'running' || r.status === 'queued');
  const view = h('div.page.dataset-page', { dataset: { title: d.name } }, head, runBox, score, h('div.card.tabs-card', tabs, panel), body);
  loadResult().then(scoreBox);
  if (active) watch(active);
  return view;
}

function schemaTable(d) {
  return h('div.table-scroll', h('table.table#schema-table', h('thead', h('tr', h('th', '#'), h('th', 'Column'), h('th', 'Type'), h('th', 'Nullable'), h('th', 'Examples'))),
    h('tbody', d.schema.map((c, i) => h('tr', h('td.muted', String(i + 1)), h('td.mono', c.name), h('td', h('span.type', c.type)), h('td', c.nullable ? 'yes' : 'no'),
      h('td.examples', (c.examples || []).slice(0, 4).map((e) => h('code.example', e))))))));
}

/** Who may use the dataset besides its owner: grants to a user or to everyone (*), read or write. */
function sharing(d) {
  const box = h('div.sharing');
  const path = (g) => '/api/v1/datasets/' + encodeURIComponent(d.name) + '/grants/' + encodeURIComponent(g);
  async function reload() {
    const fresh = await api.get('/api/v1/datasets/' + encodeURIComponent(d.name));
    d.grants = fresh.grants;
    render();
  }
  const grantee = h('input#grant-grantee', { placeholder: 'user name, or * for everyone', 'aria-label': 'Share with', autocomplete: 'off' });
  const level = h('select#grant-access', { 'aria-label': 'Access' }, h('option', { value: 'read' }, 'can read'), h('option', { value: 'write' }, 'can change'));
  const add = h('button.btn.primary#grant-add', { type: 'submit' }, 'Share');
  const form = h('form.grant-form', { on: { submit: async (e) => {
    e.preventDefault();
    const who = grantee.value.trim();
    if (!who) { grantee.focus(); return; }
    try { await api.put(path(who), { access: level.value }); toast('Shared with ' + (who === '*' ? 'everyone' : who), 'ok'); grantee.value = ''; await reload(); } catch (x) { toast(x.message, 'error'); }
  } } }, h('div.field.compact', h('label', { for: 'grant-grantee' }, 'Share with'), grantee), h('div.field.compact', h('label', { for: 'grant-access' }, 'Access'), level), add);
  function render() {
    clear(box);
    box.append(h('p.muted', 'Owner: ' + (d.owner || 'admins (made at the command line)') + '. Admins can always read and change it.'), form);
    if (!d.grants.length) { box.append(empty('Not shared', 'Only its owner and admins can see this dataset.')); return; }
    box.append(h('div.table-scroll', h('table.table#grants-table', h('thead', h('tr', h('th', 'Who'), h('th', 'Access'), h('th.actions', h('span.sr-only', 'Actions')))),
      h('tbody', d.grants.map((g) => h('tr', { dataset: { grantee: g.grantee } }, h('td', g.grantee === '*' ? 'everyone' : g.grantee),
        h('td', g.access === 'write' ? 'can change' : 'can read'),
        h('td.actions', h('button.btn.ghost.small.danger-text', { type: 'button', 'aria-label': 'Stop sharing with ' + g.grantee, on: { click: async () => {
          try { await api.del(path(g.grantee)); toast('No longer shared with ' + (g.grantee === '*' ? 'everyone' : g.grantee)); await reload(); } catch (x) { toast(x.message, 'error'); }
        } } }, 'Remove'))))))));
  }
  render();
  return box;
}

function runsTable(items) {
  if (!items.length) return empty('No runs yet', 'Each analysis of this dataset shows here.');
  return h('div.table-scroll', h('table.table', h('thead', h('tr', h('th', 'Started'), h('th', 'Mode'), h('th', 'Status'), h('th', 'By'), h('th.num', 'Quality'), h('th.num', 'Findings'), h('th', 'Report'))),
    h('tbody', items.map((r) => h('tr', h('td', fmtTime(r.createdAt)), h('td', r.mode), h('td', badge(r.status, r.status === 'succeeded' ? 'ok' : r.status === 'failed' ? 'bad' : 'muted')), h('td', r.owner),
      h('td.num', qualityBadge(r.qualityScore)), h('td.num', r.summary ? String(r.summary.findings) : '—'),
      h('td', r.status === 'succeeded' ? ['html', 'json', 'xlsx'].map((f) => h('a.chip', { href: '/api/v1/analyses/' + encodeURIComponent(r.id) + '/report?format=' + f, download: '' }, f.toUpperCase())) : '—'))))));
}

function profile(result) {
  const grid = h('div.profile-grid#profile');
  const rows = result.table.rows;
  for (const c of result.columns) {
    const missingShare = rows ? (c.missing + c.placeholders) / rows : 0;
    const chart = h('div.mini-chart');
    const stats = [
      ['Missing', fmtInt(c.missing + c.placeholders) + ' · ' + fmtPct(missingShare)],
      ['Distinct', (c.distinctExact ? '' : '≈') + fmtInt(c.distinct)],
    ];
    if (c.numeric) stats.push(['Mean', fmtNum(c.numeric.mean)], ['Median', fmtNum(c.numeric.median)], ['Min', fmtNum(c.numeric.min)], ['Max', fmtNum(c.numeric.max)]);
    else if (c.min !== null && c.kind === 'TEMPORAL') stats.push(['From', c.min], ['To', c.max]);
    else if (c.text) stats.push(['Length', c.text.minLength + '–' + c.text.maxLength]);
    const card = h('article.col-card', { dataset: { column: c.name } },
      h('header.col-head', h('div', h('h2.mono', c.name), h('div.col-types', h('span.type', c.type), badge(label(c.semanticType), 'soft'),
        c.personalData ? badge('personal data', 'pii') : null, c.unique ? badge('unique', 'soft') : null)),
      h('div.col-quality', { title: 'Column quality' }, qualityBadge(result.quality.byColumn ? result.quality.byColumn[c.name] : c.quality))),
      h('div.missing-bar', { title: fmtPct(missingShare) + ' missing', 'aria-hidden': 'true' }, h('div.missing-fill', { style: 'width:' + Math.min(100, missingShare * 100).toFixed(1) + '%' })),
      h('div.stats', stats.map(([k, v]) => h('div.kv', h('div.k', k), h('div.v', { title: String(v) }, v)))),
      chart);
    grid.append(card);
    drawColumn(chart, c);
  }
  const extra = [];
  if (result.table.correlations.length) {
    const el = h('div.wide-chart');
    extra.push(h('section.card', h('h2', 'Correlations'), el));
    const names = [...new Set(result.table.correlations.flatMap((x) => [x.left, x.right]))];
    const z = names.map((a) => names.map((b) => {
      if (a === b) return 1;
      const f = result.table.correlations.find((x) => (x.left === a && x.right === b) || (x.left === b && x.right === a));
      return f ? f.value : null;
    }));
    plotLazily(el, [{ type: 'heatmap', x: names, y: names, z, zmin: -1, zmax: 1, colorscale: 'RdBu', reversescale: true, hoverongaps: false }],
      { height: Math.max(260, 40 + names.length * 28), yaxis: { autorange: 'reversed' } });
  }
  for (const s of result.sections || []) extra.push(stepSection(s));
  if (result.notes.length) extra.push(h('section.card.notes', h('h2', 'Notes'), h('ul', result.notes.map((n) => h('li', n)))));
  return h('div', grid, extra);
}

// What an analysis step added: a titled table, each value shown by its column's format. Every step's section
// renders here without code of its own.
function stepSection(s) {
  const cell = (v, format) => v === null || v === undefined ? '' : format === 'COUNT' ? fmtInt(v)
    : format === 'NUMBER' ? fmtNum(v) : format === 'SHARE' ? fmtPct(v) : String(v);
  const num = (c) => c.format !== 'TEXT';
  return h('section.card.step-section', { id: 'section-' + s.id, dataset: { section: s.id } }, h('h2', s.title), h('p.muted', s.summary),
    h('div.table-scroll', { tabindex: '0', role: 'region', 'aria-label': s.title },
      h('table.table.compact', h('thead', h('tr', s.columns.map((c) => h(num(c) ? 'th.num' : 'th', c.name)))),
        h('tbody', s.rows.map((r) => h('tr', r.map((v, i) => h(num(s.columns[i]) ? 'td.num' : 'td', cell(v, s.columns[i].format)))))))));
}

function drawColumn(el, c) {
  if (c.histogram && c.histogram.counts.length) {
    const e = c.histogram.edges;
    const temporal = c.kind === 'TEMPORAL';
    const x = c.histogram.counts.map((_, i) => temporal ? new Date(((e[i] + e[i + 1]) / 2) * 1000).toISOString() : (e[i] + e[i + 1]) / 2);
    const width = c.histogram.counts.map((_, i) => (e[i + 1] - e[i]) * (temporal ? 1000 : 1));
    plotLazily(el, [{ type: 'bar', x, y: c.histogram.counts, width, marker: { color: PALETTE[0] }, hovertemplate: '%{x}<br>%{y} rows<extra></extra>' }],
      { height: 150, margin: { l: 36, r: 8, t: 6, b: 28 }, bargap: 0.04, xaxis: temporal ? { type: 'date' } : {}, yaxis: { nticks: 3 } }, { displayModeBar: false });
  } else if (c.topValues && c.topValues.length) {
    const top = c.topValues.slice(0, 8);
    plotLazily(el, [{ type: 'bar', orientation: 'h', x: top.map((v) => v.count), y: top.map((v) => v.value.length > 24 ? v.value.slice(0, 23) + '…' : v.value), marker: { color: PALETTE[0] },
      hovertemplate: '%{y}: %{x} rows<extra></extra>' }],
    { height: 40 + top.length * 18, margin: { l: 8, r: 8, t: 6, b: 24 }, yaxis: { type: 'category', autorange: 'reversed', automargin: true }, xaxis: { nticks: 4 } }, { displayModeBar: false });
  } else {
    el.append(h('div.muted.small.no-chart', 'No distribution for this column.'));
  }
}

function evidenceList(ev) {
  const entries = Object.entries(ev || {});
  if (!entries.length) return null;
  const show = (v) => Array.isArray(v) ? v.map((x) => typeof x === 'object' ? JSON.stringify(x) : String(x)).join(', ')
    : v !== null && typeof v === 'object' ? JSON.stringify(v) : typeof v === 'number' ? fmtNum(v) : String(v);
  return h('dl.evidence', entries.map(([k, v]) => [h('dt', k.replace(/([A-Z])/g, ' $1').toLowerCase()), h('dd', show(v))]));
}

function findings(result) {
  if (!result.findings.length) return empty('No findings', 'The analysis found no quality problems.');
  const out = h('div.findings#findings');
  for (const sev of ['CRITICAL', 'WARNING', 'INFO']) {
    const list = result.findings.filter((f) => f.severity === sev);
    if (!list.length) continue;
    const [name, kind] = SEVERITY[sev];
    out.append(h('section.sev-group', h('h2', badge(name, kind), ' ', h('span.muted', list.length + (list.length === 1 ? ' finding' : ' findings'))),
      list.map((f) => h('article.finding.' + kind, { dataset: { kind: f.kind } },
        h('div.finding-head', h('strong', f.title), f.column ? h('code.mono.col-ref', f.column) : null, h('span.muted.small', label(f.kind))),
        evidenceList(f.evidence),
        f.suggestion ? h('p.suggestion', '→ ', f.suggestion) : null))));
  }
  return out;
}

function insights(result) {
  const ins = result.insights;
  if (!ins || !ins.series.length) return empty('No insights over time', 'Insights need a date or time column and a measure; run a full analysis, or name the time column.');
  const out = h('div.insights#insights', h('p.muted', 'Measured per ' + ins.grain.toLowerCase() + ' over ', h('code', ins.timeColumn), '.'));
  for (const s of ins.series) {
    const el = h('div.wide-chart.series-chart');
    const t = s.trend;
    const chips = [];
    if (t) chips.push(badge('trend ' + t.direction.toLowerCase() + (t.relativeChange !== null ? ' ' + (t.relativeChange > 0 ? '+' : '') + fmtPct(t.relativeChange) : ''), t.direction === 'UP' ? 'ok' : t.direction === 'DOWN' ? 'bad' : 'muted'));
    for (const p of s.seasonality) chips.push(badge(p.label + ' seasonality' + (p.strength !== null ? ' · ' + fmtNum(p.strength, 2) : ''), 'soft'));
    chips.push(badge(s.anomalies.length + (s.anomalies.length === 1 ? ' anomaly' : ' anomalies'), s.anomalies.length ? 'warn' : 'muted'));
    const traces = [{ type: 'scatter', mode: 'lines', name: s.measure, x: s.points.map((p) => p.at), y: s.points.map((p) => p.value), line: { color: PALETTE[0], width: 1.6 } }];
    if (t && t.slopePerDay !== null && s.points.length > 1) {
      const first = new Date(s.points[0].at).getTime();
      const vals = s.points.map((p) => p.value).filter((v) => v !== null);
      const mean = vals.reduce((a, b) => a + b, 0) / Math.max(1, vals.length);
      const days = s.points.map((p) => (new Date(p.at).getTime() - first) / 86400000);
      const midDay = days.reduce((a, b) => a + b, 0) / days.length;
      traces.push({ type: 'scatter', mode: 'lines', name: 'trend', x: [s.points[0].at, s.points[s.points.length - 1].at],
        y: [mean + t.slopePerDay * (days[0] - midDay), mean + t.slopePerDay * (days[days.length - 1] - midDay)], line: { color: PALETTE[1], dash: 'dash', width: 1.5 } });
    }
    if (s.anomalies.length) {
      traces.push({ type: 'scatter', mode: 'markers', name: 'anomalies', x: s.anomalies.map((a) => a.at), y: s.anomalies.map((a) => a.value),
        marker: { color: '#e45756', size: 9, symbol: 'circle-open', line: { width: 2 } },
        text: s.anomalies.map((a) => 'expected ' + fmtNum(a.expected)), hovertemplate: '%{x}<br>%{y} (%{text})<extra>anomaly</extra>' });
    }
    plotLazily(el, traces, { height: 280, xaxis: { type: 'date' }, yaxis: { title: s.measure }, showlegend: true });
    const contributors = s.anomalies.flatMap((a) => a.contributors.map((c) => ({ ...c, at: a.at }))).slice(0, 8);
    out.append(h('section.card.series', h('div.series-head', h('h2.mono', s.measure), h('div.chips', chips)), el,
      s.anomalies.length ? h('details.anomalies', h('summary', 'Anomalies and top contributors'),
        h('div.table-scroll', h('table.table.compact', h('thead', h('tr', h('th', 'At'), h('th.num', 'Value'), h('th.num', 'Expected'), h('th.num', 'p-value'), h('th', 'Top contributors'))),
          h('tbody', s.anomalies.map((a) => h('tr', h('td', fmtTime(a.at)), h('td.num', fmtNum(a.value)), h('td.num', fmtNum(a.expected)), h('td.num', fmtNum(a.pValue, 2)),
            h('td', a.contributors.length ? a.contributors.slice(0, 3).map((c) => h('span.chip', c.column + ' = ' + c.value + ' (' + (c.delta > 0 ? '+' : '') + fmtNum(c.delta) + ')')) : h('span.muted', '—')))))))) : null,
      contributors.length ? null : null));
  }
  return out;
}
