// Assay API reference: renders the OpenAPI 3.1 document of this server. No frameworks, no external requests,
// no HTML parsing: every text from the document goes into the page as a text node.

const DOC_URL = new URL('../openapi.json', import.meta.url); // /api/v1/docs/docs.js → /api/v1/openapi.json
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];
const MAX_DEPTH = 4;

/** Makes an element: el('a', {href: '#x', class: 'y'}, 'text', child, ...). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** A tiny, safe Markdown subset: paragraphs, `code`, **bold**, [text](url) for same-page and http(s) links. */
function md(text, tag = 'div') {
  const box = el(tag, { class: 'md' });
  if (!text) return box;
  for (const para of String(text).split(/\n{2,}/)) {
    box.append(inline(para, el('p')));
  }
  return box;
}

function inline(text, into) {
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    into.append(document.createTextNode(text.slice(last, m.index)));
    if (m[1] !== undefined) into.append(el('code', {}, m[1]));
    else if (m[2] !== undefined) into.append(el('strong', {}, m[2]));
    else if (/^(#|\/|https?:)/.test(m[4])) into.append(el('a', { href: m[4] }, m[3]));
    else into.append(document.createTextNode(m[0]));
    last = m.index + m[0].length;
  }
  into.append(document.createTextNode(text.slice(last)));
  return into;
}

function slug(s) {
  return String(s).replace(/[^A-Za-z0-9_-]+/g, '-');
}

function schemaName(ref) {
  const prefix = '#/components/schemas/';
  return ref.startsWith(prefix) ? decodeURIComponent(ref.slice(prefix.length)).replace(/~1/g, '/').replace(/~0/g, '~') : null;
}

function schemaLink(name) {
  return el('a', { href: `#schema-${slug(name)}` }, name);
}

/** Follows a local $ref ('#/components/...') through the document. */
function resolve(doc, node, hops = 0) {
  if (!node || typeof node !== 'object' || typeof node.$ref !== 'string' || hops > 20) return node;
  if (!node.$ref.startsWith('#/')) return node;
  let target = doc;
  for (const part of node.$ref.slice(2).split('/')) {
    target = target?.[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return target === undefined ? node : resolve(doc, target, hops + 1);
}

function isNullSchema(s) {
  return s && (s.type === 'null' || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null));
}

/** The type of a schema as inline nodes: links for references, `array of X`, `X | null`, enum values. */
function typeOf(schema, depth = 0) {
  if (schema === true || schema === undefined || (schema && Object.keys(schema).length === 0)) return ['any'];
  if (schema === false) return ['nothing'];
  if (schema.$ref) {
    const name = schemaName(schema.$ref);
    return [name ? schemaLink(name) : schema.$ref];
  }
  for (const key of ['anyOf', 'oneOf']) {
    if (Array.isArray(schema[key])) {
      const parts = schema[key].map((s) => (isNullSchema(s) ? ['null'] : typeOf(s, depth + 1)));
      return join(parts, ' | ');
    }
  }
  if (Array.isArray(schema.allOf)) {
    return join(schema.allOf.map((s) => (s.$ref ? typeOf(s, depth + 1) : ['object'])), ' & ');
  }
  if ('const' in schema) return [el('code', {}, JSON.stringify(schema.const))];
  let types = schema.type === undefined ? [] : [].concat(schema.type);
  if (types.length === 0 && schema.enum) types = ['enum'];
  if (types.length === 0 && schema.properties) types = ['object'];
  const parts = types.map((t) => {
    if (t === 'array') return ['array of ', ...typeOf(schema.items ?? {}, depth + 1)];
    if (t === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object'
        && !schema.properties) return ['map of ', ...typeOf(schema.additionalProperties, depth + 1)];
    if (t === 'string' && schema.format) return [`string (${schema.format})`];
    if (t === 'string' && schema.contentMediaType) return [`binary (${schema.contentMediaType})`];
    if (t === 'integer' && schema.format) return [`integer (${schema.format})`];
    return [t];
  });
  return parts.length ? join(parts, ' | ') : ['any'];
}

function join(parts, sep) {
  const out = [];
  parts.forEach((p, i) => { if (i) out.push(sep); out.push(...p); });
  return out;
}

/** Constraints worth showing next to a description: enum, default, ranges, lengths, pattern. */
function constraints(schema) {
  if (!schema || typeof schema !== 'object') return null;
  const items = [];
  const add = (label, value) => items.push(el('span', {}, `${label} `, el('code', {}, value)));
  const enumOf = schema.enum ?? schema.items?.enum;
  if (enumOf) items.push(el('span', {}, 'one of ', join(enumOf.map((v) => [el('code', {}, JSON.stringify(v))]), ', ')));
  if ('default' in schema) add('default', JSON.stringify(schema.default));
  if ('minimum' in schema) add('min', schema.minimum);
  if ('maximum' in schema) add('max', schema.maximum);
  if ('minLength' in schema) add('min length', schema.minLength);
  if ('maxLength' in schema) add('max length', schema.maxLength);
  if ('pattern' in schema) add('pattern', schema.pattern);
  if (schema.propertyNames?.pattern) add('names match', schema.propertyNames.pattern);
  if (schema.patternProperties) {
    for (const p of Object.keys(schema.patternProperties)) add('also properties matching', p);
  }
  if (items.length === 0) return null;
  return el('div', { class: 'constraints' }, join(items.map((i) => [i]), ' · '));
}

/** The object part of a schema: its own properties and required names, merged over allOf members. */
function objectShape(doc, schema, seen = new Set()) {
  const shape = { properties: {}, required: new Set(), bases: [] };
  if (!schema || typeof schema !== 'object') return shape;
  for (const member of schema.allOf ?? []) {
    if (member.$ref) {
      shape.bases.push(schemaName(member.$ref) ?? member.$ref);
    } else {
      const inner = objectShape(doc, member, seen);
      Object.assign(shape.properties, inner.properties);
      inner.required.forEach((r) => shape.required.add(r));
    }
  }
  Object.assign(shape.properties, schema.properties ?? {});
  (schema.required ?? []).forEach((r) => shape.required.add(r));
  return shape;
}

/** Inline object schemas nested in a property (directly, as array items, or in anyOf with null). */
function nestedObject(schema) {
  if (!schema || typeof schema !== 'object' || schema.$ref) return null;
  if (schema.properties || schema.allOf?.some((m) => !m.$ref)) return schema;
  if (schema.items) return nestedObject(schema.items);
  for (const key of ['anyOf', 'oneOf']) {
    for (const s of schema[key] ?? []) {
      const found = nestedObject(s);
      if (found) return found;
    }
  }
  return null;
}

function propertiesTable(doc, schema, depth = 0) {
  const shape = objectShape(doc, schema);
  const box = el('div');
  if (shape.bases.length) {
    box.append(el('p', { class: 'constraints' }, 'All the fields of ', join(shape.bases.map((b) => [schemaLink(b)]), ', '),
      Object.keys(shape.properties).length ? ', and:' : '.'));
  }
  const names = Object.keys(shape.properties);
  if (names.length === 0) return box;
  const body = el('tbody');
  for (const name of names) {
    const prop = shape.properties[name];
    const nested = depth < MAX_DEPTH ? nestedObject(prop) : null;
    body.append(el('tr', {},
      el('td', { class: 'name' }, name, shape.required.has(name) ? el('span', { class: 'req', title: 'required' }, 'required') : null),
      el('td', { class: 'type' }, typeOf(prop)),
      el('td', {}, prop?.description ? md(prop.description) : null, constraints(prop),
        nested ? el('div', { class: 'nested' }, propertiesTable(doc, nested, depth + 1)) : null)));
  }
  box.append(el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Field'), el('th', {}, 'Type'), el('th', {}, 'Description'))), body));
  return box;
}

/** A schema for a request or response body: its type line and, for inline objects, its fields. */
function schemaBlock(doc, schema) {
  if (!schema) return el('span', { class: 'constraints' }, 'any');
  const block = el('div', {}, el('span', { class: 'type mono' }, typeOf(schema)));
  if (schema.description && !schema.$ref) block.append(md(schema.description));
  const nested = nestedObject(schema);
  if (nested) block.append(el('div', { class: 'nested' }, propertiesTable(doc, nested, 1)));
  return block;
}

function contentBlock(doc, content) {
  const box = el('div');
  for (const [mediaType, media] of Object.entries(content ?? {})) {
    const row = el('div', { class: 'media' }, el('span', { class: 'mt' }, mediaType), schemaBlock(doc, media.schema));
    for (const [name, example] of Object.entries(media.examples ?? {})) {
      const value = resolve(doc, example)?.value;
      if (value === undefined) continue;
      row.append(el('details', { class: 'example' }, el('summary', {}, `Example: ${example.summary ?? name}`),
        el('pre', {}, JSON.stringify(value, null, 2))));
    }
    box.append(row);
  }
  return box;
}

function securityText(doc, op) {
  const requirements = op.security ?? doc.security ?? [];
  if (requirements.length === 0) return el('p', { class: 'auth public' }, 'Public: no sign-in needed.');
  const optional = requirements.some((r) => Object.keys(r).length === 0);
  const names = requirements.flatMap((r) => Object.keys(r)).map((n) => {
    const s = doc.components?.securitySchemes?.[n];
    if (s?.type === 'http' && s.scheme === 'bearer') return 'a bearer token';
    if (s?.type === 'apiKey' && s.in === 'cookie') return `the ${s.name} session cookie`;
    return n;
  });
  return el('p', { class: 'auth' }, optional ? 'Sign-in optional: ' : 'Needs ', names.join(' or '), '.');
}

function parametersTable(doc, params) {
  const body = el('tbody');
  for (const raw of params) {
    const p = resolve(doc, raw);
    const schema = p.schema ?? {};
    body.append(el('tr', {},
      el('td', { class: 'name' }, p.name, p.required ? el('span', { class: 'req', title: 'required' }, 'required') : null),
      el('td', {}, p.in),
      el('td', { class: 'type' }, typeOf(schema)),
      el('td', {}, p.description ? md(p.description) : null, constraints(schema))));
  }
  return el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'In'), el('th', {}, 'Type'),
    el('th', {}, 'Description'))), body);
}

function responsesTable(doc, responses) {
  const body = el('tbody');
  for (const [status, raw] of Object.entries(responses ?? {})) {
    const r = resolve(doc, raw);
    const headers = Object.entries(r.headers ?? {});
    body.append(el('tr', {},
      el('td', {}, el('span', { class: `status-code s${status[0]}` }, status)),
      el('td', {}, md(r.description),
        headers.length ? el('div', { class: 'constraints' }, 'Headers: ',
          join(headers.map(([h]) => [el('code', {}, h)]), ', ')) : null,
        contentBlock(doc, r.content))));
  }
  return el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Status'), el('th', {}, 'Answer'))), body);
}

function operationsOf(doc) {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      ops.push({ path, method, op, params, id: op.operationId ?? `${method}-${path}` });
    }
  }
  return ops;
}

function renderOperation(doc, { path, method, op, params, id }) {
  const section = el('section', { class: 'op', id: `op-${slug(id)}`, 'data-search': `${method} ${path} ${id} ${op.summary ?? ''} ${(op.tags ?? []).join(' ')}`.toLowerCase() },
    el('header', {},
      el('span', { class: `method method-${method}` }, method),
      el('span', { class: 'path' }, path),
      el('h3', {}, op.summary ?? ''),
      el('a', { class: 'opid', href: `#op-${slug(id)}`, title: 'Link to this operation' }, id)));
  const body = el('div', { class: 'body' });
  if (op.deprecated) body.append(el('p', { class: 'status error' }, 'Deprecated.'));
  body.append(md(op.description), securityText(doc, op));
  if (params.length) body.append(el('h4', {}, 'Parameters'), parametersTable(doc, params));
  if (op.requestBody) {
    const rb = resolve(doc, op.requestBody);
    body.append(el('h4', {}, rb.required ? 'Request body (required)' : 'Request body (optional)'));
    if (rb.description) body.append(md(rb.description));
    body.append(contentBlock(doc, rb.content));
  }
  body.append(el('h4', {}, 'Responses'), responsesTable(doc, op.responses));
  section.append(body);
  return section;
}

function render(doc) {
  const info = doc.info ?? {};
  document.title = `${info.title ?? 'API'} ${info.version ?? ''} reference`;
  document.getElementById('title').textContent = info.title ?? 'API reference';
  document.getElementById('version').textContent = `v${info.version ?? '?'} · OpenAPI ${doc.openapi ?? '?'}`;

  const intro = document.getElementById('intro');
  intro.className = 'intro';
  intro.append(md(info.description));
  intro.append(el('p', { class: 'constraints' }, 'The machine-readable document: ', el('a', { href: DOC_URL.pathname }, DOC_URL.pathname),
    info.license ? ` · Licence ${info.license.identifier ?? info.license.name}` : ''));

  const ops = operationsOf(doc);
  const tagList = [...(doc.tags ?? [])];
  for (const { op } of ops) {
    for (const t of op.tags ?? ['other']) if (!tagList.some((x) => x.name === t)) tagList.push({ name: t });
  }
  const nav = document.getElementById('nav');
  const container = document.getElementById('operations');
  for (const tag of tagList) {
    const mine = ops.filter(({ op }) => (op.tags ?? ['other']).includes(tag.name));
    if (mine.length === 0) continue;
    const section = el('section', { class: 'tag', id: `tag-${slug(tag.name)}` }, el('h2', {}, tag.name));
    if (tag.description) section.append(md(tag.description));
    const list = el('ul');
    for (const o of mine) {
      section.append(renderOperation(doc, o));
      list.append(el('li', { 'data-op': `op-${slug(o.id)}` }, el('a', { href: `#op-${slug(o.id)}`, title: `${o.method.toUpperCase()} ${o.path}` },
        el('span', { class: `method method-${o.method}` }, o.method), el('span', {}, o.op.summary ?? o.path))));
    }
    nav.append(el('h2', {}, el('a', { href: `#tag-${slug(tag.name)}` }, tag.name)), list);
    container.append(section);
  }

  const schemas = doc.components?.schemas ?? {};
  if (Object.keys(schemas).length) {
    const section = el('section', { class: 'tag', id: 'schemas-section' }, el('h2', {}, 'Schemas'),
      el('p', {}, 'The shapes of the bodies above. Fields marked required are always present; a type with ', el('code', {}, 'null'),
        ' may be null.'));
    const list = el('ul');
    for (const [name, schema] of Object.entries(schemas)) {
      const block = el('section', { class: 'schema', id: `schema-${slug(name)}`, 'data-search': `schema ${name}`.toLowerCase() },
        el('h3', {}, name), el('div', { class: 'type mono' }, typeOf({ ...schema, description: undefined })));
      if (schema.description) block.append(md(schema.description));
      block.append(constraints(schema) ?? '');
      block.append(propertiesTable(doc, schema));
      section.append(block);
      list.append(el('li', { 'data-op': `schema-${slug(name)}` }, el('a', { href: `#schema-${slug(name)}` }, el('span', { class: 'mono' }, name))));
    }
    nav.append(el('h2', {}, el('a', { href: '#schemas-section' }, 'Schemas')), list);
    document.getElementById('schemas').append(section);
  }
}

function wireFilter() {
  const input = document.getElementById('filter');
  input.addEventListener('input', () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const node of document.querySelectorAll('[data-search]')) {
      const hit = words.every((w) => node.dataset.search.includes(w));
      node.classList.toggle('hidden', !hit);
      document.querySelector(`[data-op="${node.id}"]`)?.classList.toggle('hidden', !hit);
    }
    for (const tag of document.querySelectorAll('section.tag')) {
      const any = tag.querySelector('[data-search]:not(.hidden)');
      tag.classList.toggle('hidden', !any);
    }
  });
}

async function main() {
  const status = document.getElementById('status');
  try {
    const response = await fetch(DOC_URL, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const doc = await response.json();
    render(doc);
    wireFilter();
    status.remove();
    if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  } catch (e) {
    status.className = 'status error';
    status.textContent = `Could not load ${DOC_URL.pathname}: ${e.message}`;
  }
}

main();
