// Notifications: replies, mentions, grouped reactions and follows, join requests and decisions,
// scheduled posts going live; unread counts, marking read, preferences; blocks and mutes; and no
// notification about content the recipient may not read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let server, anna, joris, mila, sam, eve;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Notifications are written by a background worker just after the request: poll briefly.
async function waitFor(client, predicate, what) {
  for (let i = 0; i < 50; i++) {
    const r = await client.get('/api/v1/notifications');
    const hit = r.body.find(predicate);
    if (hit) return hit;
    await sleep(50);
  }
  throw new Error(`no notification: ${what}`);
}

before(async () => {
  server = await startServer();
  anna = await Client.signUp(server.base, 'anna');
  joris = await Client.signUp(server.base, 'joris');
  mila = await Client.signUp(server.base, 'mila');
  sam = await Client.signUp(server.base, 'sam');
  eve = await Client.signUp(server.base, 'eve');
  await anna.post('/api/v1/communities', { slug: 'tuin', name: 'Tuin' });
  for (const c of [joris, mila, sam]) await c.post('/api/v1/communities/tuin/join');
});
after(async () => { await server.stop(); });

test('a reply and a mention reach the right people', async () => {
  const p = (await anna.post('/api/v1/posts', { community: 'tuin', title: 'Zaaien', body: 'Wanneer zaaien?' })).body;
  const c = (await joris.post(`/api/v1/posts/${p.id}/comments`, { body: 'In maart! @mila weet het zeker.' })).body;
  const reply = await waitFor(anna, (n) => n.type === 'reply' && n.comment?.id === c.id, 'reply to anna');
  assert.equal(reply.actors[0].username, 'joris');
  assert.equal(reply.post.title, 'Zaaien');
  assert.match(reply.comment.excerpt, /In maart/);
  const mention = await waitFor(mila, (n) => n.type === 'mention' && n.comment?.id === c.id, 'mention of mila');
  assert.equal(mention.actors[0].username, 'joris');
  // A reply to a reply tells the parent's author too.
  await mila.post(`/api/v1/posts/${p.id}/comments`, { body: 'Klopt', parent_id: c.id });
  await waitFor(joris, (n) => n.type === 'reply' && n.actors[0].username === 'mila', 'reply to joris');
  // Nobody is told about their own doing.
  await anna.post(`/api/v1/posts/${p.id}/comments`, { body: 'Dank jullie' });
  await sleep(200);
  const own = (await anna.get('/api/v1/notifications')).body.filter((n) => n.actors[0]?.username === 'anna');
  assert.deepEqual(own, []);
});

test('reactions are grouped: "Joris and 2 others reacted"', async () => {
  const p = (await anna.post('/api/v1/posts', { community: 'tuin', title: 'Oogst', body: 'Kijk!' })).body;
  for (const c of [mila, sam, joris]) await c.put(`/api/v1/posts/${p.id}/reactions/heart`);
  let grouped;
  for (let i = 0; i < 50; i++) {
    grouped = (await anna.get('/api/v1/notifications')).body.find((n) => n.type === 'reaction' && n.post?.id === p.id);
    if (grouped && grouped.actors_count === 3) break;
    await sleep(50);
  }
  assert.equal(grouped.actors_count, 3);
  assert.equal(grouped.actors[0].username, 'joris', 'the latest actor first');
  const all = (await anna.get('/api/v1/notifications')).body.filter((n) => n.type === 'reaction' && n.post?.id === p.id);
  assert.equal(all.length, 1, 'one notification for the group');
});

test('unread count, mark one and mark all read, and per-kind preferences', async () => {
  const count = (await anna.get('/api/v1/notifications/unread_count')).body.count;
  assert.ok(count > 0);
  const first = (await anna.get('/api/v1/notifications')).body[0];
  assert.equal((await anna.post(`/api/v1/notifications/${first.id}/read`)).status, 204);
  assert.equal((await anna.get('/api/v1/notifications/unread_count')).body.count, count - 1);
  assert.equal((await joris.post(`/api/v1/notifications/${first.id}/read`)).status, 404, 'not yours');
  await anna.post('/api/v1/notifications/read');
  assert.equal((await anna.get('/api/v1/notifications/unread_count')).body.count, 0);
  assert.deepEqual((await anna.get('/api/v1/notifications?unread=true')).body, []);

  const prefs = await anna.patch('/api/v1/notifications/preferences', { follow: false });
  assert.equal(prefs.body.follow, false);
  assert.equal(prefs.body.reply, true);
  await sam.post(`/api/v1/accounts/${anna.account.id}/follow`);
  await sleep(300);
  assert.equal((await anna.get('/api/v1/notifications?unread=true')).body.filter((n) => n.type === 'follow').length, 0);
  await anna.patch('/api/v1/notifications/preferences', { follow: true });
  await mila.post(`/api/v1/accounts/${anna.account.id}/follow`);
  const f = await waitFor(anna, (n) => n.type === 'follow' && !n.read, 'follow');
  assert.equal(f.actors[0].username, 'mila');
  assert.equal((await anna.patch('/api/v1/notifications/preferences', { follow: 'nee' })).status, 400);
});

test('join requests reach moderators; the decision reaches the person', async () => {
  await anna.post('/api/v1/communities', { slug: 'kas', name: 'Kas', join_policy: 'approval', visibility: 'members_only' });
  await eve.post('/api/v1/communities/kas/join', { message: 'Mag ik?' });
  const req = await waitFor(anna, (n) => n.type === 'join_request' && n.community?.slug === 'kas', 'join request');
  assert.equal(req.actors[0].username, 'eve');
  await anna.post(`/api/v1/communities/kas/requests/${eve.account.id}/reject`);
  const decided = await waitFor(eve, (n) => n.type === 'join_decided', 'decision');
  assert.equal(decided.text, 'rejected');
  assert.equal(decided.community.slug, 'kas');
});

test('no notification about content the recipient may not read', async () => {
  await anna.post('/api/v1/communities', { slug: 'besloten', name: 'Besloten', visibility: 'members_only' });
  const p = (await anna.post('/api/v1/posts', { community: 'besloten', title: 'Geheim', body: 'Hoi @eve, lees je mee?' })).body;
  await sleep(300);
  const leaked = (await eve.get('/api/v1/notifications')).body.filter((n) => n.post?.id === p.id);
  assert.deepEqual(leaked, []);
});

test('blocks and mutes: no notifications, no interaction, hidden from feeds and search', async () => {
  const p = (await sam.post('/api/v1/posts', { community: 'tuin', title: 'Samenwerken', body: 'Wie helpt? #samen' })).body;
  assert.equal((await sam.post(`/api/v1/accounts/${eve.account.id}/block`)).status, 200);
  await eve.post('/api/v1/communities/tuin/join');
  assert.equal((await eve.post(`/api/v1/posts/${p.id}/comments`, { body: 'ik!' })).body.error, 'blocked');
  assert.equal((await eve.put(`/api/v1/posts/${p.id}/reactions/like`)).body.error, 'blocked');
  assert.equal((await eve.post(`/api/v1/accounts/${sam.account.id}/follow`)).body.error, 'blocked');
  const e = (await eve.post('/api/v1/posts', { community: 'tuin', title: 'Van eve', body: 'Ook #samen, @sam' })).body;
  await sleep(300);
  assert.ok(!(await sam.get('/api/v1/notifications')).body.some((n) => n.post?.id === e.id), 'no mention from a blocked account');
  assert.ok(!(await sam.get('/api/v1/communities/tuin/posts')).body.some((x) => x.id === e.id), 'not in the community feed');
  assert.ok(!(await sam.get('/api/v1/tags/samen/posts')).body.some((x) => x.id === e.id), 'not in the hashtag feed');
  assert.deepEqual((await sam.get('/api/v1/search?q=eve&type=posts')).body.posts, []);
  assert.equal((await sam.get('/api/v1/me/blocks')).body[0].username, 'eve');
  // Muting hides without stopping interaction.
  await mila.post(`/api/v1/accounts/${joris.account.id}/mute`);
  const jp = (await joris.post('/api/v1/posts', { community: 'tuin', title: 'Van joris', body: 'x' })).body;
  assert.ok(!(await mila.get('/api/v1/communities/tuin/posts')).body.some((x) => x.id === jp.id));
  assert.equal((await joris.put(`/api/v1/posts/${jp.id}/reactions/like`)).status, 200);
  await mila.post(`/api/v1/accounts/${joris.account.id}/unmute`);
  assert.ok((await mila.get('/api/v1/communities/tuin/posts')).body.some((x) => x.id === jp.id));
});

test('a scheduled post going live is announced to its author', async () => {
  await anna.post('/api/v1/posts', { community: 'tuin', title: 'Later', body: 'x', scheduled_at: new Date(Date.now() + 1000).toISOString() });
  const live = await (async () => {
    for (let i = 0; i < 60; i++) {
      const hit = (await anna.get('/api/v1/notifications')).body.find((n) => n.type === 'scheduled_published');
      if (hit) return hit;
      await sleep(100);
    }
    return null;
  })();
  assert.ok(live, 'announced');
  assert.equal(live.post.title, 'Later');
});
