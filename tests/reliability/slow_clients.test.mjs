// Slow and broken clients: slowloris headers, silent connections, bodies that stop half-way. Each
// is cut off by its deadline, and while they hang on, everyone else is served at normal speed.
// (Clients that never read are in never_reading_client.test.mjs: the write deadline is 30 s.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { openFds, rawExchange, slack, sleep, timedFetch, waitFor } from './helpers.mjs';

const HEADER_MS = 1000;
const BODY_MS = 1000;

/** A slowloris client: a request line, then one header byte every `everyMs`, never finishing. */
function slowloris(port, everyMs = 150) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const sock = net.connect({ port, host: '127.0.0.1' });
    let timer = null;
    let answer = '';
    const done = (how) => { clearInterval(timer); clearTimeout(guard); sock.destroy(); resolve({ how, afterMs: Date.now() - t0, answer }); };
    sock.on('connect', () => {
      sock.write('GET /api/v1/instance HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const header = 'X-Slow: ' + 'a'.repeat(10000);
      let i = 0;
      timer = setInterval(() => { if (!sock.destroyed) sock.write(header[i++ % header.length]); }, everyMs);
    });
    sock.on('data', (d) => { answer += d; });
    sock.on('end', () => done('closed'));
    sock.on('error', () => done('reset'));
    sock.on('close', () => done('closed'));
    const guard = setTimeout(() => done('still-open'), 15000);
  });
}

/** A POST that promises `length` bytes and sends `sent` of them, then goes quiet. */
function halfBody(port, { length = 4000, sent = 100 } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const sock = net.connect({ port, host: '127.0.0.1' });
    let answer = '';
    const done = (how) => { clearTimeout(guard); sock.destroy(); resolve({ how, afterMs: Date.now() - t0, answer }); };
    sock.on('connect', () => {
      sock.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`);
      sock.write('{"handle":"anna","password":"' + 'x'.repeat(sent - 30) + '');
    });
    sock.on('data', (d) => { answer += d; });
    sock.on('end', () => done('closed'));
    sock.on('error', () => done('reset'));
    sock.on('close', () => done('closed'));
    const guard = setTimeout(() => done('still-open'), 15000);
  });
}

async function measureOthers(base, during) {
  const times = [];
  const statuses = new Set();
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await timedFetch(`${base}/api/v1/communities/snel/posts`);
      statuses.add(r.status);
      times.push(r.ms);
      await sleep(20);
    }
  })();
  const result = await during;
  running = false;
  await loop;
  times.sort((a, b) => a - b);
  return { result, statuses: [...statuses], count: times.length, p50: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

test('slowloris, silent and half-body clients are cut off by their deadlines without slowing others', async () => {
  const server = await startServer({ env: {
    KRING_SERVER_HEADER_TIMEOUT_MS: String(HEADER_MS), KRING_SERVER_BODY_TIMEOUT_MS: String(BODY_MS),
    KRING_SERVER_IDLE_TIMEOUT_MS: '2000',
  } });
  const pid = server.process.pid;
  const initial = openFds(pid);
  try {
    const anna = await Client.signUp(server.base, 'anna');
    assert.equal((await anna.post('/api/v1/communities', { slug: 'snel', name: 'Snel' })).status, 201);
    await anna.post('/api/v1/posts', { community: 'snel', title: 'Hallo', body: 'Eerste bericht' });

    // 1. Slowloris: 100 connections trickling header bytes. The header deadline is for the whole
    //    header, so trickling does not extend it.
    const lorises = Promise.all(Array.from({ length: 100 }, () => slowloris(server.port)));
    const seen = await measureOthers(server.base, lorises);
    for (const l of seen.result) {
      assert.notEqual(l.how, 'still-open', 'slowloris connection was never closed');
      assert.ok(l.afterMs < HEADER_MS + slack(2500), `slowloris closed after ${l.afterMs} ms (deadline ${HEADER_MS} ms)`);
      assert.equal(l.answer, '', 'nothing is answered to an unfinished header');
    }
    assert.deepEqual(seen.statuses, [200]);
    assert.ok(seen.count >= 5, `others were served meanwhile (${seen.count} requests)`);
    assert.ok(seen.max < slack(1000), `others stayed fast: p50 ${seen.p50?.toFixed(1)} ms, max ${seen.max?.toFixed(1)} ms`);

    // 2. Connections that send nothing at all get the same deadline.
    const silent = await Promise.all(Array.from({ length: 50 }, () => rawExchange(server.port, '', { timeoutMs: slack(10000) })));
    for (const s of silent) {
      assert.equal(s.closedBy, 'server');
      assert.ok(s.closedAfterMs < HEADER_MS + slack(2500), `silent connection closed after ${s.closedAfterMs} ms`);
    }

    // 3. Bodies that stop half-way: cut after the body deadline, the handler never runs.
    const halves = measureOthers(server.base, Promise.all(Array.from({ length: 50 }, () => halfBody(server.port))));
    const h = await halves;
    for (const x of h.result) {
      assert.notEqual(x.how, 'still-open');
      assert.ok(x.afterMs < BODY_MS + slack(2500), `half body closed after ${x.afterMs} ms (deadline ${BODY_MS} ms)`);
      assert.equal(x.answer, '', 'an incomplete request gets no answer');
    }
    assert.deepEqual(h.statuses, [200]);
    assert.ok(h.max < slack(1000), `others stayed fast: p50 ${h.p50?.toFixed(1)} ms, max ${h.max?.toFixed(1)} ms`);

    // 4. A header that never ends because it is too large is refused with 431, not read forever.
    const big = await rawExchange(server.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`);
    assert.equal(big.status, 431);

    // 5. Everything closed: no socket left open on the server.
    assert.ok(await waitFor(() => openFds(pid).sockets <= initial.sockets, 10000),
      `sockets back to ${initial.sockets}: ${openFds(pid).sockets}`);
    assert.equal(server.process.exitCode, null);
  } finally {
    await server.stop();
  }
});
