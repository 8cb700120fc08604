#!/usr/bin/env node
// `make bench`: Kring's HTTP load benchmark, measured against nginx on the same machine in the same
// run. Prints a table and writes bench/results/latest.json. Figures, never pass/fail.
//
//   node bench/run.mjs [--build DIR] [--scale N] [--duration SECONDS] [--connections 1,16,64,256]
//                      [--scenarios community_feed,thread_50,...] [--data DIR] [--no-micro]
//
// Steps: seed (or reuse) a `kring seed --bench` dataset, measure start-up time and idle memory,
// copy the dataset to a scratch directory, start `kring serve` and nginx (serving, for each
// scenario, a static file with the same bytes as Kring's answer) on loopback, then drive both with
// wrk at each connection count. See docs/performance.md for what the figures mean.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync,
  statSync, writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');

// ---- options ----
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : (process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
};
const buildDir = path.resolve(repo, opt('build', 'build-bench'));
const scale = Number(opt('scale', '1'));
const duration = Number(opt('duration', '5'));
const warmup = Number(opt('warmup', '2'));
const connectionLevels = String(opt('connections', '1,16,64,256')).split(',').map(Number);
const onlyScenarios = opt('scenarios', '') ? String(opt('scenarios', '')).split(',') : null;
const runMicro = !argv.includes('--no-micro');
const dataRoot = path.resolve(repo, opt('data', path.join(buildDir, 'bench-data')));
const kring = path.join(buildDir, 'kring');
const microBinary = path.join(buildDir, 'bench', 'kring_microbench');
const resultsFile = path.join(repo, 'bench', 'results', 'latest.json');

const TARGETS = {
  read_ratio_at_64: 0.30,
  read_p99_ms_at_64: 20,
  comments_per_second: 2000,
  rss_idle_mb: 20,
  rss_load_mb: 64,
  startup_ms: 100,
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.error('[bench]', ...a);

function need(cmd) {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) {
    console.error(`bench: ${cmd} is not installed (run scripts/install-deps.sh)`);
    process.exit(2);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

function rssKb(pid, field = 'VmRSS') {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch { return null; }
}

function socketCount(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try { return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:'); } catch { return false; }
    }).length;
  } catch { return null; }
}

// After wrk stops, requests it abandoned may still be queued or running on the server (handlers
// are not cancelled when a client leaves) and keep their connection slots. Waits until the server
// holds no more sockets than at rest, so the next run starts clean; returns the seconds it took.
async function drain(server, restSockets, maxMs = 180000) {
  const t0 = Date.now();
  while (Date.now() - t0 < maxMs) {
    const n = socketCount(server.pid);
    if (n === null || n <= restSockets) return (Date.now() - t0) / 1000;
    await sleep(250);
  }
  return null;  // still busy
}

async function timedRequest(url, headers) {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return { status: res.status, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

function cpuTicks(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);  // utime + stime
  } catch { return null; }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
}

// ---- the Kring server ----

async function startKring(dataDir, { env = {} } = {}) {
  const port = await freePort();
  const t0 = process.hrtime.bigint();
  const child = spawn(kring, ['serve', '--port', String(port), '--data-dir', dataDir], {
    env: { ...process.env, KRING_LOG_ACCESS_LOG: 'false', KRING_LOG_LEVEL: 'warn', KRING_LIMITS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; if (err.length > 100000) err = err.slice(-50000); });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Start-up time: from spawn to the first answered request.
  const deadline = Date.now() + 120000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`kring serve exited with ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`kring serve did not answer: ${err}`); }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch { /* not listening yet */ }
    await sleep(1);
  }
  const startupMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const reported = out.match(/started in (\d+) ms/);
  return {
    port, pid: child.pid, child, startupMs, reportedStartupMs: reported ? Number(reported[1]) : null,
    base: `http://127.0.0.1:${port}`, logs: () => err,
    async stop() {
      if (child.exitCode === null) { child.kill('SIGTERM'); await exited; }
    },
  };
}

// ---- nginx, the reference ----

async function startNginx(root) {
  const port = await freePort();
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'kring-bench-nginx-'));
  mkdirSync(path.join(prefix, 'logs'));
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(conf, `
worker_processes auto;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  types { application/json json; }
  default_type application/octet-stream;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
  }
}
`);
  const child = spawn('nginx', ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 500) throw new Error(`nginx did not start: ${err}`);
    try { const r = await fetch(`http://127.0.0.1:${port}/`); await r.arrayBuffer(); break; } catch { await sleep(10); }
  }
  return {
    port, base: `http://127.0.0.1:${port}`, pid: child.pid,
    async stop() {
      if (child.exitCode === null) { child.kill('SIGQUIT'); await exited; }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

// ---- wrk ----

function runWrk(url, { connections, seconds, headers = {}, mode = 'read', targets = null }) {
  const threads = Math.min(2, connections);
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s',
    '-s', path.join(here, 'wrk', 'kring.lua')];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, {
      env: { ...process.env, KRING_BENCH_MODE: mode, KRING_BENCH_TARGETS: targets || '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      const m = out.match(/KRING_RESULT (\{.*\})/);
      if (!m) return reject(new Error(`wrk failed (${code}): ${out}`));
      resolve(JSON.parse(m[1]));
    });
  });
}

// Runs wrk against Kring while sampling its memory and CPU.
async function measureKring(server, url, o) {
  const ticks0 = cpuTicks(server.pid);
  let peak = 0, peakAnon = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssKb(server.pid) || 0);
    peakAnon = Math.max(peakAnon, rssKb(server.pid, 'RssAnon') || 0);
  }, 100);
  const t0 = Date.now();
  const r = await runWrk(url, o);
  clearInterval(sampler);
  const wall = (Date.now() - t0) / 1000;
  const ticks1 = cpuTicks(server.pid);
  r.rss_peak_kb = Math.max(peak, rssKb(server.pid) || 0);
  // RssAnon leaves out file pages: the SQLite memory map and shared libraries, which the kernel
  // can drop and share; it is the memory Kring itself holds.
  r.rss_anon_peak_kb = Math.max(peakAnon, rssKb(server.pid, 'RssAnon') || 0);
  if (ticks0 !== null && ticks1 !== null) r.cpu_percent = Math.round(((ticks1 - ticks0) / 100 / wall) * 100);
  return r;
}

// ---- the dataset ----

function datasetStamp() {
  const h = createHash('sha256');
  h.update(readFileSync(path.join(repo, 'src/main/seed_bench.cpp')));
  const mig = path.join(repo, 'src/storage/migrations/sqlite');
  for (const f of readdirSync(mig).sort()) h.update(f).update(readFileSync(path.join(mig, f)));
  h.update(String(scale));
  return h.digest('hex').slice(0, 16);
}

function ensureDataset() {
  const dir = path.join(dataRoot, `scale-${scale}`);
  const stamp = datasetStamp();
  const infoFile = path.join(dir, 'seed-info.json');
  if (existsSync(infoFile)) {
    const info = JSON.parse(readFileSync(infoFile, 'utf8'));
    if (info.stamp === stamp) { log(`reusing the seeded dataset in ${dir} (seeded ${info.seeded_at})`); return { dir, info }; }
  }
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  log(`seeding the bench dataset at scale ${scale} (once; reused while seed_bench.cpp and the migrations are unchanged)`);
  const t0 = Date.now();
  const r = spawnSync(kring, ['seed', '--bench', '--scale', String(scale), '--data-dir', tmp],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, KRING_LOG_LEVEL: 'warn' } });
  if (r.status !== 0) throw new Error('kring seed --bench failed');
  const info = { stamp, seeded_at: new Date().toISOString(), seed_seconds: (Date.now() - t0) / 1000 };
  writeFileSync(path.join(tmp, 'seed-info.json'), JSON.stringify(info, null, 2));
  renameSync(tmp, dir);
  return { dir, info };
}

// ---- scenarios ----

function scenarios(m) {
  const auth = { Authorization: `Bearer ${m.tokens[0]}` };
  return [
    { name: 'community_feed', what: `first page of /c/${m.community_slug} (the busiest community)`,
      path: `/api/v1/communities/${m.community_slug}/posts`, headers: auth },
    { name: 'thread_50', what: `a post with its ${m.thread_comments} comments`,
      path: `/api/v1/posts/${m.thread_post_id}/comments`, headers: auth },
    { name: 'home_feed', what: `home feed of a member of ${m.home_communities} communities who follows 20 people`,
      path: '/api/v1/feeds/home', headers: auth },
    { name: 'hashtag_feed', what: `#${m.hashtag} (${m.hashtag_posts} posts)`,
      path: `/api/v1/tags/${encodeURIComponent(m.hashtag)}/posts`, headers: auth },
    // Hook for the search issue: runs once GET /api/v1/search answers 200, skipped until then.
    { name: 'search', what: 'full-text search for a common word', path: '/api/v1/search?q=tomaten', headers: auth,
      optional: true },
    { name: 'profile', what: `a member's profile posts (${m.profile_posts} posts)`,
      path: `/api/v1/accounts/${m.profile_account_id}/posts`, headers: auth },
    { name: 'create_comment', what: 'POST a comment (Markdown, mention/hashtag parsing, FTS, fsync)',
      path: `/api/v1/posts/${m.write_post_ids[0]}/comments`, mode: 'comment', write: true },
    { name: 'react', what: 'PUT a reaction on a post', path: `/api/v1/posts/${m.write_post_ids[0]}/reactions/like`,
      mode: 'react', write: true },
  ];
}

// ---- main ----

async function main() {
  for (const c of ['wrk', 'nginx']) need(c);
  if (!existsSync(kring)) throw new Error(`${kring} not found; run make bench (it builds it)`);
  const started = new Date();
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repo, encoding: 'utf8' }).stdout.trim() !== '';
  const machine = {
    cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model, memory_mb: Math.round(os.totalmem() / 2 ** 20),
    kernel: os.release(), load_average_at_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
    wrk: spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0],
    nginx: spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim(),
  };
  log(`machine: ${machine.cpus} CPUs (${machine.cpu_model}), load ${machine.load_average_at_start.join(' ')}`);

  const { dir: dataset, info: seedInfo } = ensureDataset();
  const manifest = JSON.parse(readFileSync(path.join(dataset, 'bench-manifest.json'), 'utf8'));
  const dbBytes = statSync(path.join(dataset, 'kring.db')).size;

  // Idle memory and start-up on an empty instance, then on the seeded one.
  const empty = mkdtempSync(path.join(os.tmpdir(), 'kring-bench-empty-'));
  const startupEmpty = [];
  let rssIdleEmpty = null, rssIdleEmptyAnon = null;
  for (let i = 0; i < 5; i++) {
    const s = await startKring(empty);
    startupEmpty.push(s.startupMs);
    if (i === 4) { await sleep(1000); rssIdleEmpty = rssKb(s.pid); rssIdleEmptyAnon = rssKb(s.pid, 'RssAnon'); }
    await s.stop();
  }
  rmSync(empty, { recursive: true, force: true });

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'kring-bench-run-'));
  log(`copying the dataset (${(dbBytes / 2 ** 20).toFixed(0)} MB) to ${scratch}`);
  copyFileSync(path.join(dataset, 'kring.db'), path.join(scratch, 'kring.db'));
  // Migrations newer than the dataset run now, not inside the start-up measurement.
  const migrated = spawnSync(kring, ['migrate', '--data-dir', scratch], { encoding: 'utf8', env: { ...process.env, KRING_LOG_LEVEL: 'warn' } });
  if (migrated.status !== 0) throw new Error(`kring migrate failed: ${migrated.stderr}`);
  const startupSeeded = [];
  let reportedSeeded = [];
  for (let i = 0; i < 4; i++) {
    const s = await startKring(scratch);
    startupSeeded.push(s.startupMs);
    reportedSeeded.push(s.reportedStartupMs);
    await s.stop();
  }
  const server = await startKring(scratch);
  startupSeeded.push(server.startupMs);
  reportedSeeded.push(server.reportedStartupMs);
  await sleep(1000);
  const rssIdleSeeded = rssKb(server.pid);

  // Each scenario's answer, once, for its size and the nginx twin file.
  const staticRoot = mkdtempSync(path.join(os.tmpdir(), 'kring-bench-static-'));
  const targetsFile = path.join(scratch, 'write-targets.txt');
  writeFileSync(targetsFile, manifest.write_post_ids.map((id, i) => `${manifest.tokens[i % manifest.tokens.length]} ${id}`).join('\n') + '\n');
  const list = scenarios(manifest).filter((s) => !onlyScenarios || onlyScenarios.includes(s.name));
  for (const s of list) {
    const init = { headers: { ...(s.headers || {}) } };
    if (s.write) {
      init.headers.Authorization = `Bearer ${manifest.tokens[0]}`;
      init.method = s.mode === 'comment' ? 'POST' : 'PUT';
      if (s.mode === 'comment') { init.headers['Content-Type'] = 'application/json'; init.body = '{"body":"Benchmark reply 0 from thread 0: **goed** idee #bench"}'; }
    }
    const res = await fetch(server.base + s.path, init);
    const body = Buffer.from(await res.arrayBuffer());
    s.status = res.status;
    s.bytes = body.length;
    if (res.status >= 300) {
      if (s.optional) { s.skipped = `GET ${s.path} answered ${res.status}: not available in this build`; continue; }
      throw new Error(`${s.name}: ${s.path} answered ${res.status}: ${body.toString().slice(0, 300)}`);
    }
    writeFileSync(path.join(staticRoot, `${s.name}.json`), body);
  }
  const nginx = await startNginx(staticRoot);
  await sleep(500);
  const restSockets = socketCount(server.pid);

  const results = [];
  for (const s of list) {
    if (s.skipped) { log(`${s.name}: skipped (${s.skipped})`); results.push({ name: s.name, what: s.what, skipped: s.skipped }); continue; }
    const entry = { name: s.name, what: s.what, path: s.path, response_bytes: s.bytes, write: !!s.write, runs: [] };
    const o = { headers: s.headers || {}, mode: s.mode || 'read', targets: targetsFile };
    log(`${s.name}: ${s.what}; ${s.bytes} bytes`);
    if (!s.write) {
      // One request at a time, nothing else running: the latency a lone visitor sees.
      const lone = [];
      for (let i = 0; i < 5; i++) lone.push((await timedRequest(server.base + s.path, s.headers)).ms);
      entry.unloaded_ms = median(lone);
    }
    if (warmup > 0) {
      await runWrk(server.base + s.path, { ...o, connections: 16, seconds: warmup });
      await drain(server, restSockets);
    }
    for (const c of connectionLevels) {
      const k = await measureKring(server, server.base + s.path, { ...o, connections: c, seconds: duration });
      k.drain_s = await drain(server, restSockets);
      const n = await runWrk(`${nginx.base}/${s.name}.json`, { connections: c, seconds: duration });
      const run = { connections: c, kring: k, nginx: n, ratio: n.rps > 0 ? k.rps / n.rps : null };
      entry.runs.push(run);
      const errs = Object.values(k.errors).reduce((a, b) => a + b, 0);
      log(`  c=${String(c).padStart(3)}  kring ${k.rps.toFixed(0).padStart(7)} req/s  p50 ${k.p50_ms.toFixed(2)} ms  p99 ${k.p99_ms.toFixed(2)} ms  ` +
          `cpu ${k.cpu_percent}%  |  nginx ${n.rps.toFixed(0).padStart(7)} req/s  ratio ${(run.ratio * 100).toFixed(1)}%` +
          `${errs ? `  errors ${JSON.stringify(k.errors)}` : ''}${k.drain_s > 0.5 ? `  (server busy ${k.drain_s.toFixed(1)} s after the run)` : ''}` +
          `${k.drain_s === null ? '  (server still busy after 180 s)' : ''}`);
    }
    results.push(entry);
  }
  // Peak under load: the highest RSS sampled (every 100 ms) during the measured runs. The kernel's
  // high-water mark (VmHWM) also counts start-up, where the argon2id dummy hash touches 64 MiB.
  const rssPeak = Math.max(0, ...results.flatMap((s) => (s.runs || []).map((x) => x.kring.rss_peak_kb || 0)));
  const rssHwm = rssKb(server.pid, 'VmHWM');
  const rssAnonPeak = Math.max(0, ...results.flatMap((s) => (s.runs || []).map((x) => x.kring.rss_anon_peak_kb || 0)));
  const rssAnonAfter = rssKb(server.pid, 'RssAnon');
  const rssAfter = rssKb(server.pid);
  await nginx.stop();
  await server.stop();
  rmSync(staticRoot, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });

  let micro = null;
  if (runMicro && existsSync(microBinary)) {
    log('micro-benchmarks');
    const r = spawnSync(microBinary, ['--benchmark_format=json', '--benchmark_min_time=0.3'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status === 0) micro = JSON.parse(r.stdout).benchmarks.map((b) => ({
      name: b.name, ns_per_op: b.real_time * ({ ns: 1, us: 1e3, ms: 1e6, s: 1e9 }[b.time_unit] || 1),
      items_per_second: b.items_per_second, bytes_per_second: b.bytes_per_second, label: b.label,
    }));
    else log(`micro-benchmarks failed: ${r.stderr}`);
  }

  const out = {
    started_at: started.toISOString(), git_commit: git + (dirty ? '+dirty' : ''), machine,
    config: { scale, duration_s: duration, warmup_s: warmup, connections: connectionLevels,
      server: 'kring serve defaults (io_threads 1, worker_threads 4, synchronous FULL), access log off, rate limits off (one client IP)',
      reference: 'nginx (worker_processes auto, access_log off, sendfile) serving a static file with the same bytes' },
    dataset: { ...manifest.counts, db_bytes: dbBytes, db_mb_per_100k_posts: (dbBytes / 2 ** 20) / (manifest.counts.posts / 100000),
      seed_seconds: seedInfo.seed_seconds, seeded_at: seedInfo.seeded_at },
    startup_ms: { empty_median: median(startupEmpty), seeded_median: median(startupSeeded), seeded_runs: startupSeeded,
      server_reported_seeded: reportedSeeded },
    rss_kb: { idle_empty: rssIdleEmpty, idle_seeded: rssIdleSeeded, peak_under_load: rssPeak, after_load: rssAfter,
      high_water_mark_incl_startup: rssHwm, anon_idle_empty: rssIdleEmptyAnon, anon_peak_under_load: rssAnonPeak, anon_after_load: rssAnonAfter },
    scenarios: results, micro,
  };
  out.targets = evaluateTargets(out);
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(out, null, 2) + '\n');
  printReport(out);
  console.log(`\nWritten to ${path.relative(repo, resultsFile)}.`);
}

function evaluateTargets(r) {
  const t = [];
  const at64 = (s) => s.runs?.find((x) => x.connections === 64);
  for (const s of r.scenarios) {
    if (s.skipped || s.write) continue;
    const run = at64(s);
    if (!run) continue;
    if (!run.kring.requests) {
      t.push({ target: `${s.name} at 64 connections`, measured: 'no request completed', met: false,
        gap: `every request took longer than the ${r.config.duration_s} s run` });
      continue;
    }
    t.push({ target: `${s.name}: >= ${TARGETS.read_ratio_at_64 * 100}% of nginx req/s at 64 connections`,
      measured: `${(run.ratio * 100).toFixed(1)}%`, met: run.ratio >= TARGETS.read_ratio_at_64,
      gap: run.ratio >= TARGETS.read_ratio_at_64 ? 'met' : `needs ${(TARGETS.read_ratio_at_64 / run.ratio).toFixed(2)}x the throughput` });
    t.push({ target: `${s.name}: p99 < ${TARGETS.read_p99_ms_at_64} ms at 64 connections`,
      measured: `${run.kring.p99_ms.toFixed(1)} ms`, met: run.kring.p99_ms < TARGETS.read_p99_ms_at_64,
      gap: run.kring.p99_ms < TARGETS.read_p99_ms_at_64 ? 'met' : `${(run.kring.p99_ms / TARGETS.read_p99_ms_at_64).toFixed(1)}x too slow` });
  }
  const comments = r.scenarios.find((s) => s.name === 'create_comment');
  if (comments?.runs?.length) {
    const best = Math.max(...comments.runs.map((x) => x.kring.rps));
    t.push({ target: `>= ${TARGETS.comments_per_second} comments written per second`, measured: `${best.toFixed(0)}/s (best level)`,
      met: best >= TARGETS.comments_per_second, gap: best >= TARGETS.comments_per_second ? 'met' : `needs ${(TARGETS.comments_per_second / best).toFixed(1)}x` });
  }
  const mb = (kb) => kb / 1024;
  for (const [key, label, limit] of [['idle_empty', 'RSS idle (empty instance)', TARGETS.rss_idle_mb],
    ['idle_seeded', 'RSS idle (seeded instance)', TARGETS.rss_idle_mb], ['peak_under_load', 'RSS peak under load', TARGETS.rss_load_mb]]) {
    const v = r.rss_kb[key];
    if (v == null) continue;
    t.push({ target: `${label} < ${limit} MB`, measured: `${mb(v).toFixed(1)} MB`, met: mb(v) < limit,
      gap: mb(v) < limit ? 'met' : `${(mb(v) - limit).toFixed(1)} MB over` });
  }
  const su = r.startup_ms.seeded_median;
  t.push({ target: `start-up to first answered request < ${TARGETS.startup_ms} ms (seeded)`, measured: `${su.toFixed(0)} ms`,
    met: su < TARGETS.startup_ms, gap: su < TARGETS.startup_ms ? 'met' : `${(su - TARGETS.startup_ms).toFixed(0)} ms over` });
  return t;
}

function printReport(r) {
  const pad = (s, n, right = false) => (right ? String(s).padStart(n) : String(s).padEnd(n));
  const lines = [];
  lines.push(`\nKring ${r.git_commit} on ${r.machine.cpus} CPUs, load ${r.machine.load_average_at_start.join(' ')}; dataset scale ${r.config.scale}: ` +
    `${r.dataset.accounts} accounts, ${r.dataset.communities} communities, ${r.dataset.posts} posts, ${r.dataset.comments} comments, ${r.dataset.reactions} reactions`);
  lines.push('');
  lines.push(`${pad('scenario', 16)} ${pad('conns', 5, true)} ${pad('req/s', 8, true)} ${pad('p50 ms', 8, true)} ${pad('p99 ms', 8, true)} ` +
    `${pad('nginx req/s', 12, true)} ${pad('ratio', 7, true)} ${pad('bytes', 7, true)} ${pad('errors', 7, true)} ${pad('busy after', 11, true)}`);
  const ms = (x) => (x.kring.requests ? x : null);
  for (const s of r.scenarios) {
    if (s.skipped) { lines.push(`${pad(s.name, 16)} skipped: ${s.skipped}`); continue; }
    if (s.unloaded_ms != null) lines.push(`${pad(s.name, 16)} ${pad('lone', 5, true)} ${pad('', 8, true)} ${pad(s.unloaded_ms.toFixed(2), 8, true)}   (one request at a time, median of 5)`);
    for (const x of s.runs) {
      const errs = Object.values(x.kring.errors).reduce((a, b) => a + b, 0);
      const done = ms(x);
      lines.push(`${pad(s.name, 16)} ${pad(x.connections, 5, true)} ${pad(x.kring.rps.toFixed(0), 8, true)} ${pad(done ? x.kring.p50_ms.toFixed(2) : '-', 8, true)} ` +
        `${pad(done ? x.kring.p99_ms.toFixed(2) : '-', 8, true)} ${pad(x.nginx.rps.toFixed(0), 12, true)} ${pad(`${(x.ratio * 100).toFixed(1)}%`, 7, true)} ` +
        `${pad(s.response_bytes, 7, true)} ${pad(errs, 7, true)} ${pad(x.kring.drain_s == null ? '>180 s' : `${x.kring.drain_s.toFixed(1)} s`, 11, true)}`);
    }
  }
  const mb = (kb) => (kb == null ? '?' : `${(kb / 1024).toFixed(1)} MB`);
  lines.push('');
  lines.push(`RSS: idle ${mb(r.rss_kb.idle_empty)} (empty), ${mb(r.rss_kb.idle_seeded)} (seeded, after start), peak under load ${mb(r.rss_kb.peak_under_load)}, ` +
    `after load ${mb(r.rss_kb.after_load)}; high-water mark incl. start-up ${mb(r.rss_kb.high_water_mark_incl_startup)}`);
  lines.push(`RSS without file pages (RssAnon: no memory-mapped database, no shared libraries): idle ${mb(r.rss_kb.anon_idle_empty)} (empty), peak under load ${mb(r.rss_kb.anon_peak_under_load)}, after load ${mb(r.rss_kb.anon_after_load)}`);
  lines.push(`Start-up to first answered request: ${r.startup_ms.empty_median.toFixed(0)} ms (empty), ${r.startup_ms.seeded_median.toFixed(0)} ms (seeded) [median]`);
  lines.push(`Database: ${(r.dataset.db_bytes / 2 ** 20).toFixed(0)} MB, ${r.dataset.db_mb_per_100k_posts.toFixed(1)} MB per 100,000 posts (with their comments and reactions); seeding took ${r.dataset.seed_seconds.toFixed(0)} s`);
  if (r.micro) {
    lines.push('');
    lines.push('Micro-benchmarks:');
    for (const b of r.micro) lines.push(`  ${pad(b.name, 44)} ${pad(b.ns_per_op < 1e4 ? `${b.ns_per_op.toFixed(0)} ns` : `${(b.ns_per_op / 1e3).toFixed(1)} us`, 10, true)}${b.label ? `  ${b.label}` : ''}`);
  }
  lines.push('');
  lines.push('Targets (to work toward; never pass/fail):');
  for (const t of r.targets) lines.push(`  ${t.met ? '[met]    ' : '[not yet]'} ${t.target}: ${t.measured}${t.met ? '' : ` (${t.gap})`}`);
  console.log(lines.join('\n'));
}

main().catch((e) => { console.error(e); process.exit(1); });
