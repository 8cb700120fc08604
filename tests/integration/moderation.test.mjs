// Moderation under the DSA, as a community lives it: a report, a decision with a statement of
// reasons, the notification, one appeal decided by another moderator, the public log that never
// names the reporter, bans, suspensions and anonymous notices of illegal content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let server, fleur, anna, joris, mila, spammer, anon;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function notifications(c, type) {
  for (let i = 0; i < 50; i++) {
    const hit = (await c.get('/api/v1/notifications')).body.filter((n) => n.type === type);
    if (hit.length) return hit;
    await sleep(50);
  }
  return [];
}

before(async () => {
  server = await startServer();
  fleur = await Client.signUp(server.base, 'fleur');  // instance admin
  anna = await Client.signUp(server.base, 'anna');    // community owner
  joris = await Client.signUp(server.base, 'joris');  // community moderator
  mila = await Client.signUp(server.base, 'mila');    // reporter
  spammer = await Client.signUp(server.base, 'spammer');
  anon = new Client(server.base);
  await anna.post('/api/v1/communities', { slug: 'tuin', name: 'Tuin', rules: ['Geen reclame'] });
  for (const c of [joris, mila, spammer]) await c.post('/api/v1/communities/tuin/join');
  await anna.post(`/api/v1/communities/tuin/members/${joris.account.id}/role`, { role: 'moderator' });
});
after(async () => { await server.stop(); });

test('report → decision with a statement of reasons → appeal → another moderator reverses it', async () => {
  const post = (await spammer.post('/api/v1/posts', { community: 'tuin', title: 'Goedkope zaden!!!', body: 'Koop nu bij mijn webshop' })).body;
  const report = await mila.post('/api/v1/reports', { target_type: 'post', target_id: post.id, category: 'spam', text: 'Reclame' });
  assert.equal(report.status, 201);

  // The community's moderators see it in their queue, with context but without the reporter.
  assert.equal((await mila.get('/api/v1/moderation/tuin/reports')).status, 403);
  const queue = await joris.get('/api/v1/moderation/tuin/reports');
  assert.equal(queue.body.length, 1);
  assert.equal(queue.body[0].target.title, 'Goedkope zaden!!!');
  assert.equal(queue.body[0].target.owner.username, 'spammer');
  assert.ok(!JSON.stringify(queue.body).includes('mila'), 'the reporter is not named');

  // A decision needs its reasons.
  const noReason = await joris.post('/api/v1/moderation/decisions', { report_id: report.body.id, target_type: 'post', target_id: post.id, action: 'remove' });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.body.field, 'rule');
  const decided = await joris.post('/api/v1/moderation/decisions', {
    report_id: report.body.id, target_type: 'post', target_id: post.id, action: 'remove',
    rule: 'Geen reclame', facts: 'De post prijst een webshop aan zonder dat iemand erom vroeg.',
  });
  assert.equal(decided.status, 201, JSON.stringify(decided.body));
  const statement = decided.body;
  assert.equal(statement.action, 'remove');
  assert.equal(statement.automated, false);
  assert.match(statement.how_to_appeal, /appeal/);
  assert.deepEqual((await joris.get('/api/v1/moderation/tuin/reports')).body, [], 'the report is resolved');

  // Removed: a tombstone for members, the full text for moderators, gone from feeds and search.
  const seen = await mila.get(`/api/v1/posts/${post.id}`);
  assert.equal(seen.body.removed, true);
  assert.equal(seen.body.body, '');
  assert.equal((await joris.get(`/api/v1/posts/${post.id}`)).body.body, 'Koop nu bij mijn webshop');
  assert.ok(!(await mila.get('/api/v1/communities/tuin/posts')).body.some((p) => p.id === post.id));
  assert.deepEqual((await mila.get('/api/v1/search?q=webshop')).body.posts, []);

  // The author is told, reads the statement, and appeals once.
  const told = await notifications(spammer, 'moderation');
  assert.equal(told[0].subject_id, statement.id);
  const own = await spammer.get(`/api/v1/decisions/${statement.id}`);
  assert.equal(own.body.rule, 'Geen reclame');
  assert.equal(own.body.can_appeal, true);
  assert.equal((await mila.get(`/api/v1/decisions/${statement.id}`)).status, 404, 'not for others');
  assert.equal((await spammer.post(`/api/v1/decisions/${statement.id}/appeal`, { text: 'Het was een tip, geen reclame.' })).status, 201);
  assert.equal((await spammer.post(`/api/v1/decisions/${statement.id}/appeal`, { text: 'Nog eens' })).body.error, 'already_appealed');

  // Another moderator decides the appeal; the original moderator may not.
  const appeals = await anna.get('/api/v1/moderation/tuin/appeals');
  assert.equal(appeals.body.length, 1);
  const appealId = appeals.body[0].id;
  assert.equal((await joris.post(`/api/v1/appeals/${appealId}/decide`, { outcome: 'upheld', reason: 'x' })).body.error, 'same_moderator');
  const reversed = await anna.post(`/api/v1/appeals/${appealId}/decide`, { outcome: 'reversed', reason: 'Bij nader inzien een tip.' });
  assert.equal(reversed.status, 200);
  assert.ok(reversed.body.reversed_at);
  assert.equal((await mila.get(`/api/v1/posts/${post.id}`)).body.body, 'Koop nu bij mijn webshop', 'restored');
  const outcome = await notifications(spammer, 'appeal');
  assert.equal(outcome[0].text, 'reversed');

  // The public log: action, rule, time, never the reporter or the moderator.
  const log = await anon.get('/api/v1/communities/tuin/modlog');
  assert.equal(log.body.length, 1);
  assert.deepEqual(Object.keys(log.body[0]).sort(), ['action', 'automated', 'created_at', 'id', 'reversed', 'rule', 'target_type']);
  assert.equal(log.body[0].reversed, true);
  assert.ok(!JSON.stringify(log.body).match(/mila|joris|spammer/));
});

test('a ban keeps someone out of a community until it ends; a suspension ends their sessions', async () => {
  const c = (await spammer.post('/api/v1/posts', { community: 'tuin', title: 'Weer', body: 'reclame' })).body;
  const ban = await joris.post('/api/v1/moderation/decisions', { target_type: 'post', target_id: c.id, action: 'ban', ban_days: 7, rule: 'Geen reclame', facts: 'Tweede keer reclame na een verwijdering.' });
  assert.equal(ban.status, 201);
  assert.ok(ban.body.ban_until);
  assert.equal((await spammer.get('/api/v1/communities/tuin')).body.membership, null);
  const rejoin = await spammer.post('/api/v1/communities/tuin/join');
  assert.equal(rejoin.status, 403);
  assert.equal(rejoin.body.error, 'banned');
  // Community moderators cannot suspend accounts; instance staff can.
  const notAllowed = await joris.post('/api/v1/moderation/decisions', { target_type: 'account', target_id: spammer.account.id, action: 'suspend', rule: 'x', facts: 'y' });
  assert.equal(notAllowed.status, 403);
  const suspend = await fleur.post('/api/v1/moderation/decisions', { target_type: 'account', target_id: spammer.account.id, action: 'suspend', rule: 'Geen spam', facts: 'Herhaalde spam in meerdere gemeenschappen.' });
  assert.equal(suspend.status, 201);
  assert.equal((await spammer.get('/api/v1/me')).status, 401, 'sessions ended');
  // A suspended person can still log in to read the decision and appeal it, and do nothing else.
  const login = await anon.post('/api/v1/auth/login', { handle: 'spammer', password: spammer.password, type: 'bearer' });
  assert.equal(login.status, 200);
  const suspended = new Client(server.base, login.body.token);
  const blocked = await suspended.post('/api/v1/posts', { title: 'Nog meer', body: 'reclame' });
  assert.equal(blocked.status, 403);
  assert.equal(blocked.body.error, 'account_suspended');
  const statement = await suspended.get(`/api/v1/decisions/${suspend.body.id}`);
  assert.equal(statement.body.action, 'suspend');
  assert.equal(statement.body.can_appeal, true);
  assert.equal((await suspended.post(`/api/v1/decisions/${suspend.body.id}/appeal`, { text: 'Ik stop ermee.' })).status, 201);
  const instanceLog = await fleur.get('/api/v1/admin/modlog');
  assert.ok(instanceLog.body.some((e) => e.action === 'suspend'));
  assert.equal((await joris.get('/api/v1/admin/modlog')).status, 403);
});

test('anyone can notify illegal content, with an email; other reports need an account', async () => {
  const p = (await mila.post('/api/v1/posts', { title: 'Profielpost', body: 'x' })).body;
  const without = await anon.post('/api/v1/reports', { target_type: 'post', target_id: p.id, category: 'spam' });
  assert.equal(without.status, 401);
  const noEmail = await anon.post('/api/v1/reports', { target_type: 'post', target_id: p.id, category: 'illegal', text: 'Dit is strafbaar' });
  assert.equal(noEmail.body.error, 'invalid_email');
  const notice = await anon.post('/api/v1/reports', { target_type: 'post', target_id: p.id, category: 'illegal', text: 'Dit is strafbaar', email: 'melder@example.org' });
  assert.equal(notice.status, 201);
  // Profile posts and illegal-content notices go to the instance queue.
  const q = await fleur.get('/api/v1/moderation/instance/reports');
  assert.ok(q.body.some((r) => r.id === notice.body.id && r.category === 'illegal'));
  assert.equal((await joris.get('/api/v1/moderation/instance/reports')).status, 403);
  assert.equal((await mila.post('/api/v1/reports', { target_type: 'post', target_id: p.id, category: 'boring' })).body.error, 'invalid_category');
  assert.equal((await mila.post('/api/v1/reports', { target_type: 'post', target_id: '123', category: 'spam' })).status, 404);
});

test('members-only content cannot be reported (or discovered) by outsiders', async () => {
  await anna.post('/api/v1/communities', { slug: 'binnen', name: 'Binnen', visibility: 'members_only' });
  const p = (await anna.post('/api/v1/posts', { community: 'binnen', title: 'Intern', body: 'x' })).body;
  const r = await mila.post('/api/v1/reports', { target_type: 'post', target_id: p.id, category: 'spam' });
  assert.equal(r.status, 404);
  assert.equal((await mila.get('/api/v1/communities/binnen/modlog')).status, 403);
});
