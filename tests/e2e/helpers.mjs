// Shared helpers for the browser tests: a real `kring serve` on port 0 serving web/dist, Debian's
// Chromium through playwright-core, screenshots into tests/e2e/artifacts/, axe-core checks, and a
// guard that the page never talks to any origin but the instance itself.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { startServer, repoRoot, kringBinary } from '../lib/server.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifacts = path.join(here, 'artifacts');
export const webDist = path.join(repoRoot, 'web', 'dist');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Starts a server serving the built app, and Chromium. Each test file names its screenshots with
 * its own `prefix` ('' for the main story: 01-landing.png; 'mod-' for the moderation story), and
 * only its own old screenshots are cleared, so the files can run one after another.
 */
export async function startApp({ prefix = '' } = {}) {
  if (!existsSync(path.join(webDist, 'index.html'))) throw new Error(`web app not built at ${webDist}; run make (or npm run build in web/)`);
  mkdirSync(artifacts, { recursive: true });
  shotPrefix = prefix;
  const mine = new RegExp(`^${prefix.replace(/[^a-z0-9-]/g, '')}\\d{2}-.*\\.png$`);
  for (const f of readdirSync(artifacts)) if (mine.test(f)) rmSync(path.join(artifacts, f), { force: true });
  const server = await startWithRetry();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return { server, browser, base: server.base };
}

/**
 * A browser context for one person. Records every request the page makes that does not go to
 * the instance (`foreign`), and every uncaught page error (`errors`).
 */
export async function person(browser, base, { locale = 'en-US', width = 360, height = 780, dark = false, timezoneId = 'Europe/Amsterdam' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, timezoneId, colorScheme: dark ? 'dark' : 'light', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const origin = new URL(base).origin;
  const who = { context, page, foreign: [], errors: [], requests: 0 };
  page.on('request', (r) => {
    who.requests++;
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) who.foreign.push(url);
  });
  page.on('pageerror', (e) => who.errors.push(e.message));
  page.setDefaultTimeout(10000);
  return who;
}

// `build/kring` is rebuilt by others from time to time. While the linker writes it, spawning it
// fails with ETXTBSY or EACCES, reported as an 'error' event on the child that tests/lib/server.mjs
// does not listen for (an uncaught exception, after a 15 s wait). So spawns of the binary get an
// 'error' listener here (server.mjs's `spawn` binding follows through syncBuiltinESMExports), and a
// failed start is tried again once the binary runs.
const SPAWN_RACE = new Set(['ETXTBSY', 'EACCES', 'ENOENT']);
let onKringSpawnError = null;
{
  const cp = require('node:child_process');
  const realSpawn = cp.spawn;
  cp.spawn = function spawn(file, ...rest) {
    const child = realSpawn.call(this, file, ...rest);
    if (file === kringBinary) child.on('error', (e) => onKringSpawnError?.(e));
    return child;
  };
  syncBuiltinESMExports();
}

/** Starts `kring serve` on the built app (cookies without Secure), retrying while the binary is rebuilt. */
export async function startWithRetry() {
  for (let attempt = 1; ; attempt++) {
    const probe = spawnSync(kringBinary, ['--version'], { encoding: 'utf8', timeout: 10000 });
    if (probe.error && SPAWN_RACE.has(probe.error.code) && attempt < 15) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    const spawnFailed = new Promise((_, reject) => { onKringSpawnError = reject; });
    const starting = startServer({ env: { KRING_SERVER_COOKIE_SECURE: 'false', KRING_WEB_ROOT: webDist } });
    starting.catch(() => {}); // awaited below, or abandoned after a spawn error
    try {
      return await Promise.race([starting, spawnFailed]);
    } catch (e) {
      if (attempt >= 5 || !(SPAWN_RACE.has(e?.code) || /did not start|server exited/.test(String(e?.message)))) throw e;
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    } finally {
      onKringSpawnError = null;
    }
  }
}

let shotNo = 0;
let shotPrefix = '';
export async function shot(page, name) {
  shotNo++;
  const file = path.join(artifacts, `${shotPrefix}${String(shotNo).padStart(2, '0')}-${name}.png`);
  // Grow the viewport to the whole page so fixed bars (the phone tab bar) sit at the bottom
  // instead of over the middle of a stitched full-page image.
  const size = page.viewportSize();
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  if (size && height > size.height) await page.setViewportSize({ width: size.width, height: Math.min(height, 6000) });
  await page.screenshot({ path: file });
  if (size && height > size.height) await page.setViewportSize(size);
  return file;
}

/** Runs axe-core on the page; returns serious and critical violations (empty when clean). */
export async function axe(page) {
  // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not apply.
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Presses Tab until the focused element matches `selector` (keyboard-only navigation). */
export async function tabTo(page, selector, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}
