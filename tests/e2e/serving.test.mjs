// How `kring serve` delivers the built app: the HTML shell with a strict CSP and nothing inline,
// hashed assets cached for a year, precompressed brotli/gzip, and the SPA fallback for app routes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startWithRetry, webDist } from './helpers.mjs';

let server;
before(async () => {
  server = await startWithRetry();
});
after(async () => {
  await server?.stop();
});

const get = (p, headers = {}) => fetch(server.base + p, { headers });

test('the HTML shell has a strict CSP and no inline script or style', async () => {
  const res = await get('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  const csp = res.headers.get('content-security-policy') || '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const html = await res.text();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.match(m[1], /\bsrc="\/assets\/[^"]+\.js"/, 'every script is an external file');
    assert.equal(m[2].trim(), '', 'no inline script');
  }
  assert.doesNotMatch(html, /<style\b|\sstyle=/, 'no inline styles');
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'no third-party resources');
});

test('hashed assets are immutable and precompressed', async () => {
  const html = await (await get('/')).text();
  const js = html.match(/src="(\/assets\/[^"]+\.js)"/)[1];
  const css = html.match(/href="(\/assets\/[^"]+\.css)"/)[1];
  assert.match(js, /-[A-Za-z0-9_-]{6,}\.js$/, 'content hash in the name');
  for (const asset of [js, css]) {
    const br = await get(asset, { 'accept-encoding': 'gzip, br' });
    assert.equal(br.status, 200);
    assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(br.headers.get('content-encoding'), 'br');
    const gz = await fetch(server.base + asset, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    // fetch decodes transparently; both must equal the file on disk.
    const onDisk = readFileSync(path.join(webDist, asset));
    assert.equal(Buffer.compare(Buffer.from(await br.arrayBuffer()), onDisk), 0);
    assert.equal(Buffer.compare(Buffer.from(await gz.arrayBuffer()), onDisk), 0);
  }
});

test('the initial JavaScript stays within 100 KB gzipped', () => {
  const html = readFileSync(path.join(webDist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const total = files.reduce((n, f) => n + zlib.gzipSync(readFileSync(path.join(webDist, f))).length, 0);
  assert.ok(files.length >= 1);
  assert.ok(total <= 100 * 1024, `initial JS is ${total} bytes gzipped`);
  // Every compressible file has its siblings.
  const assets = readdirSync(path.join(webDist, 'assets')).filter((f) => /\.(js|css)$/.test(f));
  for (const f of assets) {
    const names = readdirSync(path.join(webDist, 'assets'));
    assert.ok(names.includes(`${f}.br`) && names.includes(`${f}.gz`), `${f} is precompressed`);
  }
});

test('app routes fall back to the shell; API and missing assets do not', async () => {
  for (const p of ['/c/moestuin-oost', '/@anna', '/tags/desem', '/p/123', '/communities?topic=x', '/settings', '/notifications',
    '/moderation', '/moderation/moestuin-oost/appeals', '/decisions/123', '/c/moestuin-oost/log']) {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    assert.match(res.headers.get('content-type'), /^text\/html/, p);
    assert.equal(res.headers.get('cache-control'), 'no-cache', p);
  }
  assert.equal((await get('/assets/missing-abc123.js')).status, 404);
  const api = await get('/api/v1/nothing-here');
  assert.equal(api.status, 404);
  assert.match(api.headers.get('content-type'), /json/);
});
