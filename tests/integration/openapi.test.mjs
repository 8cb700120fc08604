// docs/api/openapi.yaml against the server: the routes the binary serves (`kring routes`, read from
// the router itself) and the operations the document describes must be the same set, the document
// must hang together (responses everywhere, every $ref resolves, path parameters declared), and
// the public GET endpoints must answer with a status the document lists for them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot, runKring, startServer } from '../lib/server.mjs';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const specPath = path.join(repoRoot, 'docs', 'api', 'openapi.yaml');

/** "GET /api/v1/posts/:id" -> "GET /api/v1/posts/{id}" */
function toOpenApiPath(pattern) {
  return pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

/** Every operation of the document as { key: "METHOD /path", method, path, op, pathItem }. */
function documentedOperations(doc) {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths || {})) {
    for (const method of HTTP_METHODS) {
      if (item[method]) out.push({ key: `${method.toUpperCase()} ${p}`, method, path: p, op: item[method], pathItem: item });
    }
  }
  return out;
}

/** Resolves a local JSON pointer ("#/components/schemas/Post"); undefined when it leads nowhere. */
function resolvePointer(doc, ref) {
  if (!ref.startsWith('#/')) return undefined;
  let node = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Follows $ref chains (a parameter or response may be a reference). */
function deref(doc, node) {
  const seen = new Set();
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) throw new Error(`$ref cycle at ${node.$ref}`);
    seen.add(node.$ref);
    node = resolvePointer(doc, node.$ref);
  }
  return node;
}

/** Every $ref in the document with where it sits. */
function collectRefs(node, where = '#', out = []) {
  if (Array.isArray(node)) {
    node.forEach((v, i) => collectRefs(v, `${where}/${i}`, out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push({ ref: v, where });
      else collectRefs(v, `${where}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
    }
  }
  return out;
}

/** The operation's parameters merged with its path item's, dereferenced. */
function parametersOf(doc, { op, pathItem }) {
  return [...(pathItem.parameters || []), ...(op.parameters || [])].map((p) => deref(doc, p));
}

/** True when the operation cannot be called anonymously (no empty requirement among its options). */
function requiresAuth(doc, op) {
  const security = op.security ?? doc.security ?? [];
  if (security.length === 0) return false;
  return !security.some((requirement) => Object.keys(requirement).length === 0);
}

let doc;
let served;
let routesDir;

before(() => {
  doc = YAML.parse(readFileSync(specPath, 'utf8'), { uniqueKeys: true });
  routesDir = mkdtempSync(path.join(tmpdir(), 'kring-routes-'));
  const r = runKring(['routes'], { dataDir: routesDir });
  assert.equal(r.status, 0, `kring routes failed:\n${r.stderr}`);
  served = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const m = line.match(/^([A-Z]+) (\/\S*)$/);
    assert.ok(m, `unexpected line from kring routes: ${JSON.stringify(line)}`);
    return `${m[1]} ${toOpenApiPath(m[2])}`;
  });
});

after(() => {
  if (routesDir) rmSync(routesDir, { recursive: true, force: true });
});

test('the document is OpenAPI 3.1 with paths', () => {
  assert.match(String(doc.openapi), /^3\.1\.\d+$/);
  assert.ok(doc.info && doc.info.title && doc.info.version, 'info.title and info.version are set');
  assert.ok(Object.keys(doc.paths || {}).length > 0, 'the document has paths');
  assert.ok(served.length > 0, 'kring routes listed routes');
  assert.equal(new Set(served).size, served.length, 'the server registers no route twice');
});

test('every route the server serves is documented', () => {
  const documented = new Set(documentedOperations(doc).map((o) => o.key));
  const missing = served.filter((r) => !documented.has(r));
  assert.deepEqual(missing, [], `served but not in docs/api/openapi.yaml:\n  ${missing.join('\n  ')}`);
});

test('every documented operation is served', () => {
  const routes = new Set(served);
  const extra = documentedOperations(doc).map((o) => o.key).filter((k) => !routes.has(k));
  assert.deepEqual(extra, [], `documented but not served:\n  ${extra.join('\n  ')}`);
});

test('every operation has responses, a summary and a unique operationId', () => {
  const ids = new Map();
  for (const o of documentedOperations(doc)) {
    const responses = Object.keys(o.op.responses || {});
    assert.ok(responses.length > 0, `${o.key} has no responses`);
    for (const status of responses) assert.match(status, /^([1-5]\d\d|[1-5]XX|default)$/, `${o.key}: response key ${status}`);
    assert.ok(o.op.summary, `${o.key} has no summary`);
    if (o.op.operationId) {
      assert.ok(!ids.has(o.op.operationId), `operationId ${o.op.operationId} used by ${ids.get(o.op.operationId)} and ${o.key}`);
      ids.set(o.op.operationId, o.key);
    }
  }
});

test('every $ref resolves', () => {
  const refs = collectRefs(doc);
  assert.ok(refs.length > 0, 'the document uses $ref');
  const broken = refs.filter(({ ref }) => resolvePointer(doc, ref) === undefined).map(({ ref, where }) => `${ref} (at ${where})`);
  assert.deepEqual(broken, [], `unresolved $ref:\n  ${broken.join('\n  ')}`);
});

test('path parameters match the path templates', () => {
  for (const o of documentedOperations(doc)) {
    const inTemplate = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    const declared = parametersOf(doc, o).filter((p) => p && p.in === 'path');
    assert.deepEqual(declared.map((p) => p.name).sort(), inTemplate, `${o.key}: path parameters declared vs template`);
    for (const p of declared) assert.equal(p.required, true, `${o.key}: path parameter ${p.name} must be required`);
  }
});

test('public GET endpoints answer with a documented status', async () => {
  const targets = documentedOperations(doc).filter(
    (o) => o.method === 'get' && !o.path.includes('{') && !requiresAuth(doc, o.op),
  );
  assert.ok(targets.length > 0, 'there are public GET endpoints to try');
  const server = await startServer();
  try {
    for (const o of targets) {
      const res = await fetch(server.base + o.path, { headers: { accept: 'application/json' } });
      await res.arrayBuffer();
      const documented = Object.keys(o.op.responses);
      assert.ok(
        documented.includes(String(res.status)) || documented.includes(`${String(res.status)[0]}XX`),
        `${o.key} answered ${res.status}; the document lists ${documented.join(', ')}`,
      );
    }
  } finally {
    await server.stop();
  }
});
