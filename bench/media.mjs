#!/usr/bin/env node
// `make bench-media` (part of `make bench`): how fast Kring turns uploads into their variants,
// beside the usual command-line tools doing the same work in the same run. Figures, never
// pass/fail. Prints a table and writes bench/results/media-latest.json.
//
//   node bench/media.mjs [--build DIR] [--images N] [--video-seconds S]
//
// Photos: a 12-megapixel JPEG (4000x3000) is generated at run time; N copies that differ only in a
// JPEG comment (so Kring's de-duplication by content hash does not skip the work) are uploaded one
// at a time over HTTP to a running `kring serve`, which makes a 1280 px WebP, a 320 px WebP, a
// 1280 px JPEG and a placeholder from each. The same outputs (sizes, formats, qualities, metadata
// stripped) are then made by `vipsthumbnail` (one process per output, as the tool has no
// multi-output mode) and by ImageMagick `convert` (one process writing all three). Figures: images
// per second and peak RSS (Kring: the server's VmHWM; tools: /usr/bin/time's maximum RSS).
// Video: a 30 s 1080p clip with sound is uploaded; figure: seconds of video processed per wall
// second, from upload to "ready" (ffmpeg in a subprocess, 720p H.264/AAC + poster).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : (process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback);
};
const buildDir = path.resolve(repo, opt('build', 'build-bench'));
const images = Number(opt('images', '8'));
const videoSeconds = Number(opt('video-seconds', '30'));
const kring = path.join(buildDir, 'kring');
const resultsFile = path.join(repo, 'bench', 'results', 'media-latest.json');
const log = (...a) => console.error('[bench-media]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}
/** Runs under /usr/bin/time; returns { ms, maxRssKb }. */
function timed(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  return { ms, maxRssKb: Number(lines[lines.length - 1]) };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'kring-bench-media-'));
const dataDir = path.join(work, 'data');
let server;

async function startServer() {
  const child = spawn(kring, ['serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, KRING_LOG_ACCESS_LOG: 'false', KRING_LIMITS_ENABLED: 'false', KRING_MEDIA_MAX_UPLOAD_BYTES: String(64 << 20) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`kring exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}
async function api(method, url, body, token, raw = false) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (!raw && body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.base + url, { method, headers, body: raw ? body : body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  return { status: res.status, body: json };
}
const vmHwmKb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)[1]);

/** The JPEG with a COM segment right after SOI: same picture, different bytes. */
function variantOf(jpeg, i) {
  const text = Buffer.from(`kring bench copy ${i}`);
  const seg = Buffer.alloc(4);
  seg.writeUInt16BE(0xfffe, 0);
  seg.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), seg, text, jpeg.subarray(2)]);
}

async function main() {
  for (const tool of ['vips', 'vipsthumbnail', 'convert', 'ffmpeg', '/usr/bin/time']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
      console.error(`bench-media: ${tool} is not installed (run scripts/install-deps.sh)`);
      process.exit(2);
    }
  }
  log(`fixtures in ${work}`);
  // A photo-like 12 MP image: smoothed noise (pure noise would be an unrealistically large JPEG).
  run('vips', ['gaussnoise', 'n.v', '4000', '3000', '--mean', '128', '--sigma', '50'], { cwd: work });
  run('vips', ['gaussblur', 'n.v', 'b.v', '1.5'], { cwd: work });
  run('vips', ['cast', 'b.v', 'c.v', 'uchar'], { cwd: work });
  run('vips', ['bandjoin', 'c.v c.v c.v', 'rgb.v'], { cwd: work });
  run('vips', ['copy', 'rgb.v', 'photo.jpg[Q=90]'], { cwd: work });
  const photo = readFileSync(path.join(work, 'photo.jpg'));
  log(`photo: 4000x3000 JPEG, ${(photo.length / 1e6).toFixed(1)} MB; ${images} images per tool`);

  // ---- Kring ----
  server = await startServer();
  const reg = await api('POST', '/api/v1/auth/register', { handle: 'bench', password: 'bench-password-long', display_name: 'Bench' });
  if (reg.status !== 201) throw new Error(`register: ${JSON.stringify(reg.body)}`);
  const login = await api('POST', '/api/v1/auth/login', { handle: 'bench', password: 'bench-password-long', type: 'bearer' });
  const token = login.body.token;
  const warm = await api('POST', '/api/v1/media', variantOf(photo, -1), token, true);
  if (warm.status !== 201) throw new Error(`upload: ${JSON.stringify(warm.body)}`);
  const baseRss = vmHwmKb(server.child.pid);
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < images; i++) {
    const r = await api('POST', '/api/v1/media', variantOf(photo, i), token, true);
    if (r.status !== 201) throw new Error(`upload ${i}: ${JSON.stringify(r.body)}`);
  }
  const kringMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const kringRss = vmHwmKb(server.child.pid);

  // ---- vipsthumbnail: the same three outputs ----
  const out = path.join(work, 'out');
  mkdirSync(out, { recursive: true });
  let vipsMs = 0, vipsRss = 0;
  for (let i = 0; i < images; i++) {
    for (const [size, target] of [[1280, 'l.webp[Q=80,strip,effort=2]'], [320, 's.webp[Q=75,strip,effort=2]'],
      [1280, 'l.jpg[Q=82,strip,optimize_coding,interlace]']]) {
      const r = timed('vipsthumbnail', ['photo.jpg', '--size', `${size}x${size}`, '--export-profile', 'srgb', '-o', path.join(out, target)], work);
      vipsMs += r.ms;
      vipsRss = Math.max(vipsRss, r.maxRssKb);
    }
  }
  // ---- ImageMagick convert: one process, all three outputs ----
  let imMs = 0, imRss = 0;
  for (let i = 0; i < images; i++) {
    const r = timed('convert', ['photo.jpg', '-auto-orient', '-strip', '-resize', '1280x1280>',
      '(', '+clone', '-quality', '82', '-interlace', 'JPEG', '-write', path.join(out, 'im-l.jpg'), '+delete', ')',
      '(', '+clone', '-resize', '320x320>', '-quality', '75', '-write', path.join(out, 'im-s.webp'), '+delete', ')',
      '-quality', '80', path.join(out, 'im-l.webp')], work);
    imMs += r.ms;
    imRss = Math.max(imRss, r.maxRssKb);
  }

  // ---- video ----
  log(`generating a ${videoSeconds} s 1080p clip`);
  run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=duration=${videoSeconds}:size=1920x1080:rate=30`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${videoSeconds}`, '-shortest', '-c:v', 'libx264', '-preset', 'ultrafast',
    '-c:a', 'aac', 'clip.mp4'], { cwd: work });
  const clip = readFileSync(path.join(work, 'clip.mp4'));
  t0 = process.hrtime.bigint();
  const up = await api('POST', '/api/v1/media', clip, token, true);
  if (up.status !== 201) throw new Error(`video upload: ${JSON.stringify(up.body)}`);
  let m = up.body;
  while (m.status === 'processing') {
    await sleep(100);
    m = (await api('GET', `/api/v1/media/${m.id}`, undefined, token)).body;
  }
  const videoMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (m.status !== 'ready') throw new Error(`video failed: ${JSON.stringify(m.failure)}`);
  // The same ffmpeg settings run directly, for scale.
  const direct = timed('ffmpeg', ['-v', 'error', '-y', '-i', 'clip.mp4', '-map', '0:v:0', '-map', '0:a:0?', '-map_metadata', '-1',
    '-vf', "scale=w='min(1280,iw)':h='min(720,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2", '-c:v', 'libx264',
    '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-threads', '2',
    '-movflags', '+faststart', path.join(out, 'direct.mp4')], work);

  const perSec = (n, ms) => n / (ms / 1000);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load: os.loadavg() },
    photo: { width: 4000, height: 3000, bytes: photo.length, images },
    kring: { images_per_second: perSec(images, kringMs), ms_per_image: kringMs / images, peak_rss_mb: kringRss / 1024, rss_before_mb: baseRss / 1024 },
    vipsthumbnail: { images_per_second: perSec(images, vipsMs), ms_per_image: vipsMs / images, peak_rss_mb: vipsRss / 1024 },
    imagemagick: { images_per_second: perSec(images, imMs), ms_per_image: imMs / images, peak_rss_mb: imRss / 1024 },
    ratios: { kring_vs_vipsthumbnail: perSec(images, kringMs) / perSec(images, vipsMs), kring_vs_imagemagick: perSec(images, kringMs) / perSec(images, imMs) },
    video: {
      seconds: videoSeconds, input: '1920x1080 30 fps H.264 + AAC', output: `${m.width}x${m.height}`, bytes_in: clip.length,
      wall_ms: videoMs, video_seconds_per_wall_second: videoSeconds / (videoMs / 1000),
      direct_ffmpeg_wall_ms: direct.ms, direct_ffmpeg_video_seconds_per_wall_second: videoSeconds / (direct.ms / 1000),
      ratio_kring_vs_direct: (videoSeconds / (videoMs / 1000)) / (videoSeconds / (direct.ms / 1000)),
    },
  };
  const f = (x, d = 2) => x.toFixed(d);
  console.log('\nPhotos: 12 MP JPEG -> 1280 WebP + 320 WebP + 1280 JPEG (one at a time)');
  console.log('tool            images/s   ms/image   peak RSS MB');
  for (const [name, r] of [['kring (HTTP)', result.kring], ['vipsthumbnail', result.vipsthumbnail], ['imagemagick', result.imagemagick]])
    console.log(`${name.padEnd(15)} ${f(r.images_per_second).padStart(8)}   ${f(r.ms_per_image, 0).padStart(8)}   ${f(r.peak_rss_mb, 0).padStart(11)}`);
  console.log(`ratio kring/vipsthumbnail ${f(result.ratios.kring_vs_vipsthumbnail)}x, kring/imagemagick ${f(result.ratios.kring_vs_imagemagick)}x (higher is faster)`);
  console.log(`\nVideo: ${videoSeconds} s 1080p -> ${m.width}x${m.height} H.264/AAC + poster`);
  console.log(`kring: ${f(videoMs / 1000, 1)} s wall, ${f(result.video.video_seconds_per_wall_second)} video s per wall s`);
  console.log(`ffmpeg directly: ${f(direct.ms / 1000, 1)} s wall, ${f(result.video.direct_ffmpeg_video_seconds_per_wall_second)} video s per wall s (ratio ${f(result.video.ratio_kring_vs_direct)})`);
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(result, null, 2) + '\n');
  log(`wrote ${path.relative(repo, resultsFile)}`);
}

try {
  await main();
} finally {
  if (server) server.child.kill('SIGTERM');
  await sleep(200);
  rmSync(work, { recursive: true, force: true });
}
