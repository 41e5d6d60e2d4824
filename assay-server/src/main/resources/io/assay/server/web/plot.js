// Plotly with the page's theme: transparent backgrounds, the theme's text and grid colours, no logo, no
// requests anywhere (the bundle is served by this server; its mode bar links nowhere).

export const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

function themeColors() {
  const css = getComputedStyle(document.documentElement);
  return { text: css.getPropertyValue('--text').trim() || '#222', muted: css.getPropertyValue('--muted').trim() || '#666', grid: css.getPropertyValue('--grid').trim() || '#e5e5e5' };
}

export function themed(layout = {}) {
  const c = themeColors();
  const axis = (a = {}) => ({ gridcolor: c.grid, zerolinecolor: c.grid, linecolor: c.grid, tickfont: { color: c.muted }, automargin: true, ...a,
    title: a.title ? (typeof a.title === 'string' ? { text: a.title, font: { color: c.muted, size: 12 } } : a.title) : undefined });
  return {
    paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)',
    font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', color: c.text, size: 12 },
    colorway: PALETTE, margin: { l: 48, r: 16, t: layout.title ? 36 : 12, b: 40 }, hoverlabel: { font: { size: 12 } },
    legend: { font: { color: c.muted }, orientation: 'h', y: -0.2 },
    ...layout,
    title: layout.title ? { text: layout.title, font: { size: 13, color: c.text }, x: 0, xanchor: 'left' } : undefined,
    xaxis: axis(layout.xaxis), yaxis: axis(layout.yaxis),
  };
}

export const CONFIG = { displaylogo: false, responsive: true, displayModeBar: 'hover', modeBarButtonsToRemove: ['sendDataToCloud', 'select2d', 'lasso2d'] };

/**
 * Plotly (about 500 KB compressed), loaded the first time a chart is drawn rather than by every page: sign-in and the
 * pages without charts never parse it. Same origin, so the page's Content-Security-Policy allows it.
 */
let loading = null;
export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/ui/vendor/plotly.js';
      script.async = true;
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error('the chart library did not load')));
      script.onerror = () => { loading = null; script.remove(); reject(new Error('the chart library did not load')); };
      document.head.append(script);
    });
  }
  return loading;
}

export function plot(el, data, layout, config = {}) {
  return loadPlotly().then((Plotly) => Plotly.react(el, data, themed(layout), { ...CONFIG, ...config }),
    () => { el.textContent = 'Charts are unavailable: the chart library did not load.'; return null; });
}

/** Re-themes every chart on the page when the theme changes. */
window.addEventListener('assay:theme', () => {
  if (!window.Plotly) return;
  for (const el of document.querySelectorAll('.js-plotly-plot')) {
    const c = themeColors();
    window.Plotly.relayout(el, { 'font.color': c.text, 'xaxis.gridcolor': c.grid, 'yaxis.gridcolor': c.grid, 'xaxis.tickfont.color': c.muted, 'yaxis.tickfont.color': c.muted });
  }
});

/** Draws when the element scrolls into view (many small charts on one page stay cheap). */
const pending = new WeakMap();
const observer = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
  for (const e of entries) {
    if (e.isIntersecting && pending.has(e.target)) {
      const draw = pending.get(e.target);
      pending.delete(e.target);
      observer.unobserve(e.target);
      draw();
    }
  }
}, { rootMargin: '200px' }) : null;

export function plotLazily(el, data, layout, config) {
  if (!observer) { plot(el, data, layout, config); return; }
  pending.set(el, () => plot(el, data, layout, config));
  observer.observe(el);
}
