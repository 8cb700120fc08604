// Photos: upload, processing, serving and clean-up. Fixtures are made at test time with the vips
// CLI (libvips-tools) and exiftool (libimage-exiftool-perl); nothing is downloaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { blobFiles, blobPath, fetchBytes, eventually } from '../lib/media.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'kring-media-fixtures-'));
const vips = (...args) => execFileSync('vips', args, { cwd: work, stdio: 'pipe' });

/** An RGB noise image of w x h saved as `name` (format from the extension). */
function noise(name, w, h) {
  vips('gaussnoise', `${name}.n.v`, String(w), String(h), '--mean', '128', '--sigma', '60');
  vips('cast', `${name}.n.v`, `${name}.8.v`, 'uchar');
  vips('bandjoin', `${name}.8.v ${name}.8.v ${name}.8.v`, `${name}.rgb.v`);
  vips('copy', `${name}.rgb.v`, name);
  return readFileSync(path.join(work, name));
}
function black(name, w, h) {
  vips('black', name, String(w), String(h), '--bands', '3');
  return readFileSync(path.join(work, name));
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A small, valid-looking PNG whose header claims w x h pixels: a decompression bomb. */
function pngBomb(w, h) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(w * 3 + 1))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

async function upload(client, bytes, query = '') {
  return client.post(`/api/v1/media${query}`, bytes, { raw: true, headers: { 'content-type': 'image/jpeg' } });
}

let server, anna, joris, outsider, anon;
let gpsJpeg;
before(async () => {
  server = await startServer();
  anna = await Client.signUp(server.base, 'anna');
  joris = await Client.signUp(server.base, 'joris');
  outsider = await Client.signUp(server.base, 'buiten');
  anon = new Client(server.base);
  await anna.post('/api/v1/communities', { slug: 'fotoclub', name: 'Fotoclub' });
  await anna.post('/api/v1/communities', { slug: 'kluis', name: 'Kluis', visibility: 'members_only', join_policy: 'open' });
  noise('gps.jpg', 400, 300);
  execFileSync('exiftool', ['-overwrite_original', '-n', '-GPSLatitude=52.3731', '-GPSLatitudeRef=N',
    '-GPSLongitude=4.8922', '-GPSLongitudeRef=E', '-Orientation=6', '-Artist=Anna Geheim', 'gps.jpg'], { cwd: work });
  gpsJpeg = readFileSync(path.join(work, 'gps.jpg'));
});
after(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

test('a JPEG with GPS: rotated upright, every variant stripped of metadata', async () => {
  const exif = execFileSync('exiftool', ['-n', '-GPSLatitude', path.join(work, 'gps.jpg')], { encoding: 'utf8' });
  assert.match(exif, /52\.3731/, 'the fixture does carry GPS');
  const r = await upload(anna, gpsJpeg, '?alt=' + encodeURIComponent('Een reiger bij de sloot'));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const m = r.body;
  assert.equal(m.type, 'image');
  assert.deepEqual([m.width, m.height], [300, 400], 'orientation 6 applied: portrait now');
  assert.equal(m.alt, 'Een reiger bij de sloot');
  assert.match(m.placeholder, /^data:image\/jpeg;base64,/);
  for (const [url, type] of [[m.url, 'image/webp'], [m.preview_url, 'image/webp'], [m.fallback_url, 'image/jpeg']]) {
    const res = await fetchBytes(anna, url);
    assert.equal(res.status, 200, url);
    assert.equal(res.headers.get('content-type'), type);
    const file = path.join(work, 'served-' + path.basename(url));
    writeFileSync(file, res.bytes);
    const tags = JSON.parse(execFileSync('exiftool', ['-j', '-a', '-G1', '-n', file], { encoding: 'utf8' }))[0];
    const leaked = Object.keys(tags).filter((k) => !/^(ExifTool|File|System|SourceFile|RIFF|JFIF|Composite:Image|Composite:Megapixels)/.test(k) && /GPS|EXIF|IFD|XMP|IPTC|Artist|Orientation/i.test(k));
    assert.deepEqual(leaked, [], `${url} carries metadata: ${leaked.join(', ')}`);
    assert.ok(!res.bytes.includes('Anna Geheim') && !res.bytes.includes('GPS'), `${url} contains metadata bytes`);
  }
  const preview = await fetchBytes(anna, m.preview_url);
  const dims = execFileSync('vipsheader', ['-f', 'width', writeTmp('p.webp', preview.bytes)], { encoding: 'utf8' });
  assert.equal(Number(dims.trim()), 240, '320 px on the long side');
});

function writeTmp(name, bytes) {
  const f = path.join(work, name);
  writeFileSync(f, bytes);
  return f;
}

test('PNG, GIF and WebP are accepted by content, whatever the Content-Type says', async () => {
  for (const name of ['p.png', 'g.gif', 'w.webp']) {
    const bytes = noise(name, 64, 48);
    const r = await anna.post('/api/v1/media', bytes, { raw: true, headers: { 'content-type': 'text/plain' } });
    assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.body)}`);
    assert.deepEqual([r.body.width, r.body.height], [64, 48]);
  }
  // HEIC (x265) and AVIF (AV1) through libheif, as this server's libvips has it.
  noise('h.png', 64, 48);
  for (const [name, extra] of [['h.heic', []], ['h.avif', ['--compression', 'av1']]]) {
    vips('heifsave', 'h.png', name, ...extra);
    const r = await upload(anna, readFileSync(path.join(work, name)));
    assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.body)}`);
    assert.deepEqual([r.body.width, r.body.height], [64, 48]);
  }
});

test('bad files are refused with a clear error and leave nothing stored', async () => {
  const before = blobFiles(server.dataDir).length;
  const cases = [
    [Buffer.alloc(0), 422, 'media_corrupt'],
    [gpsJpeg.subarray(0, Math.floor(gpsJpeg.length / 2)), 422, 'media_corrupt'],
    [Buffer.from('hello, I am a text file named photo.jpg\n'), 415, 'unsupported_media'],
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 415, 'unsupported_media'],
    [Buffer.concat([Buffer.from('%PDF-1.4\n'), gpsJpeg]), 415, 'unsupported_media'],
  ];
  for (const [bytes, status, code] of cases) {
    const r = await upload(anna, bytes);
    assert.equal(r.status, status, `${code}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error, code);
  }
  assert.equal(blobFiles(server.dataDir).length, before, 'no blob was written');
});

test('a decompression bomb is refused from its header, without decoding', async () => {
  const bomb = pngBomb(30000, 30000); // 900 megapixels, 2.7 GB decoded; a few kB on the wire
  const r = await upload(anna, bomb);
  assert.equal(r.status, 413, JSON.stringify(r.body));
  assert.equal(r.body.error, 'media_too_large');
  const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
  const peakKb = Number(status.match(/VmHWM:\s+(\d+)/)[1]);
  assert.ok(peakKb < 400 * 1024, `server peak memory ${peakKb} kB`);
});

test('uploads above 1 MiB pass on this route only', async () => {
  const big = noise('big.png', 1000, 800); // incompressible: about 2.4 MB
  assert.ok(big.length > 1 << 20);
  const r = await upload(anna, big);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual([r.body.width, r.body.height], [1000, 800]);
  const other = await anna.post('/api/v1/posts', big, { raw: true });
  assert.equal(other.status, 413);
});

test('ETag, If-None-Match and byte ranges', async () => {
  const m = (await upload(anna, noise('r.jpg', 200, 150))).body;
  const p = await anna.post('/api/v1/posts', { community: 'fotoclub', title: 'Ruis', media_ids: [m.id] });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  const full = await fetchBytes(anon, m.url);
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('accept-ranges'), 'bytes');
  assert.match(full.headers.get('cache-control'), /public, max-age=31536000, immutable/);
  const etag = full.headers.get('etag');
  assert.equal(etag, `"${sha256(full.bytes)}"`);
  assert.equal((await fetchBytes(anon, m.url, { 'if-none-match': etag })).status, 304);
  const part = await fetchBytes(anon, m.url, { range: 'bytes=10-99' });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 10-99/${full.bytes.length}`);
  assert.deepEqual(part.bytes, full.bytes.subarray(10, 100));
  const tail = await fetchBytes(anon, m.url, { range: 'bytes=-20' });
  assert.deepEqual(tail.bytes, full.bytes.subarray(full.bytes.length - 20));
  const bad = await fetchBytes(anon, m.url, { range: `bytes=${full.bytes.length + 5}-` });
  assert.equal(bad.status, 416);
  assert.equal(bad.headers.get('content-range'), `bytes */${full.bytes.length}`);
  assert.equal((await fetchBytes(anon, m.url.replace('large.webp', 'original.jpg'))).status, 404);
});

test('posts carry their photos; members-only photos stay with members', async () => {
  await joris.post('/api/v1/communities/kluis/join');
  const a = (await upload(anna, noise('k1.jpg', 120, 90), '?alt=eerste')).body;
  const b = (await upload(anna, noise('k2.jpg', 90, 120))).body;
  // Unattached: the uploader alone.
  assert.equal((await fetchBytes(anna, a.url)).status, 200);
  assert.equal((await fetchBytes(joris, a.url)).status, 404);
  assert.equal((await fetchBytes(anon, a.url)).status, 404);
  // Someone else's media cannot be attached.
  const stolen = await joris.post('/api/v1/posts', { community: 'kluis', title: 'Niet van mij', media_ids: [a.id] });
  assert.equal(stolen.status, 422);
  assert.equal(stolen.body.error, 'invalid_media');
  const tooMany = await anna.post('/api/v1/posts', { community: 'kluis', title: 'Te veel', media_ids: Array.from({ length: 11 }, (_, i) => String(i + 1)) });
  assert.equal(tooMany.body.error, 'too_many_media');
  assert.equal((await anna.patch(`/api/v1/media/${b.id}`, { alt: 'tweede' })).body.alt, 'tweede');
  const p = await anna.post('/api/v1/posts', { community: 'kluis', title: 'Binnen', media_ids: [b.id, a.id] });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  assert.deepEqual(p.body.media.map((m) => [m.id, m.alt]), [[b.id, 'tweede'], [a.id, 'eerste']]);
  const again = await anna.post('/api/v1/posts', { community: 'kluis', title: 'Nog eens', media_ids: [a.id] });
  assert.equal(again.body.error, 'invalid_media', 'media belongs to one post');
  const asMember = await fetchBytes(joris, b.url);
  assert.equal(asMember.status, 200);
  assert.match(asMember.headers.get('cache-control'), /^private/);
  assert.equal((await joris.get(`/api/v1/posts/${p.body.id}`)).body.media.length, 2);
  for (const who of [outsider, anon]) {
    for (const url of [b.url, b.preview_url, b.fallback_url]) assert.equal((await fetchBytes(who, url)).status, 404);
  }
});

test('deleting the post, then the account, removes the files nobody else uses', async () => {
  await joris.post('/api/v1/communities/fotoclub/join');
  const bytes = noise('d.jpg', 160, 120);
  const m = (await upload(joris, bytes)).body;
  const dup = (await upload(anna, bytes)).body; // the same bytes: stored once
  assert.equal(dup.url, m.url);
  const p = (await joris.post('/api/v1/posts', { community: 'fotoclub', title: 'Weg ermee', media_ids: [m.id] })).body;
  const hashes = [];
  for (const url of [m.url, m.preview_url, m.fallback_url]) {
    const res = await fetchBytes(joris, url);
    hashes.push(JSON.parse(res.headers.get('etag')));
  }
  for (const h of hashes) assert.ok(existsSync(blobPath(server.dataDir, h)));
  assert.equal((await joris.del(`/api/v1/posts/${p.id}`)).status, 204);
  assert.equal((await fetchBytes(anon, m.url)).status, 404, 'gone at once');
  await new Promise((r) => setTimeout(r, 300));
  for (const h of hashes) assert.ok(existsSync(blobPath(server.dataDir, h)), 'still used by anna\'s upload');
  assert.equal((await anna.del('/api/v1/me', { password: anna.password })).status, 204);
  await eventually(() => hashes.every((h) => !existsSync(blobPath(server.dataDir, h))), 'blobs removed');

  // Account erasure takes attached photos too.
  const mine = (await upload(joris, noise('e.jpg', 100, 100))).body;
  await joris.post('/api/v1/posts', { title: 'Profielfoto', media_ids: [mine.id] });
  const h = JSON.parse((await fetchBytes(anon, mine.url)).headers.get('etag'));
  assert.ok(existsSync(blobPath(server.dataDir, h)));
  assert.equal((await joris.del('/api/v1/me', { password: joris.password })).status, 204);
  await eventually(() => !existsSync(blobPath(server.dataDir, h)), 'erased account\'s blobs removed');
  assert.equal((await fetchBytes(anon, mine.url)).status, 404);
});

test('the per-account quota is enforced', async () => {
  const small = await startServer({ env: { KRING_MEDIA_QUOTA_BYTES: '60000' } });
  try {
    const c = await Client.signUp(small.base, 'quota');
    const ok = await upload(c, black('q.png', 300, 200));
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const before = blobFiles(small.dataDir).length;
    const over = await upload(c, noise('q.jpg', 1200, 900));
    assert.equal(over.status, 413);
    assert.equal(over.body.error, 'quota_exceeded');
    assert.equal(blobFiles(small.dataDir).length, before);
  } finally {
    await small.stop();
  }
});
