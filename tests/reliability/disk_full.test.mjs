// Disk full: the data directory on a small tmpfs. Writes must fail with a clear 507
// {"error":"storage_full"} (or 503), nothing acknowledged may be lost or corrupted, reads keep
// working, and writes work again once space returns. Needs root (mount); skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

function tryMount(dir, size) {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? null : (r.stderr || r.error?.message || `mount exited ${r.status}`).trim();
}

function sqlite(db, sql) {
  return execFileSync('sqlite3', [db, sql], { encoding: 'utf8' }).trim();
}

test('a full disk: clear 507s, reads go on, nothing lost or corrupted, recovery when space returns', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kring-diskfull-'));
  const why = tryMount(dir, '8m');
  if (why) {
    rmSync(dir, { recursive: true, force: true });
    t.skip(`cannot mount a tmpfs (needs root): ${why}`);
    return;
  }
  let server = null;
  try {
    // Ballast to delete later, so that space can return.
    const ballast = path.join(dir, 'ballast');
    writeFileSync(ballast, Buffer.alloc(2 * 1024 * 1024, 1));
    server = await startServer({ dataDir: dir });
    const anna = await Client.signUp(server.base, 'anna');
    assert.equal((await anna.post('/api/v1/communities', { slug: 'vol', name: 'Vol' })).status, 201);

    // Write posts until the disk is full. Each is ~30 KB of text (plus HTML and search index).
    const acked = [];
    let failure = null;
    for (let i = 0; i < 1000 && !failure; i++) {
      const body = `Bericht ${i}: ` + `woord${i} `.repeat(3000).slice(0, 30000);
      const r = await anna.post('/api/v1/posts', { community: 'vol', title: `Vol ${i}`, body });
      if (r.status === 201) acked.push(r.body.id);
      else failure = r;
    }
    assert.ok(failure, 'the disk filled up');
    t.diagnostic(`${acked.length} posts fitted; then ${failure.status} ${JSON.stringify(failure.body)}`);
    assert.ok(acked.length > 5, `some posts fit first (${acked.length})`);
    assert.ok([507, 503].includes(failure.status), `a full disk is 507 (or 503), got ${failure.status} ${JSON.stringify(failure.body)}`);
    assert.equal(failure.body.error, 'storage_full', JSON.stringify(failure.body));
    assert.match(failure.body.message, /disk is full/);

    // Other writes fail the same clear way, and change nothing.
    const comment = await anna.post(`/api/v1/posts/${acked[0]}/comments`, { body: 'x'.repeat(5000) });
    assert.ok([507, 503, 201].includes(comment.status), `comment on a full disk: ${comment.status}`);
    // Reads keep working.
    assert.equal((await anna.get('/healthz')).status, 200);
    const feed = await anna.get('/api/v1/communities/vol/posts?limit=40');
    assert.equal(feed.status, 200);
    assert.equal((await anna.get(`/api/v1/posts/${acked[acked.length - 1]}`)).status, 200);
    assert.equal(server.process.exitCode, null, 'still running');

    // Space returns: writes work again.
    unlinkSync(ballast);
    let again = null;
    for (let i = 0; i < 20; i++) {
      again = await anna.post('/api/v1/posts', { community: 'vol', title: 'Weer ruimte', body: 'Er is weer plek.' });
      if (again.status === 201) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(again.status, 201, `writes recover once space returns: ${again.status} ${JSON.stringify(again.body)}`);
    acked.push(again.body.id);

    // Every acknowledged post is there, and the database is intact, also after a restart.
    await server.stop({ keepData: true });
    server = null;
    const db = path.join(dir, 'kring.db');
    assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
    const ids = new Set(sqlite(db, 'SELECT id FROM posts').split('\n'));
    for (const id of acked) assert.ok(ids.has(id), `acknowledged post ${id} survived`);
    server = await startServer({ dataDir: dir });
    const after = await new Client(server.base, anna.token).get(`/api/v1/posts/${acked[acked.length - 1]}`);
    assert.equal(after.status, 200);
  } finally {
    if (server) await server.stop({ keepData: true });
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});
