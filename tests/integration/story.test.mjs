// The foundation story from issue 2, played against the real binary: two people register, one
// founds a members-only community, the other asks to join and is approved, a post with a hashtag
// and a mention, a threaded reply, reactions, the home and hashtag feeds, a third person who sees
// none of it, and finally the author exports and deletes the account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

test('a community story from sign-up to account deletion', async () => {
  const anna = await Client.signUp(server.base, 'anna', { email: 'anna@example.org', display_name: 'Anna Bakker' });
  const joris = await Client.signUp(server.base, 'joris');
  const outsider = await Client.signUp(server.base, 'eve');
  const anonymous = new Client(server.base);

  // The first account of an instance administers it.
  assert.equal(anna.account.role, 'admin');
  assert.equal(joris.account.role, 'user');

  // Anna founds a members-only community that needs approval.
  const created = await anna.post('/api/v1/communities', {
    slug: 'moestuin-oost', name: 'Moestuin Oost', description: 'Volkstuinders van Oost',
    rules: ['Wees aardig'], topics: ['Tuinieren'], language: 'nl', place: 'Amsterdam',
    visibility: 'members_only', join_policy: 'approval',
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.membership.role, 'owner');
  assert.deepEqual(created.body.topics, ['tuinieren']);

  // Joris asks to join; until approved he reads nothing.
  const ask = await joris.post('/api/v1/communities/moestuin-oost/join', { message: 'Ik heb perceel 12' });
  assert.equal(ask.status, 202);
  assert.equal(ask.body.state, 'requested');
  assert.equal((await joris.get('/api/v1/communities/moestuin-oost/posts')).status, 403);
  const requests = await anna.get('/api/v1/communities/moestuin-oost/requests');
  assert.equal(requests.body.length, 1);
  assert.equal(requests.body[0].account.username, 'joris');
  assert.equal(requests.body[0].message, 'Ik heb perceel 12');
  assert.equal((await joris.get('/api/v1/communities/moestuin-oost/requests')).status, 403);
  const approve = await anna.post(`/api/v1/communities/moestuin-oost/requests/${joris.account.id}/approve`);
  assert.equal(approve.status, 204);
  const community = await joris.get('/api/v1/communities/moestuin-oost');
  assert.equal(community.body.membership.role, 'member');
  assert.equal(community.body.member_count, 2);

  // A post with a hashtag and a mention.
  const post = await anna.post('/api/v1/posts', {
    community: 'moestuin-oost', kind: 'question', title: 'Bruine vlekken op de tomaten?',
    body: 'Wie weet raad? @joris jij had dit vorig jaar ook. #Tomaten #phytophthora',
  });
  assert.equal(post.status, 201, JSON.stringify(post.body));
  const postId = post.body.id;
  assert.match(postId, /^\d+$/, 'ids are strings of digits');
  assert.deepEqual(post.body.hashtags.map((t) => t.key), ['tomaten', 'phytophthora']);
  assert.deepEqual(post.body.mentions, [joris.account.id]);
  assert.match(post.body.body_html, /<a href="\/@joris" class="mention">@joris<\/a>/);
  assert.match(post.body.body_html, /<a href="\/tags\/tomaten" class="hashtag" rel="tag">#Tomaten<\/a>/);

  // A threaded reply, and a reply to the reply.
  const reply = await joris.post(`/api/v1/posts/${postId}/comments`, { body: 'Phytophthora! Haal de bladeren weg.' });
  assert.equal(reply.status, 201);
  const nested = await anna.post(`/api/v1/posts/${postId}/comments`, { body: 'Dank je!', parent_id: reply.body.id });
  assert.equal(nested.status, 201);
  const thread = await anna.get(`/api/v1/posts/${postId}/comments`);
  assert.equal(thread.body.total_comments, 2);
  assert.equal(thread.body.comments.length, 1);
  assert.equal(thread.body.comments[0].replies[0].body, 'Dank je!');

  // The author accepts the answer.
  const accepted = await anna.post(`/api/v1/posts/${postId}/accept`, { comment_id: reply.body.id });
  assert.equal(accepted.body.accepted_comment_id, reply.body.id);

  // Reactions: counts per kind and the caller's own, in every response.
  assert.equal((await joris.put(`/api/v1/posts/${postId}/reactions/like`)).status, 200);
  const heart = await anna.put(`/api/v1/posts/${postId}/reactions/heart`);
  assert.deepEqual(heart.body, { counts: { heart: 1, like: 1 }, mine: ['heart'] });
  await anna.put(`/api/v1/comments/${reply.body.id}/reactions/celebrate`);
  const seenByJoris = await joris.get(`/api/v1/posts/${postId}`);
  assert.deepEqual(seenByJoris.body.reactions, { counts: { heart: 1, like: 1 }, mine: ['like'] });

  // Home and hashtag feeds.
  const home = await joris.get('/api/v1/feeds/home');
  assert.deepEqual(home.body.map((p) => p.id), [postId]);
  const tag = await joris.get('/api/v1/tags/TOMATEN/posts');
  assert.deepEqual(tag.body.map((p) => p.id), [postId]);

  // The outsider and anonymous visitors see none of it, through any endpoint.
  for (const c of [outsider, anonymous]) {
    assert.equal((await c.get('/api/v1/communities/moestuin-oost/posts')).status, 403);
    assert.equal((await c.get(`/api/v1/posts/${postId}`)).status, 404);
    assert.equal((await c.get(`/api/v1/posts/${postId}/comments`)).status, 404);
    assert.equal((await c.get(`/api/v1/comments/${reply.body.id}`)).status, 404);
    assert.equal((await c.get(`/api/v1/posts/${postId}/history`)).status, 404);
    assert.deepEqual((await c.get('/api/v1/tags/tomaten/posts')).body, []);
    assert.deepEqual((await c.get(`/api/v1/accounts/${anna.account.id}/posts`)).body, []);
    assert.equal((await c.get('/api/v1/communities/moestuin-oost/members')).status, 403);
  }
  assert.deepEqual((await outsider.get('/api/v1/feeds/home')).body, []);
  assert.equal((await outsider.put(`/api/v1/posts/${postId}/reactions/like`)).status, 404);
  assert.equal((await outsider.post(`/api/v1/posts/${postId}/comments`, { body: 'hoi' })).status, 404);
  // Following the author does not open the door either.
  await outsider.post(`/api/v1/accounts/${anna.account.id}/follow`);
  assert.deepEqual((await outsider.get('/api/v1/feeds/home')).body, []);
  // The community's card is public so people can ask to join; its content is not.
  const card = await outsider.get('/api/v1/communities/moestuin-oost');
  assert.equal(card.status, 200);
  assert.equal(card.body.can_read, false);

  // Anna exports everything Kring holds about her.
  const exported = await anna.get('/api/v1/me/export');
  assert.equal(exported.status, 200);
  assert.equal(exported.body.account.email, 'anna@example.org');
  assert.equal(exported.body.posts.length, 1);
  assert.equal(exported.body.comments.length, 1);
  assert.equal(exported.body.reactions.length, 2);
  assert.equal(exported.body.memberships[0].community_slug, 'moestuin-oost');
  assert.match(exported.headers.get('content-disposition'), /attachment/);

  // Deleting needs the password, then erases her; Joris's reply stays, under a tombstone.
  assert.equal((await anna.del('/api/v1/me', { password: 'wrong password!' })).status, 403);
  assert.equal((await anna.del('/api/v1/me', { password: anna.password })).status, 204);
  assert.equal((await anna.get('/api/v1/me')).status, 401);
  const after = await joris.get(`/api/v1/posts/${postId}/comments`);
  assert.equal(after.body.post.deleted, true);
  assert.equal(after.body.post.author, null);
  assert.equal(after.body.post.body, '');
  assert.equal(after.body.comments[0].body, 'Phytophthora! Haal de bladeren weg.');
  assert.equal(after.body.comments[0].replies[0].deleted, true);
  assert.equal(after.body.comments[0].replies[0].author, null);
  // Joris inherits the community.
  const inherited = await joris.get('/api/v1/communities/moestuin-oost');
  assert.equal(inherited.body.membership.role, 'owner');
  assert.equal(inherited.body.member_count, 1);

  // No row anywhere still holds her data: scan every column of every table in the database file.
  const db = path.join(server.dataDir, 'kring.db');
  const tables = execFileSync('sqlite3', [db, "SELECT name FROM sqlite_master WHERE type='table'"], { encoding: 'utf8' })
    .trim().split('\n').filter(Boolean);
  const needles = ['anna@example.org', 'Anna Bakker', anna.account.id, 'Bruine vlekken', 'Dank je!'];
  for (const table of tables) {
    const dump = execFileSync('sqlite3', ['-json', db, `SELECT * FROM "${table}"`], { encoding: 'utf8' });
    for (const needle of needles) assert.ok(!dump.includes(needle), `table ${table} still holds "${needle}"`);
    assert.ok(!/"anna"/i.test(dump), `table ${table} still holds the handle anna`);
  }
});
