// Avatars and community banners: upload, replace, delete, metadata stripped, files cleaned up
// (also on account erasure); and animated GIFs staying animated as photos. Fixtures are made at
// test time with vips and exiftool.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { blobPath, fetchBytes, eventually } from '../lib/media.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'kring-avatar-fixtures-'));
const vips = (...args) => execFileSync('vips', args, { cwd: work, stdio: 'pipe' });

function noise(name, w, h, seed = 1) {
  vips('gaussnoise', `${name}.n.v`, String(w), String(h), '--mean', String(100 + seed), '--sigma', '60');
  vips('cast', `${name}.n.v`, `${name}.8.v`, 'uchar');
  vips('bandjoin', `${name}.8.v ${name}.8.v ${name}.8.v`, `${name}.rgb.v`);
  vips('copy', `${name}.rgb.v`, name);
  return readFileSync(path.join(work, name));
}
function withGps(name) {
  execFileSync('exiftool', ['-overwrite_original', '-n', '-GPSLatitude=52.3731', '-GPSLatitudeRef=N', '-GPSLongitude=4.8922',
    '-GPSLongitudeRef=E', '-Artist=Anna Geheim', name], { cwd: work });
  return readFileSync(path.join(work, name));
}
function dims(bytes, name) {
  const f = path.join(work, name);
  writeFileSync(f, bytes);
  return execFileSync('vipsheader', [f], { encoding: 'utf8' });
}
function metadataLeaks(bytes, name) {
  const f = path.join(work, name);
  writeFileSync(f, bytes);
  const tags = JSON.parse(execFileSync('exiftool', ['-j', '-a', '-G1', '-n', f], { encoding: 'utf8' }))[0];
  return Object.keys(tags).filter((k) => !/^(ExifTool|File|System|SourceFile|RIFF|JFIF|Composite:Image|Composite:Megapixels)/.test(k) &&
    /GPS|EXIF|IFD|XMP|IPTC|Artist/i.test(k));
}
const raw = (client, url, bytes) => client.post(url, bytes, { raw: true, headers: { 'content-type': 'application/octet-stream' } });

let server, anna, joris, anon;
before(async () => {
  server = await startServer();
  anna = await Client.signUp(server.base, 'anna');
  joris = await Client.signUp(server.base, 'joris');
  anon = new Client(server.base);
  await anna.post('/api/v1/communities', { slug: 'kluis', name: 'Kluis', visibility: 'members_only', join_policy: 'open' });
  await joris.post('/api/v1/communities/kluis/join');
});
after(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

test('avatar: square WebP and JPEG without GPS, replaced and deleted with their files', async () => {
  assert.equal((await anna.get('/api/v1/me')).body.avatar_url, null);
  noise('a1.jpg', 600, 400);
  const first = await raw(anna, '/api/v1/me/avatar', withGps('a1.jpg'));
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const url = first.body.avatar_url;
  assert.match(url, /^\/media\/[0-9a-f]{64}\/avatar\.webp$/);
  const webp = await fetchBytes(anon, url);
  assert.equal(webp.status, 200, 'avatars are public');
  assert.equal(webp.headers.get('content-type'), 'image/webp');
  assert.match(dims(webp.bytes, 'a.webp'), /400x400/);
  const small = await fetchBytes(anon, url.replace('avatar.webp', 'avatar-small.webp'));
  assert.match(dims(small.bytes, 'as.webp'), /96x96/);
  const jpeg = await fetchBytes(anon, first.body.avatar_static_url);
  assert.equal(jpeg.headers.get('content-type'), 'image/jpeg');
  for (const [bytes, name] of [[webp.bytes, 'a.webp'], [small.bytes, 'as.webp'], [jpeg.bytes, 'a.jpg']]) {
    assert.deepEqual(metadataLeaks(bytes, name), [], `${name} carries metadata`);
    assert.ok(!bytes.includes('Anna Geheim'));
  }
  // Others see it on the profile.
  assert.equal((await joris.get(`/api/v1/accounts/${anna.account.id}`)).body.avatar_url, url);
  // Avatars are not ordinary media: they cannot go into posts or be deleted as media.
  const hash = JSON.parse(webp.headers.get('etag'));
  assert.ok(existsSync(blobPath(server.dataDir, hash)));

  const second = await raw(anna, '/api/v1/me/avatar', noise('a2.png', 300, 500, 2));
  assert.equal(second.status, 200);
  assert.notEqual(second.body.avatar_url, url);
  await eventually(() => !existsSync(blobPath(server.dataDir, hash)), 'the replaced avatar\'s file removed');
  assert.equal((await fetchBytes(anon, url)).status, 404);

  const hash2 = JSON.parse((await fetchBytes(anon, second.body.avatar_url)).headers.get('etag'));
  const cleared = await anna.del('/api/v1/me/avatar');
  assert.equal(cleared.status, 200);
  assert.equal(cleared.body.avatar_url, null);
  await eventually(() => !existsSync(blobPath(server.dataDir, hash2)), 'the deleted avatar\'s file removed');

  const bad = await raw(anna, '/api/v1/me/avatar', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'));
  assert.equal(bad.status, 415);
  assert.equal(bad.body.error, 'unsupported_media');
  assert.equal((await anna.get('/api/v1/me')).body.avatar_url, null, 'a refused upload changes nothing');
});

test('banner: owner sets a 1500x500 cover, members cannot, delete removes it', async () => {
  const r = await raw(anna, '/api/v1/communities/kluis/banner', noise('b.jpg', 1200, 900, 3));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.match(r.body.banner_url, /\/banner\.webp$/);
  const b = await fetchBytes(anon, r.body.banner_url);
  assert.equal(b.status, 200, 'banners are public like the community card');
  assert.match(dims(b.bytes, 'b.webp'), /1500x500/);
  assert.equal((await anon.get('/api/v1/communities/kluis')).body.banner_url, r.body.banner_url);
  const member = await raw(joris, '/api/v1/communities/kluis/banner', noise('b2.jpg', 300, 100, 4));
  assert.equal(member.status, 403);
  assert.equal((await joris.del('/api/v1/communities/kluis/banner')).status, 403);
  assert.equal((await raw(anna, '/api/v1/communities/nergens/banner', noise('b3.jpg', 30, 10, 5))).status, 404);
  const hash = JSON.parse(b.headers.get('etag'));
  const d = await anna.del('/api/v1/communities/kluis/banner');
  assert.equal(d.status, 200);
  assert.equal(d.body.banner_url, null);
  await eventually(() => !existsSync(blobPath(server.dataDir, hash)), 'banner file removed');
});

test('erasing the account removes the avatar files', async () => {
  const c = await Client.signUp(server.base, 'weg');
  const r = await raw(c, '/api/v1/me/avatar', noise('w.jpg', 200, 200, 6));
  const hash = JSON.parse((await fetchBytes(anon, r.body.avatar_url)).headers.get('etag'));
  assert.ok(existsSync(blobPath(server.dataDir, hash)));
  assert.equal((await c.del('/api/v1/me', { password: c.password })).status, 204);
  await eventually(() => !existsSync(blobPath(server.dataDir, hash)), 'erased account\'s avatar removed');
  assert.equal((await fetchBytes(anon, r.body.avatar_url)).status, 404);
});

test('an animated GIF stays animated in the WebP variant', async () => {
  // Three frames of 64x48 from ffmpeg's test source (the vips CLI's arrayjoin is unreliable here).
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=0.3:size=64x48:rate=10', 'anim.gif'],
    { cwd: work, stdio: 'pipe' });
  const gif = readFileSync(path.join(work, 'anim.gif'));
  assert.match(execFileSync('vipsheader', ['-f', 'n-pages', path.join(work, 'anim.gif')], { encoding: 'utf8' }), /3/);
  const r = await anna.post('/api/v1/media', gif, { raw: true });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual([r.body.width, r.body.height], [64, 48]);
  const webp = await fetchBytes(anna, r.body.url);
  const f = path.join(work, 'served-anim.webp');
  writeFileSync(f, webp.bytes);
  assert.match(execFileSync('vipsheader', ['-f', 'n-pages', f], { encoding: 'utf8' }), /^3/, 'three frames in the WebP');
});

test('a comment carries one photo, visible with the comment only', async () => {
  const post = await anna.post('/api/v1/posts', { community: 'kluis', title: 'Foto\'s graag' });
  assert.equal(post.status, 201);
  const m1 = (await joris.post('/api/v1/media', noise('c1.jpg', 120, 90, 7), { raw: true })).body;
  const m2 = (await joris.post('/api/v1/media', noise('c2.jpg', 90, 120, 8), { raw: true })).body;
  const two = await joris.post(`/api/v1/posts/${post.body.id}/comments`, { body: 'Twee', media_ids: [m1.id, m2.id] });
  assert.equal(two.body.error, 'too_many_media');
  const c = await joris.post(`/api/v1/posts/${post.body.id}/comments`, { body: 'Hier is er een', media_ids: [m1.id] });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.deepEqual(c.body.media.map((m) => m.id), [m1.id]);
  const thread = await anna.get(`/api/v1/posts/${post.body.id}`);
  assert.equal(thread.status, 200);
  const t = await anna.get(`/api/v1/posts/${post.body.id}/comments`);
  const shown = (t.body.comments || []).find((x) => x.id === c.body.id);
  assert.ok(shown, JSON.stringify(t.body).slice(0, 300));
  assert.equal(shown.media[0].url, m1.url);
  assert.equal((await fetchBytes(anna, m1.url)).status, 200, 'members see it');
  assert.equal((await fetchBytes(anon, m1.url)).status, 404, 'members-only stays members-only');
  const again = await joris.post(`/api/v1/posts/${post.body.id}/comments`, { body: 'Nog eens', media_ids: [m1.id] });
  assert.equal(again.body.error, 'invalid_media', 'a photo belongs to one comment');
  assert.equal((await joris.del(`/api/v1/comments/${c.body.id}`)).status, 204);
  assert.equal((await fetchBytes(anna, m1.url)).status, 404, 'gone with the comment');
});
