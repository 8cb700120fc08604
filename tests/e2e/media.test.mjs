// Photos in a real browser: Anna (a baker, on a 360 px phone) adds six photos and one broken file
// to a post; each upload shows its own progress bar (the upload is throttled so there is something
// to see), the broken file gets a clear error, the composer asks for descriptions before posting,
// she removes what she does not want, and the post shows a gallery (four tiles and "+1") whose
// images carry her descriptions as alt text and their sizes, so nothing jumps. The lightbox opens
// from a tile and follows the arrow keys, a swipe and Escape. The profile picture setting appears
// only when the server sends avatar_url (video, avatars and banners live on another branch).
// Test images are drawn on a canvas in the browser at test time. Screenshots: artifacts/media-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, person, shot, axe } from './helpers.mjs';
import { Client } from '../lib/client.mjs';

let app;
let anna;
const people = [];
const state = {};

before(async () => {
  app = await startApp({ prefix: 'media-' });
  anna = await Client.signUp(app.base, 'anna', { display_name: 'Anna de Vries' });
  const c = await anna.post('/api/v1/communities', { slug: 'bakkerij', name: 'Bakkerij de Korst', description: 'Bread, every morning.' });
  assert.equal(c.status, 201, JSON.stringify(c.body));
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

/** Six different JPEG photos (colour gradients with a number) drawn on a canvas, as files. */
async function drawPhotos(page, n) {
  const list = await page.evaluate(async (count) => {
    const out = [];
    for (let i = 0; i < count; i++) {
      const c = document.createElement('canvas');
      c.width = i % 2 ? 900 : 1200;
      c.height = i % 2 ? 1200 : 800;
      const g = c.getContext('2d');
      const grad = g.createLinearGradient(0, 0, c.width, c.height);
      grad.addColorStop(0, `hsl(${i * 55} 70% 55%)`);
      grad.addColorStop(1, `hsl(${i * 55 + 120} 60% 35%)`);
      g.fillStyle = grad;
      g.fillRect(0, 0, c.width, c.height);
      for (let k = 0; k < 400; k++) {
        g.fillStyle = `hsl(${(k * 37) % 360} 60% ${40 + (k % 30)}% / 0.35)`;
        g.beginPath();
        g.arc((k * 97) % c.width, (k * 61) % c.height, 8 + (k % 40), 0, Math.PI * 2);
        g.fill();
      }
      g.fillStyle = '#fff';
      g.font = 'bold 220px sans-serif';
      g.fillText(String(i + 1), 60, 260);
      const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.9));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let bin = '';
      for (const b of bytes) bin += String.fromCharCode(b);
      out.push(btoa(bin));
    }
    return out;
  }, n);
  return list.map((b64, i) => ({ name: `brood-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(b64, 'base64') }));
}

async function assertAccessible(page, screen) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${screen}: the page is ${overflow}px wider than the screen`);
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${screen}: serious or critical accessibility violations:\n${JSON.stringify(violations, null, 2)}`);
}

test('photos: upload with progress, errors, alt text nudge, remove, gallery and lightbox', async () => {
  const who = await browserFor(anna, { width: 360 });
  const { page } = who;
  await page.goto(`${app.base}/compose?community=bakkerij`);
  await page.getByRole('heading', { level: 1 }).waitFor();

  const photos = await drawPhotos(page, 6);
  // A JPEG cut short: it starts like a photo but cannot be decoded.
  const broken = { name: 'kapot.jpg', mimeType: 'image/jpeg', buffer: photos[0].buffer.subarray(0, 600) };

  // Slow the uploads down (about 400 KB/s) so each progress bar can be watched on its way.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 400 * 1024 });

  await page.locator('[data-testid=media-input]').setInputFiles([...photos, broken]);
  const rows = page.locator('.attachments > li');
  await rows.nth(6).waitFor();
  assert.equal(await rows.count(), 7);
  // A progress bar per file, somewhere between empty and full while the bytes go out.
  await page.waitForFunction(() => [...document.querySelectorAll('.attachments progress')].some((p) => p.value > 0 && p.value < 1));
  assert.match(await page.locator('.upload-progress').first().innerText(), /Uploading… \d+%/);
  await shot(page, 'composer-uploading-360');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  // Each photo ends with a description field; the broken file says what is wrong with it.
  await page.locator('.alt-input').nth(5).waitFor({ timeout: 30000 });
  const error = page.locator('.attachment.error [role=alert]');
  await error.waitFor();
  assert.match(await error.innerText(), /damaged|cannot be used/);
  assert.equal(await page.locator('.attachments progress').count(), 0);

  await page.getByLabel('Title (optional)').fill('Vers uit de oven');
  await page.locator('#compose-body').fill('Zes broden vanochtend, vijf bleven over.');
  // Posting without descriptions: the composer asks first, with the cursor in the first empty one.
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByText('Some photos have no description').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('alt-input')), true);
  assert.equal(await page.locator('.alt-input[aria-invalid=true]').count(), 6);
  await shot(page, 'composer-alt-nudge-360');
  await assertAccessible(page, 'composer with uploads');

  // She removes the broken file and the last photo, and describes the other five.
  await page.getByRole('button', { name: 'Remove kapot.jpg' }).click();
  await page.getByRole('button', { name: 'Remove brood-6.jpg' }).click();
  assert.equal(await rows.count(), 5);
  const alts = ['Desembrood met een krokante korst', 'Spelt bollen op een rek', 'Roggebrood in plakjes', 'Krentenbollen in een mand', 'Stokbroden naast de oven'];
  for (let i = 0; i < 5; i++) await page.locator('.alt-input').nth(i).fill(alts[i]);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.waitForURL(/\/p\/\d+$/);
  state.postId = page.url().split('/').pop();

  // The post: four tiles, the last with "+1"; alt text, sizes, WebP with a JPEG fallback.
  const gallery = page.locator('.post-full .gallery');
  await gallery.waitFor();
  assert.equal(await gallery.locator('li').count(), 4);
  assert.equal((await gallery.locator('.gallery-more').innerText()).trim(), '+1');
  const imgs = await gallery.locator('img.pic-img').evaluateAll((els) => els.map((e) => ({ alt: e.alt, w: e.getAttribute('width'), h: e.getAttribute('height'), src: e.getAttribute('src'), webp: e.parentElement.querySelector('source')?.getAttribute('type') })));
  assert.deepEqual(imgs.map((i) => i.alt), alts.slice(0, 4));
  for (const i of imgs) {
    assert.ok(Number(i.w) > 0 && Number(i.h) > 0, 'width and height are set');
    assert.match(i.src, /\.jpg$/);
    assert.equal(i.webp, 'image/webp');
  }
  // Every tile finishes loading (the placeholder is then hidden).
  await page.waitForFunction(() => [...document.querySelectorAll('.post-full .gallery .pic')].every((p) => p.classList.contains('loaded')));
  assert.equal(await page.locator('.post-full .gallery .pic-placeholder:visible').count(), 0);
  const api = await anna.get(`/api/v1/posts/${state.postId}`);
  assert.deepEqual(api.body.media.map((m) => m.alt), alts);
  await shot(page, 'post-gallery-360');
  await assertAccessible(page, 'post with a gallery');

  // Lightbox: opens on the tapped photo, arrow keys and a swipe move on, Escape closes.
  await gallery.locator('.gallery-item').nth(1).click();
  const box = page.locator('dialog.lightbox[open]');
  await box.waitFor();
  assert.equal(await box.locator('img.pic-img').getAttribute('alt'), alts[1]);
  assert.equal((await box.locator('.lightbox-count').innerText()).trim(), '2 / 5');
  await page.keyboard.press('ArrowRight');
  assert.equal((await box.locator('.lightbox-count').innerText()).trim(), '3 / 5');
  await page.waitForFunction(() => document.querySelector('dialog.lightbox .pic')?.classList.contains('loaded'));
  await shot(page, 'lightbox-360');
  await assertAccessible(page, 'lightbox');
  await page.mouse.move(300, 400);
  await page.mouse.down();
  await page.mouse.move(120, 405, { steps: 4 });
  await page.mouse.up();
  assert.equal((await box.locator('.lightbox-count').innerText()).trim(), '4 / 5');
  assert.equal(await box.locator('img.pic-img').getAttribute('alt'), alts[3]);
  await page.keyboard.press('Escape');
  await page.locator('dialog.lightbox').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('gallery-item')), true, 'focus returns to the tile');

  // The same post on a desktop screen.
  const wide = await browserFor(anna, { width: 1280, height: 900 });
  await wide.page.goto(`${app.base}/p/${state.postId}`);
  await wide.page.locator('.post-full .gallery').waitFor();
  await wide.page.waitForFunction(() => [...document.querySelectorAll('.post-full .gallery .pic')].every((p) => p.classList.contains('loaded')));
  await shot(wide.page, 'post-gallery-1280');
  await wide.page.locator('.post-full .gallery-item').first().click();
  await wide.page.waitForFunction(() => document.querySelector('dialog.lightbox .pic')?.classList.contains('loaded'));
  await shot(wide.page, 'lightbox-1280');
  await wide.page.keyboard.press('Escape');
  await wide.page.goto(`${app.base}/compose?community=bakkerij`);
  await wide.page.locator('[data-testid=media-input]').setInputFiles(photos.slice(0, 3));
  await wide.page.locator('.alt-input').nth(2).waitFor({ timeout: 30000 });
  await wide.page.locator('.alt-input').first().fill('Desembrood met een krokante korst');
  await shot(wide.page, 'composer-uploads-1280');

  for (const p of [who, wide]) {
    assert.deepEqual(p.errors, [], 'no script errors');
    assert.deepEqual(p.foreign, [], 'no requests to other sites');
  }
});

test('profile picture: offered when the server has avatars, initials otherwise', async () => {
  const who = await browserFor(anna, { width: 360 });
  const { page } = who;
  const me = (await anna.get('/api/v1/me')).body;
  await page.goto(`${app.base}/settings`);
  await page.locator('#profile-h').waitFor();
  if (!('avatar_url' in me)) {
    // This branch's server has no avatars yet: no control that would only fail, and initials stay.
    assert.equal(await page.getByText('Profile picture').count(), 0);
    await page.goto(`${app.base}/p/${state.postId}`);
    assert.equal((await page.locator('.post-full .post-head .avatar').innerText()).trim(), 'AV');
    return;
  }
  const [photo] = await drawPhotos(page, 1);
  await page.locator('.image-setting input[type=file]').setInputFiles(photo);
  await page.locator('.image-setting img.image-setting-preview').waitFor();
  // At once in the header (the account menu), then on her posts and her profile.
  const header = page.locator('header img.avatar').first();
  await header.waitFor();
  await page.waitForFunction(() => document.querySelector('header img.avatar')?.naturalWidth > 0);
  await page.goto(`${app.base}/p/${state.postId}`);
  await page.locator('.post-full .post-head img.avatar').waitFor();
  await page.goto(`${app.base}/@anna`);
  const big = page.locator('main img.avatar-xl');
  await big.waitFor();
  await page.waitForFunction(() => document.querySelector('main img.avatar-xl')?.naturalWidth > 0);
  assert.equal(await big.getAttribute('src'), (await anna.get('/api/v1/me')).body.avatar_url);
  await shot(page, 'avatar-profile-360');
  await assertAccessible(page, 'profile with a picture');
});
