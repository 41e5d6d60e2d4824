// The REST API, as the page calls it: JSON in and out, the session's CSRF token on every change,
// problem+json errors as ApiError, uploads with progress, job events.

let csrf = null;

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || ('HTTP ' + status));
    this.problem = problem;
    this.status = status;
    this.code = problem.code || '';
    this.hint = problem.hint || '';
    this.details = problem.details || {};
  }
}

export function setCsrf(token) { csrf = token; }

async function problemOf(res) {
  const type = res.headers.get('content-type') || '';
  if (type.includes('json')) {
    try { return await res.json(); } catch (e) { /* fall through */ }
  }
  return { status: res.status, title: res.statusText, detail: 'The server answered ' + res.status + ' ' + res.statusText + '.' };
}

export async function call(method, path, body, opts = {}) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  const init = { method, headers, credentials: 'same-origin', signal: opts.signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (!res.ok) {
    const problem = await problemOf(res);
    const err = new ApiError(problem, res.status);
    if (res.status === 401 && !opts.quiet401) window.dispatchEvent(new CustomEvent('assay:unauthorized'));
    throw err;
  }
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  return type.includes('json') ? res.json() : res.text();
}

export const get = (p, o) => call('GET', p, undefined, o);
export const post = (p, b, o) => call('POST', p, b === undefined ? {} : b, o);
export const put = (p, b) => call('PUT', p, b);
export const patch = (p, b) => call('PATCH', p, b);
export const del = (p) => call('DELETE', p);

export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? '?' + s : '';
}

export const enc = encodeURIComponent;

/** Uploads a file as multipart with a progress callback (fraction 0..1 of bytes sent); resolves to the Job. */
export function upload(file, params, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/datasets' + qs(params));
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total, e.loaded, e.total); });
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = { detail: xhr.responseText || xhr.statusText }; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(body, xhr.status));
    });
    xhr.addEventListener('error', () => reject(new ApiError({ detail: 'The upload failed: the connection to the server was lost.' }, 0)));
    xhr.addEventListener('abort', () => reject(new ApiError({ detail: 'The upload was cancelled.', code: 'CANCELLED' }, 0)));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
    if (params.signal) params.signal.addEventListener('abort', () => xhr.abort());
  });
}

/**
 * Follows a job to its end through its Server-Sent Events, calling onUpdate with each Job; resolves to the
 * finished Job. Falls back to polling if the event stream breaks.
 */
export function follow(jobId, onUpdate = () => {}) {
  return new Promise((resolve) => {
    let finished = false;
    const finish = (job) => { if (!finished) { finished = true; onUpdate(job); resolve(job); } };
    const poll = async () => {
      while (!finished) {
        try {
          const job = await get('/api/v1/jobs/' + enc(jobId));
          if (['succeeded', 'failed', 'cancelled'].includes(job.status)) { finish(job); return; }
          onUpdate(job);
        } catch (e) { /* keep trying */ }
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    let es;
    try { es = new EventSource('/api/v1/jobs/' + enc(jobId) + '/events'); } catch (e) { poll(); return; }
    es.addEventListener('progress', (e) => { try { onUpdate(JSON.parse(e.data)); } catch (x) { /* ignore */ } });
    es.addEventListener('done', (e) => { es.close(); try { finish(JSON.parse(e.data)); } catch (x) { poll(); } });
    es.addEventListener('error', () => { es.close(); if (!finished) poll(); });
  });
}
