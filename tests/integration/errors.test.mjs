// Bad input gets a clear error with a stable code and changes nothing: malformed JSON, wrong
// types, missing and over-long fields, invalid UTF-8, unknown ids and missing permissions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let server, owner, member, stranger, anon, postId, commentId;

before(async () => {
  server = await startServer();
  owner = await Client.signUp(server.base, 'oprichter');
  member = await Client.signUp(server.base, 'lid');
  stranger = await Client.signUp(server.base, 'stranger');
  anon = new Client(server.base);
  await owner.post('/api/v1/communities', { slug: 'club', name: 'Club' });
  await member.post('/api/v1/communities/club/join');
  postId = (await owner.post('/api/v1/posts', { community: 'club', title: 'Hallo', body: 'Eerste bericht' })).body.id;
  commentId = (await member.post(`/api/v1/posts/${postId}/comments`, { body: 'Hoi' })).body.id;
});
after(async () => { await server.stop(); });

function assertError(res, status, code, field) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error, code, JSON.stringify(res.body));
  assert.equal(typeof res.body.message, 'string');
  assert.ok(res.body.message.length > 10, 'the message explains the problem');
  if (field) assert.equal(res.body.field, field);
}

async function postCount() {
  return (await owner.get('/api/v1/communities/club')).body.post_count;
}

test('malformed JSON, wrong types and missing fields are 400 and store nothing', async () => {
  const before = await postCount();
  assertError(await owner.post('/api/v1/posts', '{"community": "club", "title": ', { raw: true, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  assertError(await owner.post('/api/v1/posts', '[1,2]', { raw: true, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  assertError(await owner.post('/api/v1/posts', { community: 'club', title: 42, body: 'x' }), 400, 'wrong_type', 'title');
  assertError(await owner.post('/api/v1/posts', { community: 'club', body: 'x', rating: 'five' }), 400, 'wrong_type', 'rating');
  assertError(await owner.post(`/api/v1/posts/${postId}/comments`, {}), 400, 'missing_field', 'body');
  assertError(await owner.post(`/api/v1/posts/${postId}/comments`, { body: 'x', parent_id: 'abc' }), 400, 'wrong_type', 'parent_id');
  assertError(await owner.post('/api/v1/posts', 'title=x', { raw: true, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
  assert.equal(await postCount(), before);
});

test('invalid UTF-8 is refused', async () => {
  const bytes = Buffer.concat([Buffer.from('{"community":"club","title":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('","body":"x"}')]);
  assertError(await owner.post('/api/v1/posts', bytes, { raw: true, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
  const overlong = Buffer.concat([Buffer.from('{"handle":"a'), Buffer.from([0xc0, 0xaf]), Buffer.from('b","password":"0123456789ab"}')]);
  assertError(await anon.post('/api/v1/auth/register', overlong, { raw: true, headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
});

test('rules of the domain are 422 with the field named', async () => {
  const before = await postCount();
  assertError(await owner.post('/api/v1/posts', { community: 'club', title: 'x'.repeat(301), body: 'y' }), 422, 'too_long', 'title');
  assertError(await owner.post('/api/v1/posts', { community: 'club', body: 'y'.repeat(40001) }), 422, 'too_long', 'body');
  assertError(await owner.post('/api/v1/posts', { community: 'club', kind: 'poem', body: 'y' }), 422, 'invalid_kind', 'kind');
  assertError(await owner.post('/api/v1/posts', { community: 'club', kind: 'review', title: 'Top', body: 'y', place_name: 'Bakker', rating: 6 }), 422, 'invalid_rating', 'rating');
  assertError(await owner.post('/api/v1/posts', { community: 'club', kind: 'review', title: 'Top', body: 'y', rating: 4 }), 422, 'required', 'place_name');
  assertError(await owner.post('/api/v1/posts', { community: 'club', kind: 'link', title: 'Kijk', url: 'javascript:alert(1)' }), 422, 'invalid_url', 'url');
  assertError(await owner.post('/api/v1/posts', { community: 'club', kind: 'question', body: 'zonder titel' }), 422, 'required', 'title');
  assertError(await owner.post('/api/v1/posts', { community: 'club', title: 'a\u202Eb', body: 'y' }), 422, 'invalid_characters', 'title');
  assertError(await owner.post('/api/v1/posts', { community: 'club', body: '   ' }), 422, 'required', 'body');
  assertError(await owner.post(`/api/v1/posts/${postId}/comments`, { body: 'z'.repeat(10001) }), 422, 'too_long', 'body');
  assertError(await owner.put(`/api/v1/posts/${postId}/reactions/thumbsdown`), 422, 'invalid_reaction');
  assertError(await owner.post('/api/v1/communities', { slug: 'Bad Slug!', name: 'X' }), 422, 'slug_invalid', 'slug');
  assertError(await owner.post('/api/v1/communities', { slug: 'club', name: 'Dubbel' }), 409, 'slug_taken');
  assertError(await owner.post('/api/v1/communities', { slug: 'ok-slug', name: 'X', visibility: 'secret' }), 422, 'invalid_visibility', 'visibility');
  assertError(await owner.post('/api/v1/posts', { community: 'club', title: 'Later', body: 'y', scheduled_at: 'morgen' }), 422, 'invalid_time', 'scheduled_at');
  assertError(await owner.get('/api/v1/communities?sort=random'), 400, 'invalid_parameter', 'sort');
  assertError(await owner.get('/api/v1/feeds/home?limit=1000'), 400, 'invalid_parameter', 'limit');
  assertError(await owner.get('/api/v1/feeds/home?max_id=abc'), 400, 'invalid_parameter', 'max_id');
  assert.equal(await postCount(), before);
});

test('unknown ids and unknown paths are 404', async () => {
  for (const path of ['/api/v1/posts/123', '/api/v1/posts/abc', '/api/v1/posts/99999999999999999999999',
    '/api/v1/comments/1', '/api/v1/accounts/1', '/api/v1/communities/nope', '/api/v1/communities/nope/posts',
    '/api/v1/invites/nope', '/api/v1/nothing-here']) {
    const res = await owner.get(path);
    assert.equal(res.status, 404, path);
    assert.equal(res.body.error, 'not_found', path);
  }
  assertError(await owner.post('/api/v1/posts', { community: 'nope', body: 'x' }), 404, 'not_found');
  assertError(await owner.post('/api/v1/posts/77/comments', { body: 'x' }), 404, 'not_found');
  assertError(await owner.post(`/api/v1/posts/${postId}/comments`, { body: 'x', parent_id: '12345' }), 404, 'not_found');
  const wrongMethod = await owner.request('PATCH', '/api/v1/feeds/home', {});
  assert.equal(wrongMethod.status, 405);
});

test('missing or wrong credentials are 401; missing permissions are 403', async () => {
  assertError(await anon.post('/api/v1/posts', { community: 'club', body: 'x' }), 401, 'unauthenticated');
  assertError(await anon.get('/api/v1/feeds/home'), 401, 'unauthenticated');
  assertError(await new Client(server.base, 'not-a-token').get('/api/v1/me'), 401, 'unauthenticated');
  assertError(await anon.get('/api/v1/me', { headers: { authorization: 'Basic abc' } }), 401, 'unauthenticated');

  assertError(await stranger.post('/api/v1/posts', { community: 'club', body: 'x' }), 403, 'not_a_member');
  assertError(await member.post('/api/v1/posts', { community: 'club', kind: 'announcement', title: 'Let op', body: 'x' }), 403, 'moderators_only');
  assertError(await member.patch(`/api/v1/posts/${postId}`, { body: 'gekaapt' }), 403, 'not_author');
  assertError(await member.del(`/api/v1/posts/${postId}`), 403, 'not_author');
  assertError(await member.post(`/api/v1/posts/${postId}/pin`), 403, 'moderators_only');
  assertError(await member.post(`/api/v1/posts/${postId}/unlock`), 403, 'moderators_only');
  assertError(await owner.patch(`/api/v1/comments/${commentId}`, { body: 'gekaapt' }), 403, 'not_author');
  assertError(await member.patch('/api/v1/communities/club', { name: 'Van mij' }), 403, 'moderators_only');
  assertError(await member.get('/api/v1/communities/club/requests'), 403, 'moderators_only');
  assertError(await member.post('/api/v1/communities/club/invites', {}), 403, 'moderators_only');
  assertError(await member.post(`/api/v1/communities/club/members/${owner.account.id}/role`, { role: 'member' }), 403, 'owner_only');
  assertError(await member.patch('/api/v1/admin/instance', { registration_mode: 'closed' }), 403, 'admin_only');
  assertError(await member.get('/api/v1/admin/accounts'), 403, 'admin_only');
  assertError(await member.post('/api/v1/admin/invites', {}), 403, 'admin_only');
  assertError(await member.post(`/api/v1/admin/accounts/${stranger.account.id}/role`, { role: 'admin' }), 403, 'admin_only');
  // Nothing changed.
  const post = await member.get(`/api/v1/posts/${postId}`);
  assert.equal(post.body.body, 'Eerste bericht');
  assert.equal(post.body.pinned, false);
  assert.equal((await anon.get('/api/v1/instance')).body.registration_mode, 'open');
});

test('request bodies over the size limit are 413', async () => {
  const huge = JSON.stringify({ community: 'club', body: 'x'.repeat(2 * 1024 * 1024) });
  const res = await owner.post('/api/v1/posts', huge, { raw: true, headers: { 'content-type': 'application/json' } })
    .catch((e) => ({ status: 'connection closed', error: e }));
  if (res.status !== 'connection closed') {
    assert.equal(res.status, 413);
    assert.equal(res.body.error, 'payload_too_large');
  }
  assert.equal((await owner.get('/healthz')).status, 200, 'the server keeps serving');
});

test('cookie sessions need a same-site Origin for writes (CSRF)', async () => {
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: server.base },
    body: JSON.stringify({ handle: 'lid', password: member.password }),
  });
  assert.equal(login.status, 200);
  const setCookie = login.headers.get('set-cookie');
  assert.match(setCookie, /kring_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure/);
  assert.equal((await login.json()).token, undefined, 'a cookie login does not hand the token to scripts');
  const cookie = setCookie.split(';')[0];
  const asBrowser = (origin) => fetch(`${server.base}/api/v1/posts/${postId}/comments`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie, ...(origin ? { origin } : {}) },
    body: JSON.stringify({ body: 'via de browser' }),
  });
  assert.equal((await asBrowser('https://evil.example')).status, 403);
  assert.equal((await asBrowser(null)).status, 403);
  assert.equal((await asBrowser(server.base)).status, 201);
  const me = await fetch(`${server.base}/api/v1/me`, { headers: { cookie } });
  assert.equal((await me.json()).username, 'lid');
});
