// Insights: post views counted once per viewer per day without cookies, post and community figures
// for the people allowed to see them, k-anonymity ("< 5"), the when-to-post heatmap recovering the
// planted weekday-evening peak of `kring seed --insights`, and no advice from too little data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runKring } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let seeded, fresh, dataDir, owner;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function logIn(base, handle, password) {
  const r = await new Client(base).post('/api/v1/auth/login', { handle, password, type: 'bearer' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return new Client(base, r.body.token);
}

before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kring-insights-'));
  const seed = runKring(['seed', '--insights'], { dataDir });
  assert.equal(seed.status, 0, seed.stderr);
  seeded = await startServer({ dataDir });
  owner = await logIn(seeded.base, 'insights_owner', 'kring-insights-2026');
  fresh = await startServer();
});
after(async () => {
  await seeded.stop();
  await fresh.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the best slots recover the planted weekday-evening peak', async () => {
  const r = await owner.get('/api/v1/insights/communities/insights-demo/when_to_post');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.time_zone, 'Europe/Amsterdam');
  assert.equal(r.body.advice, 'best_slots');
  assert.equal(r.body.best_slots.length, 3);
  for (const s of r.body.best_slots) {
    assert.ok(s.weekday_index <= 4, `weekday expected, got ${s.label}`);
    assert.ok(s.hour === 19 || s.hour === 20, `evening expected, got ${s.label}`);
    assert.ok(s.sample_size.events > 0 && s.sample_size.people >= 5, JSON.stringify(s));
    assert.ok(s.lift > 1);
  }
  assert.equal(r.body.heatmap.length, 7);
  assert.equal(r.body.heatmap[0].length, 24);
  // In UTC the same peak sits an hour earlier (Amsterdam is UTC+1 in winter).
  const utc = await owner.get('/api/v1/insights/communities/insights-demo/when_to_post?time_zone=UTC');
  assert.equal(utc.status, 200);
  for (const s of utc.body.best_slots) assert.ok(s.hour === 18 || s.hour === 19, s.label);
});

test('community insights: daily table, k-anonymity and CSV export for owners only', async () => {
  const r = await owner.get('/api/v1/insights/communities/insights-demo?days=28');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.days.length, 28);
  assert.equal(r.body.members, 61);
  const busy = r.body.days.slice(0, 27);  // whole days in the seeded past
  assert.ok(busy.every((d) => typeof d.weekly_active_members === 'number' && d.weekly_active_members >= 5));
  assert.ok(busy.some((d) => typeof d.views === 'number' && d.views > 20));
  // Three people left over the weeks, on different days: never shown as a number.
  for (const d of r.body.days) assert.ok(d.members_left === 0 || d.members_left === '< 5', JSON.stringify(d));
  assert.ok(r.body.top_hashtags.length > 0);
  assert.ok(r.body.top_hashtags.every((t) => t.authors >= 5));

  // Days past the 30-day raw retention come from the daily aggregates of the rollup.
  const long = await owner.get('/api/v1/insights/communities/insights-demo?days=56');
  assert.equal(long.body.days.length, 56);
  const old = long.body.days.slice(1, 20);  // 36-55 days ago: raw events are gone
  assert.ok(old.every((d) => typeof d.views === 'number' && d.views > 20), JSON.stringify(old[0]));
  assert.ok(old.every((d) => typeof d.weekly_active_members === 'number' && d.weekly_active_members >= 5));
  const feed = await owner.get('/api/v1/communities/insights-demo/posts');
  const postId = feed.body[0].id;
  const pi = await owner.get(`/api/v1/insights/posts/${postId}`);  // the owner moderates: allowed
  assert.equal(pi.status, 200, JSON.stringify(pi.body));
  assert.equal(pi.body.approximate, true);
  assert.ok(typeof pi.body.views === 'number' && pi.body.views > 50);
  assert.ok(typeof pi.body.engagement_rate === 'number' && pi.body.engagement_rate > 0);

  const csv = await owner.get('/api/v1/insights/communities/insights-demo?days=7&format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines = csv.body.trim().split('\r\n');
  assert.equal(lines[0], 'date,members_joined,members_left,member_growth,active_members,weekly_active_members,posts,comments,reactions,views');
  assert.equal(lines.length, 8);
  assert.match(lines[1], /^\d{4}-\d{2}-\d{2},/);

  const member = await logIn(seeded.base, 'insights_m05', 'kring-insights-2026');
  assert.equal((await member.get('/api/v1/insights/communities/insights-demo')).status, 403);
  assert.equal((await new Client(seeded.base).get('/api/v1/insights/communities/insights-demo')).status, 401);
  const bad = async (q) => (await owner.get(`/api/v1/insights/communities/insights-demo${q}`)).body.error;
  assert.equal(await bad('?days=0'), 'invalid_parameter');
  assert.equal(await bad('?format=xml'), 'invalid_format');
  assert.equal(await bad('/when_to_post?time_zone=Mars/Base'), 'unknown_time_zone');
  assert.equal(await bad('/when_to_post?weeks=9'), 'invalid_weeks');
  assert.equal((await owner.get('/api/v1/insights/communities/nope-nope')).status, 404);
});

test('views count once per viewer per day, and small figures are masked', async () => {
  const anna = await Client.signUp(fresh.base, 'anna');
  const joris = await Client.signUp(fresh.base, 'joris');
  const mila = await Client.signUp(fresh.base, 'mila');
  assert.equal((await anna.post('/api/v1/communities', { slug: 'klein', name: 'Klein' })).status, 201);
  for (const c of [joris, mila]) await c.post('/api/v1/communities/klein/join');
  const p = (await anna.post('/api/v1/posts', { community: 'klein', title: 'Hallo', body: 'Eerste post' })).body;

  const anon = new Client(fresh.base);
  const ua = (n) => ({ headers: { 'user-agent': `TestBrowser/${n}` } });
  assert.equal((await anon.post(`/api/v1/posts/${p.id}/view`, undefined, ua(1))).body.counted, true);
  assert.equal((await anon.post(`/api/v1/posts/${p.id}/view`, undefined, ua(1))).body.counted, false);
  for (let i = 2; i <= 6; i++) assert.equal((await anon.post(`/api/v1/posts/${p.id}/view`, undefined, ua(i))).body.counted, true);
  assert.equal((await joris.post(`/api/v1/posts/${p.id}/view`)).body.counted, true);
  assert.equal((await joris.post(`/api/v1/posts/${p.id}/view`)).body.counted, false);
  assert.equal((await anna.post(`/api/v1/posts/${p.id}/view`)).body.counted, false);  // the author is not audience
  assert.equal((await anon.post('/api/v1/posts/123456789/view')).status, 404);
  // No cookie is set for counting.
  assert.equal((await anon.post(`/api/v1/posts/${p.id}/view`, undefined, ua(7))).headers.get('set-cookie'), null);

  await joris.put(`/api/v1/posts/${p.id}/reactions/like`);
  let r;
  for (let i = 0; i < 50; i++) {
    r = await anna.get(`/api/v1/insights/posts/${p.id}`);
    if (r.status === 200 && r.body.interactions !== 0) break;
    await sleep(50);
  }
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.views, 8);
  assert.equal(r.body.unique_viewers, 8);
  assert.equal(r.body.reactions.like, '< 5');  // one person: never a number
  assert.equal(r.body.interactions, '< 5');
  assert.equal(r.body.engagement_rate, '< 5');
  assert.match(r.body.engagement_formula, /unique_viewers/);
  assert.equal((await joris.get(`/api/v1/insights/posts/${p.id}`)).status, 403);

  // Too little data for advice: the answer says so instead of guessing.
  const w = await anna.get('/api/v1/insights/communities/klein/when_to_post');
  assert.equal(w.status, 200, JSON.stringify(w.body));
  assert.equal(w.body.advice, 'not_enough_data');
  assert.deepEqual(w.body.best_slots, []);
  assert.equal(w.body.reason, 'too_few_events');
  assert.ok(w.body.sample.events < w.body.minimums.events);
});
