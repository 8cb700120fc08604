// Insights: post views counted once per viewer per day without cookies, post and community figures
// for the people allowed to see them, k-anonymity ("< 5"), the when-to-post heatmap recovering the
// planted weekday-evening peak of `kring seed --insights`, and no advice from too little data;
// decision support recovering the planted truths (#uurwerk lifts engagement 30%, #wijzerplaat does
// nothing, video beats text in /c/insights-a only) without claiming effects that were not planted.
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
  assert.equal(lines[0], 'date,members_joined,members_left,member_growth,active_members,weekly_active_members,posts,comments,reactions,views,shares,link_clicks');
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

const byKey = (items, key, value) => items.find((i) => i[key] === value);

test('which hashtags work: the planted 30% lift is found, the null tag is "no clear effect"', async () => {
  const r = await owner.get('/api/v1/insights/communities/insights-a/hashtags');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.scope, 'community');
  assert.match(r.body.method, /95% interval/);
  assert.ok(r.body.posts_considered >= 150, JSON.stringify(r.body.posts_considered));
  const lift = byKey(r.body.items, 'tag', '#uurwerk');
  assert.ok(lift, JSON.stringify(r.body.items.map((i) => i.tag)));
  assert.equal(lift.enough_data, true);
  assert.equal(lift.verdict, 'higher', lift.message);
  const [lo, hi] = lift.uplift_ci95;
  assert.ok(lo > 0 && lo <= 0.3 && hi >= 0.3, `interval ${lo}..${hi} should exclude 0 and contain 0.3`);
  assert.ok(lift.posts >= 10 && lift.baseline_posts >= 10 && lift.authors >= 5, JSON.stringify(lift));
  assert.ok(lift.engagement_ci95[0] <= lift.engagement && lift.engagement <= lift.engagement_ci95[1]);
  assert.match(lift.message, /more reactions and comments per viewer/);

  const none = byKey(r.body.items, 'tag', '#wijzerplaat');
  assert.equal(none.enough_data, true);
  assert.equal(none.verdict, 'no_clear_effect', none.message);
  assert.ok(none.uplift_ci95[0] < 0 && none.uplift_ci95[1] > 0, JSON.stringify(none.uplift_ci95));
  assert.match(none.message, /^No clear effect/);
  // Only the planted tag is claimed to make a difference.
  assert.deepEqual(r.body.items.filter((i) => i.verdict === 'higher' || i.verdict === 'lower').map((i) => i.tag), ['#uurwerk']);

  const csv = await owner.get('/api/v1/insights/communities/insights-a/hashtags?format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines = csv.body.trim().split('\r\n');
  assert.match(lines[0], /^tag,posts,authors,engagement,engagement_ci95_low,engagement_ci95_high,baseline_posts,/);
  assert.ok(lines.some((l) => l.startsWith('#uurwerk,') && l.includes(',higher,')), lines.join('\n'));
});

test('what kind of content works: video beats text in one community and not in the other', async () => {
  const a = await owner.get('/api/v1/insights/communities/insights-a/content_types');
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.deepEqual(a.body.items.map((i) => i.type), ['text', 'photo', 'video', 'link', 'question']);
  const videoA = byKey(a.body.items, 'type', 'video');
  assert.equal(videoA.verdict, 'higher', videoA.message);
  assert.ok(videoA.uplift_ci95[0] > 0);
  const textA = byKey(a.body.items, 'type', 'text');
  assert.ok(textA.engagement < videoA.engagement);
  // Kinds nobody posted: no advice, and no numbers pretending otherwise.
  const photo = byKey(a.body.items, 'type', 'photo');
  assert.equal(photo.enough_data, false);
  assert.equal(photo.reason, 'too_few_posts');
  assert.equal(photo.uplift, null);
  assert.equal(photo.verdict, 'not_enough_data');

  const b = await owner.get('/api/v1/insights/communities/insights-b/content_types');
  assert.equal(b.status, 200, JSON.stringify(b.body));
  const videoB = byKey(b.body.items, 'type', 'video');
  assert.equal(videoB.enough_data, true);
  assert.equal(videoB.verdict, 'no_clear_effect', videoB.message);
  assert.ok(b.body.items.every((i) => i.verdict === 'no_clear_effect' || i.verdict === 'not_enough_data'));
  const csv = await owner.get('/api/v1/insights/communities/insights-b/content_types?format=csv');
  assert.match(csv.body.split('\r\n')[0], /^type,posts,/);
});

test('decision support for creators, and who may see it', async () => {
  // An author's own posts: 18 in all, too few per tag to say anything.
  const author = await logIn(seeded.base, 'insights_m01', 'kring-insights-2026');
  const mine = await author.get('/api/v1/insights/me/hashtags');
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  assert.equal(mine.body.scope, 'author');
  assert.ok(mine.body.posts_considered > 0 && mine.body.posts_considered <= 20, String(mine.body.posts_considered));
  assert.ok(mine.body.items.length > 0);
  for (const i of mine.body.items) {
    assert.equal(i.enough_data, false, JSON.stringify(i));
    assert.equal(i.uplift, null);
    assert.match(i.message, /^Not enough data yet/);
  }
  assert.equal((await author.get('/api/v1/insights/me/content_types')).status, 200);
  assert.equal((await author.get('/api/v1/insights/communities/insights-a/hashtags')).status, 403);
  assert.equal((await new Client(seeded.base).get('/api/v1/insights/me/hashtags')).status, 401);
  assert.equal((await owner.get('/api/v1/insights/communities/insights-a/hashtags?days=3')).body.error, 'invalid_parameter');
  assert.equal((await owner.get('/api/v1/insights/communities/insights-a/content_types?format=pdf')).body.error, 'invalid_format');

  // A community without history: no advice at all.
  const anna = await Client.signUp(fresh.base, 'annet');
  assert.equal((await anna.post('/api/v1/communities', { slug: 'leeg', name: 'Leeg' })).status, 201);
  const empty = await anna.get('/api/v1/insights/communities/leeg/content_types');
  assert.equal(empty.status, 200, JSON.stringify(empty.body));
  assert.equal(empty.body.posts_considered, 0);
  assert.ok(empty.body.items.every((i) => i.verdict === 'not_enough_data' && i.engagement === null));
});

test('shares, outbound clicks and profile visits count once per person per day; the redirect never goes elsewhere', async () => {
  const bakker = await Client.signUp(fresh.base, 'bakker');
  const klant = await Client.signUp(fresh.base, 'klant');
  assert.equal((await bakker.post('/api/v1/communities', { slug: 'bakkerij', name: 'Bakkerij' })).status, 201);
  await klant.post('/api/v1/communities/bakkerij/join');
  const p = (await bakker.post('/api/v1/posts', {
    community: 'bakkerij', title: 'Nieuw brood', body: 'Bestel op https://bakker.example/brood vandaag.',
  })).body;
  const anon = new Client(fresh.base);
  const ua = (n) => ({ headers: { 'user-agent': `Share/${n}` } });
  assert.equal((await anon.post(`/api/v1/posts/${p.id}/share`, undefined, ua(1))).body.counted, true);
  assert.equal((await anon.post(`/api/v1/posts/${p.id}/share`, undefined, ua(1))).body.counted, false);
  assert.equal((await klant.post(`/api/v1/posts/${p.id}/share`)).body.counted, true);
  assert.equal((await bakker.post(`/api/v1/posts/${p.id}/share`)).body.counted, false);  // the author
  assert.equal((await anon.post('/api/v1/posts/987654321/share')).status, 404);

  const link = 'https://bakker.example/brood';
  const go = (u) => fetch(`${fresh.base}/r/${p.id}?u=${encodeURIComponent(u)}`, { redirect: 'manual', headers: { 'user-agent': 'Click/1' } });
  const ok = await go(link);
  assert.equal(ok.status, 302);
  assert.equal(ok.headers.get('location'), link);
  for (const u of ['https://evil.example/', 'https://bakker.example', '//evil.example', 'javascript:alert(1)', '']) {
    const r = await go(u);
    assert.equal(r.status, 404, u);
    assert.equal((await r.json()).error, 'link_not_in_post', u);
    assert.equal(r.headers.get('location'), null);
  }
  assert.equal((await go(link)).status, 302);  // again the same day: still redirects, counted once

  const pi = await bakker.get(`/api/v1/insights/posts/${p.id}`);
  assert.equal(pi.status, 200, JSON.stringify(pi.body));
  assert.equal(pi.body.shares, '< 5');       // two people: never a number
  assert.equal(pi.body.link_clicks, '< 5');
  const csv = await bakker.get(`/api/v1/insights/posts/${p.id}?format=csv`);
  assert.match(csv.body, /^post_id,views,unique_viewers,comments,interactions,shares,link_clicks,/);
  assert.ok(csv.body.includes(',< 5,< 5,'), csv.body);

  // Profile visits.
  const bakkerId = bakker.account.id;
  assert.equal((await klant.post(`/api/v1/accounts/${bakkerId}/visit`)).body.counted, true);
  assert.equal((await klant.post(`/api/v1/accounts/${bakkerId}/visit`)).body.counted, false);
  assert.equal((await bakker.post(`/api/v1/accounts/${bakkerId}/visit`)).body.counted, false);  // oneself
  assert.equal((await anon.post('/api/v1/accounts/987654321/visit')).status, 404);
  const me = await bakker.get('/api/v1/insights/me?days=7');
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal(me.body.daily.length, 7);
  assert.equal(me.body.daily.at(-1).profile_visits, '< 5');
  assert.equal(typeof me.body.followers, 'number');
  assert.equal(me.body.audience.heatmap.length, 7);
  assert.equal(me.body.audience.advice, 'not_enough_data');
  const days = await bakker.get('/api/v1/insights/me?days=7&format=csv');
  assert.equal(days.body.split('\r\n')[0], 'date,new_followers,lost_followers,profile_visits');
  assert.equal((await bakker.get('/api/v1/insights/me?format=csv&table=nope')).body.error, 'invalid_table');
});

test('a creator sees who started and who stopped following, per day, never below 5 people', async () => {
  const maker = await Client.signUp(fresh.base, 'maker');
  const fans = [];
  for (let i = 0; i < 6; i++) fans.push(await Client.signUp(fresh.base, `fan${i}`));
  for (const fan of fans) assert.equal((await fan.post(`/api/v1/accounts/${maker.account.id}/follow`)).status, 200);
  for (const fan of fans.slice(0, 5)) assert.equal((await fan.post(`/api/v1/accounts/${maker.account.id}/unfollow`)).status, 200);
  // Unfollowing someone you do not follow is no event.
  assert.equal((await fans[0].post(`/api/v1/accounts/${maker.account.id}/unfollow`)).status, 200);
  const me = await maker.get('/api/v1/insights/me?days=7');
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal(me.body.followers, 1);
  assert.equal(me.body.daily.at(-1).new_followers, 6);
  assert.equal(me.body.daily.at(-1).lost_followers, 5);
  const csv = await maker.get('/api/v1/insights/me?days=7&format=csv');
  assert.ok(csv.body.trim().endsWith(',6,5,0'), csv.body);
  // Two people who leave are "< 5": nobody can work out who.
  const small = await Client.signUp(fresh.base, 'kleintje');
  for (const fan of fans.slice(0, 2)) {
    await fan.post(`/api/v1/accounts/${small.account.id}/follow`);
    await fan.post(`/api/v1/accounts/${small.account.id}/unfollow`);
  }
  const few = await small.get('/api/v1/insights/me?days=7');
  assert.equal(few.body.daily.at(-1).lost_followers, '< 5');
});

test('a community has its own time zone, which only its owner sets; members choose to be named', async () => {
  const eigenaar = await Client.signUp(fresh.base, 'eigenaar');
  const lid = await Client.signUp(fresh.base, 'lid');
  const made = await eigenaar.post('/api/v1/communities', { slug: 'tokyo-bakkers', name: 'Tokyo', time_zone: 'Asia/Tokyo' });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.time_zone, 'Asia/Tokyo');
  assert.equal((await eigenaar.post('/api/v1/communities', { slug: 'mars', name: 'Mars', time_zone: 'Mars/Base' })).body.error,
    'unknown_time_zone');
  const plain = await eigenaar.post('/api/v1/communities', { slug: 'thuis', name: 'Thuis' });
  assert.equal(plain.body.time_zone, 'Europe/Amsterdam');  // the owner's own zone
  await lid.post('/api/v1/communities/tokyo-bakkers/join');
  assert.equal((await lid.patch('/api/v1/communities/tokyo-bakkers', { time_zone: 'UTC' })).status, 403);
  assert.equal((await eigenaar.patch('/api/v1/communities/tokyo-bakkers', { time_zone: 'Nowhere/Land' })).body.error, 'unknown_time_zone');
  assert.equal((await eigenaar.get('/api/v1/communities/tokyo-bakkers')).body.time_zone, 'Asia/Tokyo');  // unchanged
  const w = await eigenaar.get('/api/v1/insights/communities/tokyo-bakkers/when_to_post');
  assert.equal(w.body.time_zone, 'Asia/Tokyo');
  assert.equal((await eigenaar.patch('/api/v1/communities/tokyo-bakkers', { time_zone: 'America/New_York' })).body.time_zone, 'America/New_York');
  const heat = await eigenaar.get('/api/v1/insights/communities/tokyo-bakkers/when_to_post?format=csv');
  const lines = heat.body.trim().split('\r\n');
  assert.equal(lines[0], 'weekday,hour,time_zone,events,people');
  assert.equal(lines.length, 1 + 7 * 24);
  assert.ok(lines[1].startsWith('monday,0,America/New_York,'));

  // Contributors: only people who said yes.
  assert.equal((await lid.get('/api/v1/me')).body.show_in_insights, false);
  assert.equal((await lid.patch('/api/v1/me', { show_in_insights: 'yes' })).status, 400);
  assert.equal((await lid.patch('/api/v1/me', { show_in_insights: true })).body.show_in_insights, true);
  await lid.post('/api/v1/posts', { community: 'tokyo-bakkers', title: 'Hallo', body: 'Van een lid' });
  await eigenaar.post('/api/v1/posts', { community: 'tokyo-bakkers', title: 'Welkom', body: 'Van de eigenaar' });
  let r;
  for (let i = 0; i < 50; i++) {
    r = await eigenaar.get('/api/v1/insights/communities/tokyo-bakkers?days=7');
    if (r.body.contributors?.length) break;
    await sleep(50);
  }
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.contributors.map((c) => c.handle), ['lid']);  // the owner did not opt in
  assert.equal(r.body.contributors[0].posts, 1);
  assert.ok(r.body.monthly_active_members === '< 5');
  const ccsv = await eigenaar.get('/api/v1/insights/communities/tokyo-bakkers?format=csv&table=contributors');
  assert.equal(ccsv.body.split('\r\n')[0], 'handle,display_name,posts,comments');
});

test('retention by weekly cohort never shows a cell about fewer than 5 people', async () => {
  const r = await owner.get('/api/v1/insights/communities/insights-demo?days=28');
  assert.equal(r.status, 200);
  assert.ok(Array.isArray(r.body.retention));
  assert.ok(r.body.retention.length > 0, 'members joined within the raw-event window');
  for (const c of r.body.retention) {
    assert.match(c.week_of, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(new Date(`${c.week_of}T00:00:00Z`).getUTCDay(), 1, 'cohorts start on Monday');
    for (const w of c.weeks) {
      if (c.joined === '< 5') assert.equal(w.active, '< 5');
      if (typeof w.active === 'number' && typeof c.joined === 'number') {
        assert.ok(w.active === 0 || w.active >= 5, JSON.stringify(c));
        assert.ok(c.joined - w.active === 0 || c.joined - w.active >= 5, JSON.stringify(c));
      }
    }
  }
  const csv = await owner.get('/api/v1/insights/communities/insights-demo?format=csv&table=retention');
  assert.equal(csv.body.split('\r\n')[0], 'week_of,joined,week,active,share');
});
