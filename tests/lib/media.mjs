// Helpers shared by the media tests: where blobs live on disk, fetching bytes as a client, polling.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Every stored blob file name (content hashes) under `dataDir`, leaving out the temp folder. */
export function blobFiles(dataDir) {
  const root = path.join(dataDir, 'media');
  const out = [];
  if (!existsSync(root)) return out;
  for (const a of readdirSync(root)) {
    if (a === 'tmp') continue;
    for (const b of readdirSync(path.join(root, a))) out.push(...readdirSync(path.join(root, a, b)));
  }
  return out;
}

/** The file a content hash is stored in (FsBlobStore's layout: ab/cd/<hash>). */
export const blobPath = (dataDir, hash) => path.join(dataDir, 'media', hash.slice(0, 2), hash.slice(2, 4), hash);

/** GET `url` as `client` (its bearer token, if any); the body as a Buffer. */
export async function fetchBytes(client, url, headers = {}) {
  const h = { ...headers };
  if (client.token) h.authorization = `Bearer ${client.token}`;
  const res = await fetch(client.base + url, { headers: h });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Polls `check` every 50 ms for up to 5 s; fails naming `what`. */
export async function eventually(check, what) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}
