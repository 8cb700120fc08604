// The server as an admin meets it: the CLI, configuration errors, scheduled posts that survive a
// restart, acknowledged writes that survive kill -9, online backups and graceful shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runKring } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'kring-life-'));

test('the CLI: version, help, migrate, create-user, seed --demo', () => {
  assert.match(runKring(['--version']).stdout, /^kring \d+\.\d+\.\d+/);
  const help = runKring(['--help']).stdout;
  for (const cmd of ['serve', 'migrate', 'admin', 'backup', 'seed']) assert.ok(help.includes(cmd), cmd);
  const dir = tempDir();
  const migrate = runKring(['migrate'], { dataDir: dir });
  assert.equal(migrate.status, 0, migrate.stderr);
  assert.match(migrate.stdout, /schema version [1-9]\d*/);
  const created = runKring(['admin', 'create-user', 'beheerder', '--admin', '--email', 'beheer@example.org'], { dataDir: dir, input: 'een sterk wachtwoord\n' });
  assert.equal(created.status, 0, created.stderr);
  assert.match(created.stdout, /Created @beheerder .*admin/);
  const dup = runKring(['admin', 'create-user', 'Beheerder'], { dataDir: dir, input: 'een sterk wachtwoord\n' });
  assert.notEqual(dup.status, 0);
  assert.match(dup.stderr, /handle is taken/);
  const seeded = runKring(['seed', '--demo'], { dataDir: dir });
  assert.equal(seeded.status, 0, seeded.stderr);
  assert.match(seeded.stdout, /kring-demo-2026/);
  assert.notEqual(runKring(['seed', '--demo'], { dataDir: dir }).status, 0, 'seeding twice is refused');
});

test('an invalid configuration stops start-up with the key and the problem', () => {
  const dir = tempDir();
  const file = path.join(dir, 'kring.toml');
  writeFileSync(file, '[server]\nport = "achtduizend"\n');
  let r = runKring(['--config', file, 'migrate'], { dataDir: dir });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /server\.port must be a whole number/);
  writeFileSync(file, '[server]\nprot = 8080\n');
  r = runKring(['--config', file, 'migrate'], { dataDir: dir });
  assert.match(r.stderr, /unknown key server\.prot/);
  writeFileSync(file, '[server\nport = 1\n');
  r = runKring(['--config', file, 'migrate'], { dataDir: dir });
  assert.match(r.stderr, /kring\.toml:1/);
  r = runKring(['migrate'], { dataDir: dir, env: { KRING_SERVER_PORT: '70000' } });
  assert.match(r.stderr, /server\.port must be a number from 0 to 65535 .*KRING_SERVER_PORT/);
  r = runKring(['migrate'], { dataDir: dir, env: { KRING_STORAGE_SYNCHRONOUS: 'OFF' } });
  assert.match(r.stderr, /storage\.synchronous must be one of FULL, NORMAL/);
  writeFileSync(file, '[storage]\nsynchronous = "NORMAL"\n[log]\nlevel = "warn"\n');
  assert.equal(runKring(['--config', file, 'migrate'], { dataDir: dir }).status, 0);
});

test('scheduled posts publish on time, and after a restart if they came due while it was down', async () => {
  const dir = tempDir();
  let server = await startServer({ dataDir: dir });
  const anna = await Client.signUp(server.base, 'anna');
  await anna.post('/api/v1/communities', { slug: 'bakkerij', name: 'Bakkerij' });
  const soon = await anna.post('/api/v1/posts', { community: 'bakkerij', title: 'Vers brood', body: 'Om 7:00', scheduled_at: new Date(Date.now() + 1500).toISOString() });
  assert.equal(soon.status, 202);
  assert.equal(soon.body.scheduled.state, 'scheduled');
  const later = await anna.post('/api/v1/posts', { community: 'bakkerij', title: 'Weekmenu', body: 'Zondagavond gepland', scheduled_at: new Date(Date.now() + 4000).toISOString() });
  const cancelled = await anna.post('/api/v1/posts', { community: 'bakkerij', title: 'Toch niet', body: 'x', scheduled_at: new Date(Date.now() + 2000).toISOString() });
  assert.equal((await anna.del(`/api/v1/scheduled_posts/${cancelled.body.scheduled.id}`)).status, 204);
  assert.deepEqual((await anna.get('/api/v1/communities/bakkerij/posts')).body, [], 'nothing visible before its time');
  await sleep(3000);
  let feed = (await anna.get('/api/v1/communities/bakkerij/posts')).body;
  assert.deepEqual(feed.map((p) => p.title), ['Vers brood']);
  // Stop before the second one is due; start again after.
  await server.stop({ keepData: true });
  await sleep(2000);
  server = await startServer({ dataDir: dir });
  const again = new Client(server.base, anna.token);
  for (let i = 0; i < 30 && feed.length < 2; i++) {
    await sleep(200);
    feed = (await again.get('/api/v1/communities/bakkerij/posts')).body;
  }
  assert.deepEqual(feed.map((p) => p.title), ['Weekmenu', 'Vers brood']);
  const scheduled = (await again.get('/api/v1/me/scheduled_posts')).body;
  assert.deepEqual(scheduled.map((s) => s.state), ['published', 'published']);
  assert.equal(scheduled[1].post_id, feed[0].id);
  assert.equal(later.status, 202);
  await server.stop();
});

test('every acknowledged write survives kill -9, and the database stays intact', async () => {
  const dir = tempDir();
  for (let round = 0; round < 3; round++) {
    const server = await startServer({ dataDir: dir });
    const client = round === 0 ? await Client.signUp(server.base, 'schrijver')
      : new Client(server.base, (await new Client(server.base).post('/api/v1/auth/login', { handle: 'schrijver', password: 'pw-schrijver-long-enough', type: 'bearer' })).body.token);
    if (round === 0) await client.post('/api/v1/communities', { slug: 'logboek', name: 'Logboek' });
    const acknowledged = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        try {
          const r = await client.post('/api/v1/posts', { community: 'logboek', title: `r${round} w${w} #${i}`, body: 'x' });
          if (r.status === 201) acknowledged.push(r.body.id);
        } catch { return; }  // the connection died with the server
      }
    });
    await sleep(300 + round * 200);
    server.process.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await server.stop({ keepData: true });
    assert.ok(acknowledged.length > 0, 'some writes were acknowledged before the kill');
    const check = execFileSync('sqlite3', [path.join(dir, 'kring.db'), 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim();
    assert.equal(check, 'ok');
    const stored = new Set(execFileSync('sqlite3', [path.join(dir, 'kring.db'), 'SELECT id FROM posts'], { encoding: 'utf8' }).trim().split('\n'));
    for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged post ${id} was lost`);
  }
});

test('backup makes a consistent copy while the server is serving writes', async () => {
  const server = await startServer();
  const c = await Client.signUp(server.base, 'fleur');
  await c.post('/api/v1/communities', { slug: 'club', name: 'Club' });
  let stop = false;
  const writer = (async () => { while (!stop) await c.post('/api/v1/posts', { community: 'club', title: 't', body: 'x' }); })();
  await sleep(200);
  const file = path.join(tempDir(), 'backup.db');
  const r = runKring(['backup', file], { dataDir: server.dataDir });
  stop = true;
  await writer;
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(file));
  assert.equal(execFileSync('sqlite3', [file, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
  const posts = Number(execFileSync('sqlite3', [file, 'SELECT COUNT(*) FROM posts'], { encoding: 'utf8' }).trim());
  const counted = Number(execFileSync('sqlite3', [file, "SELECT post_count FROM communities WHERE slug='club'"], { encoding: 'utf8' }).trim());
  assert.equal(posts, counted, 'the copy is one consistent snapshot');
  await server.stop();
});

test('SIGTERM lets requests in flight finish, then the server exits cleanly', async () => {
  const server = await startServer();
  const c = await Client.signUp(server.base, 'laatste');
  // argon2id makes a log-in take tens of milliseconds: a request that is certainly in flight.
  const inflight = new Client(server.base).post('/api/v1/auth/login', { handle: 'laatste', password: c.password, type: 'bearer' });
  await sleep(5);
  const exited = new Promise((resolve) => server.process.once('exit', (code, signal) => resolve({ code, signal })));
  server.process.kill('SIGTERM');
  const res = await inflight;
  assert.equal(res.status, 200);
  const { code } = await exited;
  assert.equal(code, 0);
  assert.match(server.logs(), /shutting down/);
  await server.stop();
});
