// Video, banners and photos on replies in a real browser, against a server that has them (the
// media contract, notes/media-contract.md). Anna (on a 360 px phone) posts a two-second clip made
// with ffmpeg at test time: the upload is accepted at once while the server prepares it, the post
// page follows it from "being prepared" to a player that plays. She gives her community a banner
// from its settings, and Bob answers her post with one photo. Screenshots: artifacts/rich-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, person, shot, axe } from './helpers.mjs';
import { Client } from '../lib/client.mjs';

let app;
let anna;
let bob;
let clip;
let supported = true;
const people = [];

before(async () => {
  app = await startApp({ prefix: 'rich-' });
  anna = await Client.signUp(app.base, 'anna', { display_name: 'Anna de Vries' });
  bob = await Client.signUp(app.base, 'bob', { display_name: 'Bob Jansen' });
  const c = await anna.post('/api/v1/communities', { slug: 'bakkerij', name: 'Bakkerij de Korst', description: 'Bread, every morning.' });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal((await bob.post('/api/v1/communities/bakkerij/join')).status < 300, true);
  supported = 'banner_url' in c.body; // servers before the media contract: nothing here applies
  const dir = mkdtempSync(path.join(tmpdir(), 'kring-clip-'));
  const out = path.join(dir, 'oven.mp4');
  const made = spawnSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=320x240:rate=15', '-pix_fmt', 'yuv420p', out]);
  assert.equal(made.status, 0, String(made.stderr));
  clip = { name: 'oven.mp4', mimeType: 'video/mp4', buffer: readFileSync(out) };
  rmSync(dir, { recursive: true, force: true });
});

after(async () => {
  for (const p of people) await p.context.close().catch(() => {});
  await app?.browser.close().catch(() => {});
  await app?.server.stop();
});

async function browserFor(client, options) {
  const who = await person(app.browser, app.base, options);
  const res = await who.page.request.post(`${app.base}/api/v1/auth/login`, { data: { handle: client.account.username, password: client.password, type: 'cookie' } });
  assert.equal(res.status(), 200);
  people.push(who);
  return who;
}

/** One JPEG drawn on a canvas in the page. */
async function drawPhoto(page, name, hue) {
  const b64 = await page.evaluate(async (h) => {
    const c = document.createElement('canvas');
    c.width = 1200;
    c.height = 400;
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, c.width, c.height);
    grad.addColorStop(0, `hsl(${h} 70% 55%)`);
    grad.addColorStop(1, `hsl(${h + 120} 60% 35%)`);
    g.fillStyle = grad;
    g.fillRect(0, 0, c.width, c.height);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.9));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (const x of bytes) bin += String.fromCharCode(x);
    return btoa(bin);
  }, hue);
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') };
}

async function assertAccessible(page, screen) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${screen}: the page is ${overflow}px wider than the screen`);
  assert.deepEqual(await axe(page), [], `${screen}: serious or critical accessibility violations`);
}

test('video: accepted at once, prepared by the server, then plays on the post page', async (t) => {
  if (!supported) return t.skip('this server has no video (media contract not merged)');
  const who = await browserFor(anna, { width: 360 });
  const { page } = who;
  await page.goto(`${app.base}/compose?community=bakkerij`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/v1/media') && r.request().method() === 'POST');
  await page.locator('[data-testid=media-input]').setInputFiles(clip);
  const answer = await (await uploaded).json();
  assert.equal(answer.type, 'video');
  assert.equal(answer.status, 'processing', 'a video is accepted at once and prepared afterwards');
  await page.getByText('Video uploaded.').waitFor();
  await page.getByLabel('Title (optional)').fill('De oven gaat open');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'De oven gaat open' }).waitFor();
  // While the server converts it, the author sees it being prepared; the page asks every 2 s
  // and swaps in the player by itself (no reload).
  const video = page.locator('.post-full video');
  const preparing = page.locator('.post-full .media-state[role=status]');
  await preparing.or(video).first().waitFor();
  if (await preparing.count()) {
    assert.match(await preparing.innerText(), /being prepared/);
    await shot(page, 'video-processing-360');
  }
  await video.waitFor({ timeout: 60000 });
  assert.equal(await page.locator('.media-state').count(), 0);
  assert.equal(await video.getAttribute('controls'), '');
  assert.ok(await video.getAttribute('poster'), 'the player shows a poster frame');
  // It plays: time moves on after play().
  await page.evaluate(() => {
    const v = document.querySelector('.post-full video');
    v.muted = true;
    return v.play();
  });
  await page.waitForFunction(() => document.querySelector('.post-full video').currentTime > 0.2);
  const duration = await video.evaluate((v) => v.duration);
  assert.ok(Math.abs(duration - 2) < 0.5, `two seconds long, got ${duration}`);
  await shot(page, 'video-360');
  await assertAccessible(page, 'post with video');
  assert.deepEqual(who.errors, []);
});

test('banner: the owner adds one in the community settings and the community page shows it', async (t) => {
  if (!supported) return t.skip('this server has no banners');
  const who = await browserFor(anna, { width: 1280, height: 900 });
  const { page } = who;
  await page.goto(`${app.base}/c/bakkerij/settings`);
  await page.getByText('Banner', { exact: true }).waitFor();
  const banner = await drawPhoto(page, 'banner.jpg', 30);
  await page.locator('.image-setting:has-text("Banner") input[type=file]').setInputFiles(banner);
  await page.locator('.image-setting img.image-setting-preview.wide').waitFor();
  await page.goto(`${app.base}/c/bakkerij`);
  const img = page.locator('.community-head img.community-banner');
  await img.waitFor();
  await page.waitForFunction(() => document.querySelector('.community-banner')?.naturalWidth > 0);
  assert.match(await img.getAttribute('src'), /banner/);
  await shot(page, 'banner-1280');
  await assertAccessible(page, 'community with banner');
  const phone = await browserFor(bob, { width: 360 });
  await phone.page.goto(`${app.base}/c/bakkerij`);
  await phone.page.locator('.community-banner').waitFor();
  await shot(phone.page, 'banner-360');
  await assertAccessible(phone.page, 'community with banner, phone');
});

test('reply with one photo: picked, described, shown in the thread', async (t) => {
  if (!supported) return t.skip('this server has no photos on replies');
  const p = await anna.post('/api/v1/posts', { community: 'bakkerij', title: 'Wie bakt er mee?', body: 'Zaterdag om zes uur.' });
  assert.equal(p.status, 201);
  const who = await browserFor(bob, { width: 360 });
  const { page } = who;
  await page.goto(`${app.base}/p/${p.body.id}`);
  await page.getByRole('heading', { level: 1, name: 'Wie bakt er mee?' }).waitFor();
  await page.getByRole('button', { name: 'Add a photo' }).waitFor();
  const photo = await drawPhoto(page, 'deeg.jpg', 200);
  await page.locator('.reply-photo input[type=file]').setInputFiles(photo);
  await page.getByLabel('Describe this photo').first().fill('Deeg in een kom');
  await page.getByRole('textbox', { name: 'Write a reply' }).first().fill('Ik neem het deeg mee.');
  await page.getByRole('button', { name: 'Reply', exact: true }).first().click();
  const img = page.locator('.comments img[alt="Deeg in een kom"]');
  await img.waitFor();
  await shot(page, 'reply-photo-360');
  await assertAccessible(page, 'thread with a photo');
  assert.deepEqual(who.errors, []);
});
