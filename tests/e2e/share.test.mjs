// Sharing a post and following its links, in a real browser. Bob reads Anna's post about a bakery:
// on a desktop the share button copies the post's address and says "Link copied"; on a phone it
// opens the share sheet (stubbed here: headless Chromium has none) instead. Either way the server
// is told about the share. The links in the post leave through the server's counting redirect
// (/r/{post}?u=…) when the server has one, keep working on a middle-click or a copied address
// because the redirect is a real URL, and stay untouched when they are not in the post's text as
// written (the redirect would refuse them) or point at this site. Screenshots: artifacts/share-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, person, shot, axe } from './helpers.mjs';
import { Client } from '../lib/client.mjs';

let app;
let bob;
let post;
let counting; // whether this server has the /r/ redirect
const people = [];
const TITLE = 'Sourdough starter, day three';
const SHOP = 'https://shop.example.com/desem?size=1&kind=rye';
const NEWS = 'https://news.example.org/brood';
const CAFE = 'https://example.net/café'; // percent-encoded in the HTML, so not the text of the post

before(async () => {
  app = await startApp({ prefix: 'share-' });
  const anna = await Client.signUp(app.base, 'anna');
  bob = await Client.signUp(app.base, 'bob');
  assert.equal((await anna.post('/api/v1/communities', { slug: 'bakkerij', name: 'Bakkerij', description: 'Bread.' })).status, 201);
  const body = `Flour from [the shop](${SHOP}), the story at ${NEWS}. Our [rules](/c/bakkerij) and ${CAFE}`;
  const created = await anna.post('/api/v1/posts', { community: 'bakkerij', kind: 'link', title: TITLE, url: 'https://bakery.example.com/', body });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  post = created.body;
  const probe = await fetch(`${app.base}/r/${post.id}?u=${encodeURIComponent('https://probe.invalid/')}`, { redirect: 'manual', headers: { accept: 'application/json' } });
  counting = probe.status === 404 && (await probe.json().catch(() => ({}))).error === 'link_not_in_post';
});

after(async () => {
  for (const p of people) await p.context.close().catch(() => {});
  await app?.browser.close().catch(() => {});
  await app?.server.stop();
});

async function asBob(options) {
  const who = await person(app.browser, app.base, options);
  const res = await who.page.request.post(`${app.base}/api/v1/auth/login`, { data: { handle: 'bob', password: bob.password, type: 'cookie' } });
  assert.equal(res.status(), 200);
  people.push(who);
  return who;
}

/** The server's answer to the share the page reports (null when the server has no such route). */
function shareAnswer(page) {
  return page
    .waitForResponse((r) => r.url().endsWith(`/api/v1/posts/${post.id}/share`) && r.request().method() === 'POST')
    .then(async (r) => (r.status() === 200 ? r.json() : null));
}

test('desktop: Share copies the link, says so, and the share is recorded', async () => {
  const who = await asBob({ width: 1280, height: 800 });
  const { page, context } = who;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.base });
  await page.goto(`${app.base}/c/bakkerij`);
  await page.getByRole('heading', { name: TITLE }).waitFor();
  const answer = shareAnswer(page);
  await page.getByRole('button', { name: 'Share this post' }).click();
  await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${app.base}/p/${post.id}`);
  const counted = await answer;
  if (counted) assert.equal(counted.counted, true, 'a reader sharing is counted');
  await shot(page, 'copied-1280');
  assert.deepEqual(who.errors, []);
});

test('phone: Share opens the share sheet with the post, in Dutch, at 360 px', async () => {
  const context = await app.browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true, locale: 'nl-NL', reducedMotion: 'reduce' });
  people.push({ context });
  await context.addInitScript(() => {
    window.__shared = [];
    navigator.share = async (data) => {
      window.__shared.push(data);
    };
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${app.base}/p/${post.id}`);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  const answer = shareAnswer(page);
  await page.getByRole('button', { name: 'Dit bericht delen' }).tap();
  await page.waitForFunction(() => window.__shared.length === 1);
  const shared = await page.evaluate(() => window.__shared[0]);
  assert.equal(shared.url, `${app.base}/p/${post.id}`);
  assert.equal(shared.title, TITLE);
  assert.equal(await page.getByText('Link gekopieerd').count(), 0, 'the share sheet needs no copied note');
  await answer; // reported (anonymous readers count too, by a day-hash)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the post page is ${overflow}px wider than the phone`);
  assert.deepEqual(errors, []);
});

test('links in a post go through the counting redirect where the server has one, and still arrive', async () => {
  const who = await asBob({ width: 360, height: 780 });
  const { page } = who;
  await page.route(/^https:\/\/(shop|news)\.example\.(com|org)\//, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Elsewhere</title><h1>Elsewhere</h1>' }));
  await page.goto(`${app.base}/p/${post.id}`);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  const hrefOf = (name) => page.getByRole('link', { name, exact: true }).getAttribute('href');
  const counted = (url) => `/r/${post.id}?u=${encodeURIComponent(url)}`;
  if (counting) await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('href').startsWith('/r/'), '.prose a');
  assert.equal(await hrefOf('the shop'), counting ? counted(SHOP) : SHOP);
  assert.equal(await hrefOf(NEWS), counting ? counted(NEWS) : NEWS);
  assert.equal(await page.locator('.ext-link').getAttribute('href'), counting ? counted('https://bakery.example.com/') : 'https://bakery.example.com/');
  assert.equal(await hrefOf('rules'), '/c/bakkerij', 'links on this site stay as they are');
  assert.equal(await hrefOf(CAFE), 'https://example.net/caf%C3%A9', 'a link not written like this in the post stays direct');
  for (const rel of await page.locator('.prose a').evaluateAll((as) => as.map((a) => a.rel))) assert.equal(rel, 'nofollow ugc noopener');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'links-360');

  if (counting) {
    // A copied or middle-clicked address is the redirect itself: it works outside the app too.
    const res = await fetch(app.base + counted(NEWS), { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), NEWS);
  }
  await page.getByRole('link', { name: 'the shop', exact: true }).click();
  await page.waitForURL(SHOP);
  await page.getByRole('heading', { name: 'Elsewhere' }).waitFor();
  assert.deepEqual(who.errors, []);
});
