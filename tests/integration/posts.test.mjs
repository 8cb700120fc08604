// Posts, comments, reactions and feeds: kinds, edit history, lock and pin, threads with depth and
// sort, cursor pagination with Link headers, follows and the home feed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let server, anna, joris, mila, anon;
before(async () => {
  server = await startServer();
  anna = await Client.signUp(server.base, 'anna');
  joris = await Client.signUp(server.base, 'joris');
  mila = await Client.signUp(server.base, 'mila');
  anon = new Client(server.base);
  await anna.post('/api/v1/communities', { slug: 'bakkerij', name: 'Bakkerij' });
  await joris.post('/api/v1/communities/bakkerij/join');
  await mila.post('/api/v1/communities/bakkerij/join');
});
after(async () => { await server.stop(); });

test('every kind of post, with the fields it needs', async () => {
  const review = await mila.post('/api/v1/posts', { community: 'bakkerij', kind: 'review', title: 'Heerlijk', body: 'Beste roggebrood', place_name: 'De Korenschoof', rating: 5 });
  assert.equal(review.status, 201);
  assert.equal(review.body.rating, 5);
  assert.equal(review.body.place_name, 'De Korenschoof');
  const link = await joris.post('/api/v1/posts', { community: 'bakkerij', kind: 'link', title: 'Desem uitgelegd', url: 'https://example.org/desem' });
  assert.equal(link.body.url, 'https://example.org/desem');
  const announcement = await anna.post('/api/v1/posts', { community: 'bakkerij', kind: 'announcement', title: 'Gesloten op 2e kerstdag', body: 'Fijne dagen!' });
  assert.equal(announcement.status, 201);
  const profile = await mila.post('/api/v1/posts', { title: 'Mijn eerste foto', body: 'Een reiger #reiger' });
  assert.equal(profile.body.community, null);
  const onProfile = await anon.get(`/api/v1/accounts/${mila.account.id}/posts`);
  assert.deepEqual(onProfile.body.map((p) => p.id), [profile.body.id, review.body.id]);
  const md = await joris.post('/api/v1/posts', { community: 'bakkerij', body: '<img src=x onerror=alert(1)> [klik](javascript:alert(1)) [goed](https://example.org)' });
  assert.ok(!md.body.body_html.includes('<img'), md.body.body_html);
  assert.ok(!md.body.body_html.includes('javascript:'), md.body.body_html);
  assert.match(md.body.body_html, /<a href="https:\/\/example.org" rel="nofollow ugc noopener">goed<\/a>/);
});

test('editing keeps history; deleting leaves a tombstone; lock and pin are for moderators', async () => {
  const p = (await joris.post('/api/v1/posts', { community: 'bakkerij', title: 'Versie 1', body: 'Eerste tekst #oud' })).body;
  const edited = await joris.patch(`/api/v1/posts/${p.id}`, { title: 'Versie 2', body: 'Tweede tekst #nieuw' });
  assert.equal(edited.status, 200);
  assert.ok(edited.body.edited_at);
  assert.deepEqual(edited.body.hashtags.map((t) => t.key), ['nieuw']);
  const history = await mila.get(`/api/v1/posts/${p.id}/history`);
  assert.deepEqual(history.body.map((r) => [r.title, r.body]), [['Versie 1', 'Eerste tekst #oud']]);
  assert.deepEqual((await anon.get('/api/v1/tags/oud/posts')).body, [], 'old hashtags no longer lead to the post');
  assert.equal((await anon.get('/api/v1/tags/nieuw/posts')).body[0].id, p.id);

  const c = (await mila.post(`/api/v1/posts/${p.id}/comments`, { body: 'Eerste!' })).body;
  const ce = await mila.patch(`/api/v1/comments/${c.id}`, { body: 'Eerste! (aangepast)' });
  assert.equal(ce.body.body, 'Eerste! (aangepast)');
  assert.deepEqual((await anon.get(`/api/v1/comments/${c.id}/history`)).body.map((r) => r.body), ['Eerste!']);

  assert.equal((await anna.post(`/api/v1/posts/${p.id}/lock`)).body.locked, true);
  const blocked = await mila.post(`/api/v1/posts/${p.id}/comments`, { body: 'Nog eentje' });
  assert.equal(blocked.body.error, 'post_locked');
  assert.equal((await anna.post(`/api/v1/posts/${p.id}/unlock`)).body.locked, false);

  assert.equal((await anna.post(`/api/v1/posts/${p.id}/pin`)).body.pinned, true);
  const feed = await anon.get('/api/v1/communities/bakkerij/posts');
  assert.equal(feed.body[0].id, p.id, 'pinned posts come first');
  await anna.post(`/api/v1/posts/${p.id}/unpin`);

  assert.equal((await joris.del(`/api/v1/posts/${p.id}`)).status, 204);
  const gone = await anon.get(`/api/v1/posts/${p.id}`);
  assert.equal(gone.body.deleted, true);
  assert.equal(gone.body.body, '');
  const thread = await anon.get(`/api/v1/posts/${p.id}/comments`);
  assert.equal(thread.body.comments[0].body, 'Eerste! (aangepast)', 'replies stay');
  assert.ok(!(await anon.get('/api/v1/communities/bakkerij/posts')).body.some((x) => x.id === p.id));
  // A moderator deletes someone else's comment; the thread keeps its shape.
  const parent = (await mila.post('/api/v1/posts', { community: 'bakkerij', title: 'Draad', body: 'x' })).body;
  const top = (await joris.post(`/api/v1/posts/${parent.id}/comments`, { body: 'boven' })).body;
  await mila.post(`/api/v1/posts/${parent.id}/comments`, { body: 'onder', parent_id: top.id });
  assert.equal((await anna.del(`/api/v1/comments/${top.id}`)).status, 204);
  const shape = await anon.get(`/api/v1/posts/${parent.id}/comments`);
  assert.equal(shape.body.comments[0].deleted, true);
  assert.equal(shape.body.comments[0].body, '');
  assert.equal(shape.body.comments[0].author, null);
  assert.equal(shape.body.comments[0].replies[0].body, 'onder');
});

test('threads render to a depth, collapse deeper replies, and sort old/new/top', async () => {
  const p = (await anna.post('/api/v1/posts', { community: 'bakkerij', title: 'Diepe draad', body: 'x' })).body;
  let parent = null;
  const chain = [];
  for (let i = 0; i < 5; i++) {
    const c = (await joris.post(`/api/v1/posts/${p.id}/comments`, { body: `niveau ${i}`, ...(parent ? { parent_id: parent } : {}) })).body;
    chain.push(c.id);
    parent = c.id;
  }
  const shallow = await anon.get(`/api/v1/posts/${p.id}/comments?depth=2`);
  const level1 = shallow.body.comments[0].replies[0];
  assert.equal(level1.body, 'niveau 1');
  assert.equal(level1.replies.length, 0);
  assert.equal(level1.more_replies, true);
  assert.equal(level1.reply_count, 1);
  const subtree = await anon.get(`/api/v1/comments/${chain[2]}?depth=10`);
  assert.equal(subtree.body.body, 'niveau 2');
  assert.equal(subtree.body.replies[0].replies[0].body, 'niveau 4');

  const q = (await anna.post('/api/v1/posts', { community: 'bakkerij', title: 'Welk meel?', body: 'Sorteer me' })).body;
  const a = (await joris.post(`/api/v1/posts/${q.id}/comments`, { body: 'a' })).body;
  const b = (await mila.post(`/api/v1/posts/${q.id}/comments`, { body: 'b' })).body;
  const c = (await anna.post(`/api/v1/posts/${q.id}/comments`, { body: 'c' })).body;
  await anna.put(`/api/v1/comments/${b.id}/reactions/like`);
  await joris.put(`/api/v1/comments/${b.id}/reactions/heart`);
  await mila.put(`/api/v1/comments/${c.id}/reactions/like`);
  const order = async (sort) => (await anon.get(`/api/v1/posts/${q.id}/comments?sort=${sort}`)).body.comments.map((x) => x.body);
  assert.deepEqual(await order('old'), ['a', 'b', 'c']);
  assert.deepEqual(await order('new'), ['c', 'b', 'a']);
  assert.deepEqual(await order('top'), ['b', 'c', 'a']);
  assert.equal(a.reply_count, 0);
});

test('reactions are idempotent and can be taken back', async () => {
  const p = (await anna.post('/api/v1/posts', { community: 'bakkerij', title: 'Reageer', body: 'x' })).body;
  await joris.put(`/api/v1/posts/${p.id}/reactions/like`);
  const twice = await joris.put(`/api/v1/posts/${p.id}/reactions/like`);
  assert.deepEqual(twice.body, { counts: { like: 1 }, mine: ['like'] });
  const back = await joris.del(`/api/v1/posts/${p.id}/reactions/like`);
  assert.deepEqual(back.body, { counts: {}, mine: [] });
  assert.equal((await anon.put(`/api/v1/posts/${p.id}/reactions/like`)).status, 401);
});

test('community feeds page by cursor with Link headers; top and active sorts page by offset', async () => {
  await anna.post('/api/v1/communities', { slug: 'paginas', name: 'Paginas' });
  const ids = [];
  for (let i = 0; i < 7; i++) ids.push((await anna.post('/api/v1/posts', { community: 'paginas', title: `Post ${i}`, body: 'x' })).body.id);
  const newest = [...ids].reverse();
  const first = await anon.get('/api/v1/communities/paginas/posts?limit=3');
  assert.deepEqual(first.body.map((p) => p.id), newest.slice(0, 3));
  const link = first.headers.get('link');
  const next = link.match(/<([^>]+)>; rel="next"/)[1];
  const prev = link.match(/<([^>]+)>; rel="prev"/)[1];
  assert.match(next, /limit=3/);
  const second = await anon.get(next);
  assert.deepEqual(second.body.map((p) => p.id), newest.slice(3, 6));
  const third = await anon.get(second.headers.get('link').match(/<([^>]+)>; rel="next"/)[1]);
  assert.deepEqual(third.body.map((p) => p.id), newest.slice(6));
  assert.ok(!(third.headers.get('link') || '').includes('rel="next"'), 'no next link on the last page');
  assert.deepEqual((await anon.get(prev)).body, [], 'nothing newer than the first page');
  const above = await anon.get(`/api/v1/communities/paginas/posts?min_id=${ids[2]}&limit=2`);
  assert.deepEqual(above.body.map((p) => p.id), [ids[4], ids[3]]);

  await joris.post('/api/v1/communities/paginas/join');
  await joris.put(`/api/v1/posts/${ids[1]}/reactions/like`);
  await joris.post(`/api/v1/posts/${ids[0]}/comments`, { body: 'actief' });
  const top = await anon.get('/api/v1/communities/paginas/posts?sort=top&t=week&limit=2');
  assert.deepEqual(top.body.map((p) => p.id), [ids[1], ids[0]]);
  assert.match(top.headers.get('link'), /offset=2>; rel="next"/);
  const active = await anon.get('/api/v1/communities/paginas/posts?sort=active&limit=1');
  assert.deepEqual(active.body.map((p) => p.id), [ids[0]]);
  assert.equal((await anon.get('/api/v1/communities/paginas/posts?sort=top&t=year')).body.error, 'invalid_parameter');
});

test('following someone brings their posts into the home feed', async () => {
  const sam = await Client.signUp(server.base, 'sam');
  const p = (await sam.post('/api/v1/posts', { title: 'V60', body: 'Recept #koffie' })).body;
  assert.deepEqual((await mila.get('/api/v1/feeds/home')).body.filter((x) => x.id === p.id), []);
  const f = await mila.post(`/api/v1/accounts/${sam.account.id}/follow`);
  assert.deepEqual(f.body, { id: sam.account.id, following: true });
  assert.equal((await mila.post(`/api/v1/accounts/${sam.account.id}/follow`)).status, 200, 'following twice is fine');
  assert.equal((await mila.get('/api/v1/feeds/home')).body[0].id, p.id);
  const profile = await mila.get(`/api/v1/accounts/${sam.account.id}`);
  assert.equal(profile.body.followers_count, 1);
  assert.equal(profile.body.following, true);
  assert.deepEqual((await anon.get(`/api/v1/accounts/${sam.account.id}/followers`)).body.map((a) => a.username), ['mila']);
  assert.deepEqual((await anon.get(`/api/v1/accounts/${mila.account.id}/following`)).body.map((a) => a.username), ['sam']);
  assert.equal((await sam.post(`/api/v1/accounts/${sam.account.id}/follow`)).body.error, 'cannot_follow_self');
  await mila.post(`/api/v1/accounts/${sam.account.id}/unfollow`);
  assert.deepEqual((await mila.get('/api/v1/feeds/home')).body.filter((x) => x.id === p.id), []);
});

test('profile settings: display name, bio, language, time zone, password', async () => {
  const u = await mila.patch('/api/v1/me', { display_name: 'Mila V.', bio: 'Reigers', locale: 'nl', time_zone: 'Europe/Amsterdam' });
  assert.equal(u.status, 200);
  assert.equal(u.body.locale, 'nl');
  assert.equal((await mila.patch('/api/v1/me', { time_zone: 'Mars/Olympus' })).body.error, 'unknown_time_zone');
  assert.equal((await mila.patch('/api/v1/me', { locale: 'fr' })).body.error, 'unsupported_locale');
  assert.equal((await mila.patch('/api/v1/me', { display_name: 'x'.repeat(61) })).body.error, 'too_long');
  const other = await new Client(server.base).post('/api/v1/auth/login', { handle: 'mila', password: mila.password, type: 'bearer' });
  const second = new Client(server.base, other.body.token);
  assert.equal((await mila.post('/api/v1/me/password', { current_password: 'fout', new_password: 'een nieuw wachtwoord' })).body.error, 'wrong_password');
  assert.equal((await mila.post('/api/v1/me/password', { current_password: mila.password, new_password: 'een nieuw wachtwoord' })).status, 204);
  assert.equal((await second.get('/api/v1/me')).status, 401, 'other sessions end with the old password');
  assert.equal((await mila.get('/api/v1/me')).status, 200, 'this session continues');
  assert.equal((await mila.post('/api/v1/auth/logout')).status, 204);
  assert.equal((await mila.get('/api/v1/me')).status, 401);
});
