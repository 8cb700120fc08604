// A client that asks for a lot and never reads the answers: its connection stalls on a full socket
// buffer. That must cost the server one idle coroutine, not a thread: everyone else is served at
// normal speed, and the write deadline (30 s, server.write_timeout_ms in net/) closes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { openFds, slack, sleep, timedFetch, waitFor } from './helpers.mjs';

const WRITE_TIMEOUT_MS = 30000;  // HttpServerOptions::write_timeout_ms (not configurable yet)

test('clients that never read are closed by the write deadline and block nobody', { timeout: 90000 * Number(process.env.KRING_TEST_TIME_FACTOR || 1) }, async () => {
  const server = await startServer();
  const pid = server.process.pid;
  const initial = openFds(pid);
  try {
    const anna = await Client.signUp(server.base, 'anna');
    assert.equal((await anna.post('/api/v1/communities', { slug: 'groot', name: 'Groot' })).status, 201);
    // Twenty long posts make a feed page of about 1.5 MB.
    const long = ('Een lange zin over de moestuin en de tomaten, om de pagina groot te maken. '.repeat(250)).slice(0, 19000);
    for (let i = 0; i < 20; i++)
      assert.equal((await anna.post('/api/v1/posts', { community: 'groot', title: `Lang ${i}`, body: long })).status, 201);
    const page = await fetch(`${server.base}/api/v1/communities/groot/posts`);
    const pageBytes = (await page.arrayBuffer()).byteLength;
    assert.ok(pageBytes > 500000, `a big page (${pageBytes} bytes)`);

    // Four clients pipeline 40 requests each for it (far more than socket buffers hold) and never read.
    const stalled = [];
    for (let i = 0; i < 4; i++) {
      const sock = net.connect({ port: server.port, host: '127.0.0.1' });
      await new Promise((r) => sock.once('connect', r));
      sock.pause();  // never read
      sock.on('error', () => {});
      sock.write('GET /api/v1/communities/groot/posts HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(40));
      stalled.push(sock);
    }
    await sleep(1500);
    assert.ok(openFds(pid).sockets >= initial.sockets + 4, 'the stalled connections are open');

    // Everyone else is served meanwhile, at normal speed.
    const times = [];
    const t0 = Date.now();
    while (Date.now() - t0 < 5000) {
      const r = await timedFetch(`${server.base}/api/v1/communities/groot/posts?limit=2`);
      assert.equal(r.status, 200);
      times.push(r.ms);
    }
    times.sort((a, b) => a - b);
    assert.ok(times[times.length - 1] < slack(1000), `others stay fast while 4 clients stall: p50 ${times[times.length >> 1].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);

    // The write deadline closes the stalled connections (the client never read a byte).
    const closed = await waitFor(() => openFds(pid).sockets <= initial.sockets, WRITE_TIMEOUT_MS + 20000, 250);
    assert.ok(closed, `stalled connections closed by the write deadline: sockets ${openFds(pid).sockets}, listener-only ${initial.sockets}`);
    for (const s of stalled) s.destroy();
    assert.equal((await timedFetch(`${server.base}/healthz`)).status, 200);
  } finally {
    await server.stop();
  }
});
