// Short video: upload, background processing through ffmpeg, visibility of posts while processing,
// serving with byte ranges. Fixtures are tiny clips made at test time with ffmpeg (lavfi sources).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { blobFiles, fetchBytes } from '../lib/media.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'kring-video-fixtures-'));

/** A clip of `seconds` at w x h with a tone, MP4 unless `args` say otherwise. */
function clip(name, { seconds = 1, w = 320, h = 240, rate = 10, args = [] } = {}) {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=${w}x${h}:rate=${rate}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-shortest', ...args, name], { cwd: work, stdio: 'pipe' });
  return readFileSync(path.join(work, name));
}
const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac'];

function ffprobe(file) {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
    { encoding: 'utf8' }));
}
const staged = (dataDir) => (existsSync(path.join(dataDir, 'media-pending')) ? readdirSync(path.join(dataDir, 'media-pending')) : []);

async function upload(client, bytes) {
  // A misleading Content-Type on purpose: the type comes from the content.
  return client.post('/api/v1/media', bytes, { raw: true, headers: { 'content-type': 'image/png' } });
}
/** Polls the author's view of the media until it leaves "processing" (as the web app does). */
async function settled(client, id) {
  for (let i = 0; i < 1200; i++) {
    const r = await client.get(`/api/v1/media/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (r.body.status !== 'processing') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.fail(`media ${id} still processing after 60 s`);
}

let server, anna, joris, outsider, anon;
let landscape;
before(async () => {
  server = await startServer({ env: { KRING_MEDIA_VIDEO_MAX_SECONDS: '4' } });
  anna = await Client.signUp(server.base, 'anna');
  joris = await Client.signUp(server.base, 'joris');
  outsider = await Client.signUp(server.base, 'buiten');
  anon = new Client(server.base);
  await anna.post('/api/v1/communities', { slug: 'film', name: 'Film' });
  await anna.post('/api/v1/communities', { slug: 'kluis', name: 'Kluis', visibility: 'members_only', join_policy: 'open' });
  await joris.post('/api/v1/communities/film/join');
  await joris.post('/api/v1/communities/kluis/join');
  // 1600x900 with a title and a GPS location planted in the container.
  landscape = clip('land.mp4', { seconds: 1, w: 1600, h: 900, args: [...x264, '-metadata', 'title=Geheime titel',
    '-metadata', 'location=+52.3731+004.8922/', '-metadata', 'artist=Anna Geheim'] });
});
after(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

test('an MP4 becomes a ready H.264/AAC MP4 at most 720p, faststart, without metadata', async () => {
  const tags = ffprobe(path.join(work, 'land.mp4')).format.tags;
  assert.equal(tags.title, 'Geheime titel', 'the fixture carries a title');
  assert.match(tags.location, /52\.3731/, 'the fixture carries a location');
  const r = await upload(anna, landscape);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.type, 'video');
  assert.equal(r.body.status, 'processing');
  assert.equal(r.body.url, null);
  const m = await settled(anna, r.body.id);
  assert.equal(m.status, 'ready', JSON.stringify(m));
  assert.equal(m.failure, null);
  assert.deepEqual([m.width, m.height], [1280, 720], 'scaled into 720p, aspect kept');
  assert.ok(Math.abs(m.duration_s - 1) < 0.2, `duration ${m.duration_s}`);
  assert.match(m.url, /\/video\.mp4$/);
  const video = await fetchBytes(anna, m.url);
  assert.equal(video.status, 200);
  assert.equal(video.headers.get('content-type'), 'video/mp4');
  const file = path.join(work, 'served.mp4');
  writeFileSync(file, video.bytes);
  const info = ffprobe(file);
  const v = info.streams.find((s) => s.codec_type === 'video');
  const a = info.streams.find((s) => s.codec_type === 'audio');
  assert.equal(v.codec_name, 'h264');
  assert.equal(v.pix_fmt, 'yuv420p');
  assert.deepEqual([v.width, v.height], [1280, 720]);
  assert.equal(a.codec_name, 'aac');
  assert.equal(info.streams.length, 2, 'no data or subtitle streams');
  assert.ok(video.bytes.indexOf('moov') < video.bytes.indexOf('mdat'), 'faststart: moov before mdat');
  const left = Object.keys(info.format.tags || {}).filter((k) => !/^(major_brand|minor_version|compatible_brands)$/.test(k));
  assert.deepEqual(left, [], `container tags left: ${left.join(', ')}`);
  for (const s of info.streams) {
    // What the muxer writes itself: no trace of the upload (the encoder field is the codec's name).
    const t = Object.entries(s.tags || {}).filter(([k, v]) => !/^(language|handler_name|vendor_id)$/.test(k) &&
      !(k === 'encoder' && /^Lavc libx264$/.test(v))).map(([k]) => k);
    assert.deepEqual(t, [], `stream tags left: ${t.join(', ')}`);
  }
  const exif = JSON.parse(execFileSync('exiftool', ['-j', '-a', '-G1', file], { encoding: 'utf8' }))[0];
  const leaked = Object.keys(exif).filter((k) => /GPS|Location|Title|Artist/i.test(k));
  assert.deepEqual(leaked, [], `exiftool sees ${leaked.join(', ')}`);
  assert.ok(!video.bytes.includes('Geheim') && !video.bytes.includes('52.3731'), 'metadata bytes left');
  // The poster, as WebP and JPEG, from libvips.
  for (const [url, type] of [[m.preview_url, 'image/webp'], [m.fallback_url, 'image/jpeg']]) {
    const p = await fetchBytes(anna, url);
    assert.equal(p.status, 200, url);
    assert.equal(p.headers.get('content-type'), type);
    const dims = execFileSync('vipsheader', [writeTmp(path.basename(url), p.bytes)], { encoding: 'utf8' });
    assert.match(dims, /1280x720/);
  }
  assert.match(m.placeholder, /^data:image\/jpeg;base64,/);
  assert.deepEqual(staged(server.dataDir), [], 'the staged upload is gone');
});

function writeTmp(name, bytes) {
  const f = path.join(work, name);
  writeFileSync(f, bytes);
  return f;
}

test('MOV and WebM are accepted by content; portrait stays upright within 720x1280', async () => {
  const mov = clip('p.mov', { w: 480, h: 854, args: [...x264, '-f', 'mov'] });
  const webm = clip('w.webm', { w: 200, h: 150, args: ['-c:v', 'libvpx', '-deadline', 'realtime', '-c:a', 'libopus'] });
  const ids = [];
  for (const bytes of [mov, webm]) {
    const r = await upload(anna, bytes);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    ids.push(r.body.id);
  }
  const [a, b] = [await settled(anna, ids[0]), await settled(anna, ids[1])];
  assert.equal(a.status, 'ready', JSON.stringify(a));
  assert.deepEqual([a.width, a.height], [480, 854], 'never upscaled, even sizes');
  assert.equal(b.status, 'ready', JSON.stringify(b));
  assert.deepEqual([b.width, b.height], [200, 150]);
});

test('too long and corrupt videos fail with a reason and leave no files', async () => {
  const long = clip('long.mp4', { seconds: 6, w: 64, h: 48, rate: 5, args: x264 });
  const good = clip('c.mp4', { w: 64, h: 48, args: x264 });
  const corrupt = Buffer.concat([good.subarray(0, 32), Buffer.alloc(4000, 0x5a)]);
  const before = blobFiles(server.dataDir).length;
  const cases = [[long, 'video_too_long', /6 seconds|0:06.*0:04/], [corrupt, 'media_corrupt', /damaged/]];
  for (const [bytes, code, message] of cases) {
    const r = await upload(anna, bytes);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const m = await settled(anna, r.body.id);
    assert.equal(m.status, 'failed');
    assert.equal(m.failure.code, code);
    assert.match(m.failure.message, message);
    assert.equal(m.url, null);
    // A failed video cannot go into a post.
    const p = await anna.post('/api/v1/posts', { community: 'film', title: 'Kapot', media_ids: [m.id] });
    assert.equal(p.body.error, 'invalid_media');
    assert.equal((await anna.del(`/api/v1/media/${m.id}`)).status, 204);
  }
  assert.equal(blobFiles(server.dataDir).length, before, 'no blob was written');
  assert.deepEqual(staged(server.dataDir), []);
  // Not a video at all, though it starts like one in name only: a photo path error.
  const text = await upload(anna, Buffer.from('this is not a video.mp4'));
  assert.equal(text.status, 415);
});

test('a post with a processing video is its author\'s alone until the video is ready', async () => {
  // The worker is serial: a bigger clip first keeps the next one queued while we look.
  const blocker = await upload(anna, clip('block.mp4', { seconds: 2, w: 960, h: 540, rate: 15, args: x264 }));
  const r = await upload(anna, clip('post.mp4', { w: 160, h: 120, args: x264 }));
  const p = await anna.post('/api/v1/posts', { community: 'film', title: 'Mijn filmpje', body: 'Kijk @joris', media_ids: [r.body.id] });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  assert.equal(p.body.media[0].status, 'processing');
  const mentionOf = async () => (await joris.get('/api/v1/notifications')).body.find((n) => n.type === 'mention' && n.post?.id === p.body.id);
  assert.equal((await joris.get(`/api/v1/posts/${p.body.id}`)).status, 404);
  assert.equal((await anon.get(`/api/v1/posts/${p.body.id}`)).status, 404);
  const feed = await joris.get('/api/v1/communities/film/posts');
  assert.ok(!feed.body.some((x) => x.id === p.body.id), 'not in the community feed of others');
  const home = await joris.get('/api/v1/feeds/home');
  assert.ok(!home.body.some((x) => x.id === p.body.id), 'not in the home feed of others');
  const own = await anna.get(`/api/v1/posts/${p.body.id}`);
  assert.equal(own.status, 200);
  assert.equal(own.body.media[0].status, 'processing', 'still processing while the others looked');
  assert.ok((await anna.get('/api/v1/communities/film/posts')).body.some((x) => x.id === p.body.id), 'the author sees it');
  assert.equal(await mentionOf(), undefined, 'the mention waits for the video');

  await settled(anna, blocker.body.id);
  assert.equal((await settled(anna, r.body.id)).status, 'ready');
  const seen = await joris.get(`/api/v1/posts/${p.body.id}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.media[0].type, 'video');
  assert.equal(seen.body.media[0].status, 'ready');
  assert.ok((await joris.get('/api/v1/communities/film/posts')).body.some((x) => x.id === p.body.id));
  let mention;
  for (let i = 0; i < 50 && !mention; i++) { mention = await mentionOf(); if (!mention) await new Promise((r) => setTimeout(r, 100)); }
  assert.ok(mention, 'the mention shows once the video is ready');
  const v = await fetchBytes(anon, seen.body.media[0].url);
  assert.equal(v.status, 200);
  assert.match(v.headers.get('cache-control'), /^public/);
});

test('byte ranges with If-Range; members-only video stays with members', async () => {
  const r = await upload(anna, clip('k.mp4', { w: 176, h: 144, args: x264 }));
  const m = await settled(anna, r.body.id);
  const p = await anna.post('/api/v1/posts', { community: 'kluis', title: 'Binnen', media_ids: [m.id] });
  assert.equal(p.status, 201);
  const full = await fetchBytes(joris, m.url);
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('accept-ranges'), 'bytes');
  assert.match(full.headers.get('cache-control'), /^private/);
  const etag = full.headers.get('etag');
  assert.equal((await fetchBytes(joris, m.url, { 'if-none-match': etag })).status, 304);
  const part = await fetchBytes(joris, m.url, { range: 'bytes=100-199' });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 100-199/${full.bytes.length}`);
  assert.deepEqual(part.bytes, full.bytes.subarray(100, 200));
  const same = await fetchBytes(joris, m.url, { range: 'bytes=100-199', 'if-range': etag });
  assert.equal(same.status, 206, 'If-Range with the current ETag: the range');
  const changed = await fetchBytes(joris, m.url, { range: 'bytes=100-199', 'if-range': '"something-else"' });
  assert.equal(changed.status, 200, 'If-Range with another ETag: the whole file');
  assert.equal(changed.bytes.length, full.bytes.length);
  for (const who of [outsider, anon]) {
    for (const url of [m.url, m.preview_url, m.fallback_url]) assert.equal((await fetchBytes(who, url)).status, 404, url);
  }
});

test('a video left processing by a crash is processed after the restart', async () => {
  const s = await startServer({ env: { KRING_MEDIA_VIDEO_MAX_SECONDS: '4' } });
  const c = await Client.signUp(s.base, 'herstart');
  await upload(c, clip('block2.mp4', { seconds: 2, w: 960, h: 540, rate: 15, args: x264 }));
  const r = await upload(c, clip('after.mp4', { w: 96, h: 64, args: x264 }));
  await s.stop({ signal: 'SIGKILL', keepData: true });
  // A staged upload whose row is gone (e.g. the account was erased while the server was down)
  // must not outlive it: the raw upload still carries its metadata.
  const orphan = path.join(s.dataDir, 'media-pending', '4242424242');
  writeFileSync(orphan, landscape);
  const again = await startServer({ dataDir: s.dataDir });
  try {
    const c2 = new Client(again.base, c.token);
    const m = await settled(c2, r.body.id);
    assert.equal(m.status, 'ready', JSON.stringify(m));
    assert.deepEqual([m.width, m.height], [96, 64]);
    assert.ok(!existsSync(orphan), 'the orphaned staged upload was removed at start-up');
    assert.deepEqual(staged(again.dataDir), []);
  } finally {
    await again.stop();
    rmSync(s.dataDir, { recursive: true, force: true });
  }
});

test('videos count against the storage quota', async () => {
  const small = await startServer({ env: { KRING_MEDIA_QUOTA_BYTES: '20000' } });
  try {
    const c = await Client.signUp(small.base, 'quota');
    const over = await upload(c, landscape);
    assert.equal(over.status, 413);
    assert.equal(over.body.error, 'quota_exceeded');
    assert.deepEqual(staged(small.dataDir), []);
  } finally {
    await small.stop();
  }
});
