// Abuse resistance against the real server: token buckets per IP and per account answer 429 with
// Retry-After and recover; one client's limit leaves others alone; failed log-ins lock a handle
// with a growing delay while other people log in normally. Limits are switched on and set low
// through the environment (other tests run with them off), and windows are a second or two.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Server "proxied": behind a trusted proxy on 127.0.0.1, so X-Forwarded-For names the client and
// the test can speak as several IPs. Anonymous limits only.
// Server "accounts": per-IP buckets off, small per-account read budget and the log-in back-off.
let proxied, accounts, people;

before(async () => {
  [proxied, accounts] = await Promise.all([
    startServer({
      env: {
        KRING_LIMITS_ENABLED: 'true',
        KRING_SERVER_TRUSTED_PROXY: '127.0.0.1',
        KRING_LIMITS_READ_IP_PER_MINUTE: '60', // one a second
        KRING_LIMITS_READ_IP_BURST: '2',
        KRING_LIMITS_WRITE_IP_PER_MINUTE: '60',
        KRING_LIMITS_WRITE_IP_BURST: '1',
        KRING_LIMITS_SIGNUP_IP_PER_HOUR: '360', // one per 10 s: password hashing takes time too
        KRING_LIMITS_SIGNUP_IP_BURST: '2',
      },
    }),
    startServer({
      env: {
        KRING_LIMITS_ENABLED: 'true',
        KRING_LIMITS_READ_IP_PER_MINUTE: '0',
        KRING_LIMITS_WRITE_IP_PER_MINUTE: '0',
        KRING_LIMITS_SIGNUP_IP_PER_HOUR: '0',
        KRING_LIMITS_LOGIN_IP_PER_MINUTE: '0',
        KRING_LIMITS_READ_ACCOUNT_PER_MINUTE: '60',
        KRING_LIMITS_READ_ACCOUNT_BURST: '3',
        KRING_LIMITS_LOGIN_FAILURES_PER_HANDLE: '3',
        KRING_LIMITS_LOGIN_FAILURES_PER_IP: '50',
        KRING_LIMITS_LOGIN_FAILURE_WINDOW_SECONDS: '10',
        KRING_LIMITS_LOGIN_LOCKOUT_SECONDS: '1',
        KRING_LIMITS_LOGIN_LOCKOUT_MAX_SECONDS: '4',
      },
    }),
  ]);
  // Signed up here so password hashing overlaps with the first tests; awaited where needed.
  people = Promise.all(['anna', 'bert'].map((h) => Client.signUp(accounts.base, h)));
  people.catch(() => {});
});
after(async () => { await Promise.all([proxied?.stop(), accounts?.stop()]); });

function as(ip) {
  return { headers: { 'x-forwarded-for': ip } };
}

function assertLimited(res, maxSeconds, what) {
  assert.equal(res.status, 429, `${what}: ${JSON.stringify(res.body)}`);
  assert.equal(res.body.error, 'rate_limited');
  assert.match(res.body.message, /try again in \d+ seconds?\./);
  const retry = res.headers.get('retry-after');
  assert.match(retry ?? '', /^\d+$/, 'Retry-After is whole seconds');
  assert.ok(Number(retry) >= 1 && Number(retry) <= maxSeconds, `Retry-After ${retry} within 1..${maxSeconds}`);
  return Number(retry);
}

// The two servers' scenarios run side by side (each in order) to keep the waits short.
describe('rate limits', { concurrency: 2 }, () => {
  describe('anonymous clients, behind a trusted proxy', { concurrency: 1 }, () => {
    test('anonymous reads are limited per client IP, answer 429 with Retry-After, and recover', async () => {
      const anon = new Client(proxied.base);
      const path = '/api/v1/communities';
      assert.equal((await anon.get(path, as('198.51.100.7'))).status, 200);
      assert.equal((await anon.get(path, as('198.51.100.7'))).status, 200);
      const limited = await anon.get(path, as('198.51.100.7'));
      const retry = assertLimited(limited, 1, 'third read in the burst of two');
      // Other clients are unaffected; a forged earlier X-Forwarded-For entry changes nothing.
      assert.equal((await anon.get(path, as('198.51.100.8'))).status, 200);
      assert.equal((await anon.get(path, as('198.51.100.9, 198.51.100.7'))).status, 429);
      assert.equal((await anon.get(path, as('198.51.100.7, 198.51.100.9'))).status, 200);
      // Liveness probes are never limited.
      for (let i = 0; i < 10; i++) assert.equal((await anon.get('/healthz', as('198.51.100.7'))).status, 200);
      await sleep(retry * 1000 + 50);
      assert.equal((await anon.get(path, as('198.51.100.7'))).status, 200, 'recovered after Retry-After');
    });

    test('sign-ups and anonymous writes have their own per-IP budgets', async () => {
      const anon = new Client(proxied.base);
      const reg = (handle, ip) => anon.post('/api/v1/auth/register', { handle, password: `pw-${handle}-long-enough` }, as(ip));
      assert.equal((await reg('eerste', '203.0.113.1')).status, 201);
      assert.equal((await reg('tweede', '203.0.113.1')).status, 201);
      const limited = await reg('derde', '203.0.113.1');
      assertLimited(limited, 10, 'third sign-up');
      assert.equal((await reg('vierde', '203.0.113.2')).status, 201, 'another IP may still sign up');
      // The refused sign-up created nothing.
      assert.equal((await anon.get('/api/v1/accounts/lookup?acct=derde', as('203.0.113.3'))).status, 404);
      assert.equal((await anon.get('/api/v1/accounts/lookup?acct=eerste', as('203.0.113.3'))).status, 200);
      // Anonymous writes: a burst of one, separate from reads and sign-ups.
      assert.equal((await anon.post('/api/v1/communities', { slug: 'x', name: 'X' }, as('203.0.113.4'))).status, 401);
      assertLimited(await anon.post('/api/v1/communities', { slug: 'x', name: 'X' }, as('203.0.113.4')), 1, 'second anonymous write');
      assert.equal((await anon.get('/api/v1/communities', as('203.0.113.4'))).status, 200);
    });
  });

  describe('signed-in people and log-ins', { concurrency: 1 }, () => {
    test('signed-in reads are limited per account: another account on the same IP is unaffected', async () => {
      const [anna, bert] = await people;
      for (let i = 0; i < 3; i++) assert.equal((await anna.get('/api/v1/me')).status, 200);
      const retry = assertLimited(await anna.get('/api/v1/me'), 1, "anna's fourth read");
      assert.equal((await bert.get('/api/v1/me')).status, 200, 'bert has his own budget');
      assert.equal((await new Client(accounts.base).get('/api/v1/communities')).status, 200, 'per-IP limit is off here');
      await sleep(retry * 1000 + 50);
      assert.equal((await anna.get('/api/v1/me')).status, 200, 'recovered');
    });

    test('failed log-ins lock that handle with a growing delay; others log in; success resets', async () => {
      const [anna, bert] = await people;
      const anon = new Client(accounts.base);
      const login = (handle, password) => anon.post('/api/v1/auth/login', { handle, password, type: 'bearer' });
      const failThrice = async (handle) => {
        for (let i = 0; i < 3; i++) {
          const r = await login(handle, `wrong-password-${i}`);
          assert.equal(r.status, 401, `failure ${i + 1} is checked normally`);
          assert.equal(r.body.error, 'invalid_credentials');
        }
      };
      // Two handles side by side (the waits overlap): anna recovers and is reset by her password;
      // "nobody" (no such account: guesses at it count just the same) keeps failing and waits longer.
      await Promise.all([
        (async () => {
          await failThrice('anna');
          // Locked: even the right password waits (a guess must learn nothing), under any spelling.
          const retry = assertLimited(await login('anna', anna.password), 1, 'anna after three failures');
          assertLimited(await login('@Anna', 'another-guess'), 1, 'same handle, other spelling');
          // Someone else on the same IP logs in at once.
          const ok = await login('bert', bert.password);
          assert.equal(ok.status, 200, 'bert is not slowed');
          assert.ok(ok.body.token);
          await sleep(retry * 1000 + 50);
          const back = await login('anna', anna.password);
          assert.equal(back.status, 200, `anna recovered: ${JSON.stringify(back.body)}`);
          // Her success cleared the count: two more failures are checked normally, not refused.
          for (let i = 0; i < 2; i++) assert.equal((await login('anna', 'wrong-again')).status, 401, 'counting starts over');
        })(),
        (async () => {
          await failThrice('nobody');
          const first = assertLimited(await login('nobody', 'guess'), 1, 'nobody after three failures');
          await sleep(first * 1000 + 50);
          assert.equal((await login('nobody', 'one-more-guess')).status, 401);
          assert.equal(assertLimited(await login('nobody', 'guess'), 2, 'second lock'), 2, 'the delay doubled');
        })(),
      ]);
    });
  });
});
