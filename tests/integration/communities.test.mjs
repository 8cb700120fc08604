// Communities: registration modes, join policies, invite links, roles, the directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let server, admin, anon;
before(async () => {
  server = await startServer();
  admin = await Client.signUp(server.base, 'fleur');
  anon = new Client(server.base);
});
after(async () => { await server.stop(); });

test('instance registration modes: approval, invite-only and closed', async () => {
  assert.equal((await admin.patch('/api/v1/admin/instance', { registration_mode: 'approval', name: 'Kring Zwolle' })).status, 200);
  const reg = await anon.post('/api/v1/auth/register', { handle: 'wachtend', password: 'lang genoeg wachtwoord' });
  assert.equal(reg.status, 201);
  assert.equal(reg.body.approval_required, true);
  const early = await anon.post('/api/v1/auth/login', { handle: 'wachtend', password: 'lang genoeg wachtwoord' });
  assert.equal(early.status, 403);
  assert.equal(early.body.error, 'account_pending');
  const pending = await admin.get('/api/v1/admin/accounts?status=pending');
  assert.deepEqual(pending.body.map((a) => a.username), ['wachtend']);
  assert.equal((await admin.post(`/api/v1/admin/accounts/${pending.body[0].id}/approve`)).status, 204);
  assert.equal((await anon.post('/api/v1/auth/login', { handle: 'wachtend', password: 'lang genoeg wachtwoord' })).status, 200);

  await admin.patch('/api/v1/admin/instance', { registration_mode: 'invite' });
  const noCode = await anon.post('/api/v1/auth/register', { handle: 'gast', password: 'lang genoeg wachtwoord' });
  assert.equal(noCode.body.error, 'invite_required');
  const invite = await admin.post('/api/v1/admin/invites', { max_uses: 1 });
  assert.equal(invite.status, 201);
  const withCode = await anon.post('/api/v1/auth/register', { handle: 'gast', password: 'lang genoeg wachtwoord', invite_code: invite.body.code });
  assert.equal(withCode.status, 201);
  const usedUp = await anon.post('/api/v1/auth/register', { handle: 'gast2', password: 'lang genoeg wachtwoord', invite_code: invite.body.code });
  assert.equal(usedUp.body.error, 'invite_invalid');

  await admin.patch('/api/v1/admin/instance', { registration_mode: 'closed' });
  const closed = await anon.post('/api/v1/auth/register', { handle: 'laat', password: 'lang genoeg wachtwoord' });
  assert.equal(closed.status, 403);
  assert.equal(closed.body.error, 'registration_closed');
  assert.equal((await anon.get('/api/v1/instance')).body.name, 'Kring Zwolle');
  await admin.patch('/api/v1/admin/instance', { registration_mode: 'open' });
});

test('handles are case-insensitive, Unicode-normalised and some are reserved', async () => {
  await Client.signUp(server.base, 'Zoë');
  const nfd = await anon.post('/api/v1/auth/register', { handle: 'zoe\u0308', password: 'lang genoeg wachtwoord' });
  assert.equal(nfd.status, 409);
  assert.equal(nfd.body.error, 'handle_taken');
  const upper = await anon.post('/api/v1/auth/register', { handle: 'ZOË', password: 'lang genoeg wachtwoord' });
  assert.equal(upper.body.error, 'handle_taken');
  const lookup = await anon.get('/api/v1/accounts/lookup?acct=zo%C3%AB');
  assert.equal(lookup.body.username, 'Zoë');
  for (const handle of ['admin', 'Moderator', 'kring']) {
    const r = await anon.post('/api/v1/auth/register', { handle, password: 'lang genoeg wachtwoord' });
    assert.equal(r.body.error, 'handle_reserved', handle);
  }
  const short = await anon.post('/api/v1/auth/register', { handle: 'ab', password: 'kort' });
  assert.equal(short.body.error, 'password_too_short');
  const wrong = await anon.post('/api/v1/auth/login', { handle: 'zoë', password: 'niet het wachtwoord' });
  const unknown = await anon.post('/api/v1/auth/login', { handle: 'niemand', password: 'niet het wachtwoord' });
  assert.deepEqual([wrong.status, wrong.body.error], [401, 'invalid_credentials']);
  assert.deepEqual(unknown.body, wrong.body, 'unknown handles and wrong passwords look the same');
});

test('join policies: open, approval with rejection, invite links with limits', async () => {
  const owner = await Client.signUp(server.base, 'korenschoof');
  const mila = await Client.signUp(server.base, 'mila');
  const sam = await Client.signUp(server.base, 'sam');
  await owner.post('/api/v1/communities', { slug: 'open-club', name: 'Open', join_policy: 'open' });
  const joined = await mila.post('/api/v1/communities/open-club/join');
  assert.equal(joined.body.state, 'joined');
  assert.equal(joined.body.community.member_count, 2);
  assert.equal((await mila.post('/api/v1/communities/open-club/join')).body.state, 'already_member');
  assert.equal((await mila.post('/api/v1/communities/open-club/leave')).status, 204);
  assert.equal((await owner.get('/api/v1/communities/open-club')).body.member_count, 1);

  await owner.post('/api/v1/communities', { slug: 'streng', name: 'Streng', join_policy: 'approval' });
  await sam.post('/api/v1/communities/streng/join', { message: 'Mag ik erbij?' });
  assert.equal((await sam.get('/api/v1/communities/streng')).body.join_request, 'pending');
  assert.equal((await owner.post(`/api/v1/communities/streng/requests/${sam.account.id}/reject`)).status, 204);
  const after = await sam.get('/api/v1/communities/streng');
  assert.equal(after.body.membership, null);
  assert.equal(after.body.join_request, 'rejected');

  await owner.post('/api/v1/communities', { slug: 'besloten', name: 'Besloten', join_policy: 'invite', visibility: 'members_only' });
  const refused = await mila.post('/api/v1/communities/besloten/join');
  assert.equal(refused.body.error, 'invite_required');
  const inv = await owner.post('/api/v1/communities/besloten/invites', { max_uses: 1, expires_at: new Date(Date.now() + 86400000).toISOString() });
  assert.equal(inv.status, 201);
  const peek = await anon.get(`/api/v1/invites/${inv.body.code}`);
  assert.equal(peek.body.community.slug, 'besloten');
  assert.equal((await mila.post('/api/v1/communities/besloten/join', { invite_code: inv.body.code })).body.state, 'joined');
  const again = await sam.post('/api/v1/communities/besloten/join', { invite_code: inv.body.code });
  assert.equal(again.body.error, 'invite_invalid');
  const inv2 = await owner.post('/api/v1/communities/besloten/invites', {});
  assert.equal((await owner.del(`/api/v1/communities/besloten/invites/${inv2.body.code}`)).status, 204);
  assert.equal((await sam.post('/api/v1/communities/besloten/join', { invite_code: inv2.body.code })).body.error, 'invite_invalid');
  const expired = await owner.post('/api/v1/communities/besloten/invites', { expires_at: '2020-01-01T00:00:00Z' });
  assert.equal(expired.body.error, 'invalid_expiry');
});

test('roles: owner makes a moderator, transfers ownership, and the last owner cannot leave', async () => {
  const owner = await Client.signUp(server.base, 'anna');
  const joris = await Client.signUp(server.base, 'joris');
  const lid = await Client.signUp(server.base, 'lid');
  await owner.post('/api/v1/communities', { slug: 'moestuin', name: 'Moestuin' });
  await joris.post('/api/v1/communities/moestuin/join');
  await lid.post('/api/v1/communities/moestuin/join');
  assert.equal((await owner.post('/api/v1/communities/moestuin/leave')).body.error, 'owner_must_transfer');
  assert.equal((await owner.post(`/api/v1/communities/moestuin/members/${joris.account.id}/role`, { role: 'moderator' })).status, 204);
  const members = await lid.get('/api/v1/communities/moestuin/members');
  assert.deepEqual(members.body.map((m) => [m.username, m.member_role]), [['anna', 'owner'], ['joris', 'moderator'], ['lid', 'member']]);
  // Moderators may edit the description but not who may see the community.
  assert.equal((await joris.patch('/api/v1/communities/moestuin', { description: 'Samen tuinieren' })).status, 200);
  assert.equal((await joris.patch('/api/v1/communities/moestuin', { visibility: 'members_only' })).body.error, 'owner_only');
  // A moderator removes a member.
  assert.equal((await joris.del(`/api/v1/communities/moestuin/members/${lid.account.id}`)).status, 204);
  assert.equal((await lid.get('/api/v1/communities/moestuin')).body.membership, null);
  // Transfer: Joris becomes owner, Anna moderator.
  await owner.post(`/api/v1/communities/moestuin/members/${joris.account.id}/role`, { role: 'owner' });
  const view = await owner.get('/api/v1/communities/moestuin');
  assert.equal(view.body.membership.role, 'moderator');
  assert.equal((await owner.post('/api/v1/communities/moestuin/leave')).status, 204);
});

test('the directory filters by topic, language, place and size, sorts, and hides unlisted communities', async () => {
  const c = await Client.signUp(server.base, 'curator');
  const x = await Client.signUp(server.base, 'extra');
  await c.post('/api/v1/communities', { slug: 'lopers', name: 'Lopers', topics: ['Hardlopen'], language: 'nl', place: 'Zwolle' });
  await c.post('/api/v1/communities', { slug: 'runners', name: 'Runners', topics: ['hardlopen'], language: 'en', place: 'Utrecht' });
  await c.post('/api/v1/communities', { slug: 'verborgen', name: 'Verborgen', topics: ['hardlopen'], visibility: 'unlisted' });
  await x.post('/api/v1/communities/runners/join');
  const topic = await anon.get('/api/v1/communities?topic=HARDLOPEN');
  assert.deepEqual(topic.body.map((v) => v.slug).sort(), ['lopers', 'runners']);
  assert.deepEqual((await anon.get('/api/v1/communities?topic=hardlopen&language=nl')).body.map((v) => v.slug), ['lopers']);
  assert.deepEqual((await anon.get('/api/v1/communities?place=zwolle')).body.map((v) => v.slug), ['lopers']);
  assert.deepEqual((await anon.get('/api/v1/communities?topic=hardlopen&min_members=2')).body.map((v) => v.slug), ['runners']);
  assert.deepEqual((await anon.get('/api/v1/communities?topic=hardlopen&sort=size')).body.map((v) => v.slug), ['runners', 'lopers']);
  assert.deepEqual((await anon.get('/api/v1/communities?topic=hardlopen&sort=new')).body.map((v) => v.slug), ['runners', 'lopers']);
  // Unlisted: reachable by its address, readable, never listed.
  assert.equal((await anon.get('/api/v1/communities/verborgen')).status, 200);
  const page = await anon.get('/api/v1/communities?topic=hardlopen&limit=1');
  assert.equal(page.body.length, 1);
  assert.match(page.headers.get('link'), /offset=1>; rel="next"/);
});

test('instance staff rank never opens a members-only community to a non-member', async () => {
  // `admin` (fleur) is the instance admin; she is not a member of this community.
  const owner = await Client.signUp(server.base, 'geheim');
  const staffMod = await Client.signUp(server.base, 'nachtmod');
  await admin.post(`/api/v1/admin/accounts/${staffMod.account.id}/role`, { role: 'moderator' });
  await owner.post('/api/v1/communities', { slug: 'kluis', name: 'Kluis', visibility: 'members_only', join_policy: 'invite' });
  const p = (await owner.post('/api/v1/posts', { community: 'kluis', title: 'Binnen', body: 'alleen voor leden' })).body;
  for (const staff of [admin, staffMod]) {
    assert.equal((await staff.get(`/api/v1/posts/${p.id}`)).status, 404);
    assert.equal((await staff.get('/api/v1/communities/kluis/posts')).status, 403);
    assert.equal((await staff.post('/api/v1/communities/kluis/invites', {})).status, 403);
    assert.equal((await staff.get('/api/v1/communities/kluis/requests')).status, 403);
    assert.equal((await staff.del(`/api/v1/posts/${p.id}`)).status, 404);
    assert.equal((await staff.get('/api/v1/communities/kluis')).body.can_moderate, false);
  }
  // In a public community staff may moderate without being a member.
  await owner.post('/api/v1/communities', { slug: 'plein', name: 'Plein' });
  const q = (await owner.post('/api/v1/posts', { community: 'plein', title: 'Spam?', body: 'x' })).body;
  assert.equal((await staffMod.post(`/api/v1/posts/${q.id}/lock`)).body.locked, true);
});
