// Search: full text over posts, comments, communities and accounts, ranked, filtered, highlighted,
// and never showing what the searcher may not see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let server, anna, joris, eve, anon;
before(async () => {
  server = await startServer();
  anna = await Client.signUp(server.base, 'anna', { display_name: 'Anna Bakker' });
  joris = await Client.signUp(server.base, 'joris');
  eve = await Client.signUp(server.base, 'eve');
  anon = new Client(server.base);
  await anna.post('/api/v1/communities', { slug: 'bakkerij', name: 'Bakkerij De Korenschoof', description: 'Brood en banket in Deventer', place: 'Deventer' });
  await anna.post('/api/v1/communities', { slug: 'geheim', name: 'Geheime tuin', visibility: 'members_only' });
  await joris.post('/api/v1/communities/bakkerij/join');
  await anna.post('/api/v1/posts', { community: 'bakkerij', kind: 'review', title: 'Het beste café van Deventer', body: 'Koffie en **desembrood** bij de Korenschoof. #koffie', place_name: 'Korenschoof', rating: 5 });
  await joris.post('/api/v1/posts', { community: 'bakkerij', title: 'Spelt of rogge?', body: 'Welk meel voor desem? <script>x</script> #desem' });
  await anna.post('/api/v1/posts', { community: 'geheim', title: 'Geheim recept', body: 'Desem met geheime kruiden' });
});
after(async () => { await server.stop(); });

test('accents and case are folded: "cafe" finds "café"', async () => {
  const r = await anon.get('/api/v1/search?q=CAFE&type=posts');
  assert.equal(r.status, 200);
  assert.equal(r.body.posts.length, 1);
  assert.equal(r.body.posts[0].title, 'Het beste café van Deventer');
  assert.match(r.body.posts[0].snippet_html, /<mark>café<\/mark>/);
});

test('snippets are highlighted and escaped', async () => {
  const r = await anon.get('/api/v1/search?q=meel&type=posts');
  assert.equal(r.body.posts.length, 1);
  assert.match(r.body.posts[0].snippet_html, /<mark>meel<\/mark>/);
  assert.ok(r.body.posts[0].snippet_html.includes('&lt;script&gt;'), r.body.posts[0].snippet_html);
});

test('members-only content is found only by members', async () => {
  const outsider = await eve.get('/api/v1/search?q=geheime&type=posts');
  assert.deepEqual(outsider.body.posts, []);
  assert.deepEqual((await anon.get('/api/v1/search?q=kruiden')).body.posts, []);
  const member = await anna.get('/api/v1/search?q=kruiden&type=posts');
  assert.equal(member.body.posts.length, 1);
  // The community itself is listed, so its name can be found.
  assert.equal((await eve.get('/api/v1/search?q=tuin&type=communities')).body.communities[0].slug, 'geheim');
});

test('filters: community, author, kind, hashtag and dates', async () => {
  const all = await anon.get('/api/v1/search?q=desem*&type=posts');
  assert.equal(all.body.posts.length, 2);
  assert.equal((await anon.get('/api/v1/search?q=desem*&type=posts&author=joris')).body.posts.length, 1);
  assert.equal((await anon.get('/api/v1/search?q=desem*&type=posts&kind=review')).body.posts[0].kind, 'review');
  assert.equal((await anon.get('/api/v1/search?q=desem*&type=posts&hashtag=%23desem')).body.posts[0].title, 'Spelt of rogge?');
  assert.equal((await anon.get('/api/v1/search?q=desem*&type=posts&community=bakkerij')).body.posts.length, 2);
  assert.deepEqual((await anon.get('/api/v1/search?q=desem*&type=posts&community=bestaat-niet')).body.posts, []);
  assert.deepEqual((await anon.get('/api/v1/search?q=desem*&type=posts&until=2020-01-01')).body.posts, []);
  assert.equal((await anon.get('/api/v1/search?q=desem*&type=posts&since=2020-01-01')).body.posts.length, 2);
  assert.equal((await anon.get('/api/v1/search?q=desem&since=morgen')).body.error, 'invalid_parameter');
});

test('comments, communities and accounts are searchable; deleted text disappears', async () => {
  const p = (await joris.post('/api/v1/posts', { community: 'bakkerij', title: 'Openingstijden', body: 'Wanneer open?' })).body;
  const c = (await anna.post(`/api/v1/posts/${p.id}/comments`, { body: 'Zaterdag vanaf zeven uur' })).body;
  const found = await anon.get('/api/v1/search?q=zaterdag');
  assert.equal(found.body.comments.length, 1);
  assert.equal(found.body.comments[0].post.title, 'Openingstijden');
  assert.equal((await anon.get('/api/v1/search?q=deventer&type=communities')).body.communities[0].slug, 'bakkerij');
  assert.equal((await anon.get('/api/v1/search?q=bak&type=accounts')).body.accounts.length, 0, 'whole words, not parts');
  assert.equal((await anon.get('/api/v1/search?q=bak*&type=accounts')).body.accounts[0].username, 'anna');
  await anna.del(`/api/v1/comments/${c.id}`);
  assert.deepEqual((await anon.get('/api/v1/search?q=zaterdag')).body.comments, []);
  await joris.patch(`/api/v1/posts/${p.id}`, { body: 'Gewijzigd: zondag dicht' });
  assert.deepEqual((await anon.get('/api/v1/search?q=wanneer&type=posts')).body.posts, []);
  assert.equal((await anon.get('/api/v1/search?q=zondag&type=posts')).body.posts.length, 1);
});

test('hostile and broken queries get a clear 4xx, never a 500', async () => {
  const cases = {
    '"open quote': 'search_syntax', 'OR': 'search_syntax', '-alleen': 'search_syntax', '': 'search_empty',
  };
  for (const [q, code] of Object.entries(cases)) {
    const r = await anon.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 422, q);
    assert.equal(r.body.error, code, q);
  }
  for (const q of ['NEAR(desem meel)', 'title:desem', 'desem AND', '^desem', '*', '(((', 'a"b"c"', 'x'.repeat(300), "'; DROP TABLE posts;--"]) {
    const r = await anon.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
    assert.ok(r.status === 200 || r.status === 422, `${q}: ${r.status}`);
  }
  const bad = await anon.get('/api/v1/search?q=%ff%fe');
  assert.ok(bad.status === 422 || bad.status === 400);
  assert.equal((await anon.get('/api/v1/search?q=desem&type=everything')).status, 400);
});
