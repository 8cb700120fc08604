// Live notifications over the streaming WebSocket: the same payload as GET /notifications,
// delivered as it happens, only to its recipient, and only to authenticated connections.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

let server, anna, joris;
before(async () => {
  server = await startServer();
  anna = await Client.signUp(server.base, 'anna');
  joris = await Client.signUp(server.base, 'joris');
  await anna.post('/api/v1/communities', { slug: 'tuin', name: 'Tuin' });
  await joris.post('/api/v1/communities/tuin/join');
});
after(async () => { await server.stop(); });

function connect(query, headers = {}) {
  const url = `${server.base.replace('http', 'ws')}/api/v1/streaming${query}`;
  const ws = new WebSocket(url, { headers });
  const messages = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString())));
  const opened = new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`status ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
  });
  return { ws, messages, opened };
}

async function until(predicate, ms = 3000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = predicate();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}

test('a reply arrives live with the same payload as the REST list', async () => {
  const a = connect(`?access_token=${anna.token}&stream=user`);
  await a.opened;
  const j = connect('', { authorization: `Bearer ${joris.token}` });
  await j.opened;
  const post = (await anna.post('/api/v1/posts', { community: 'tuin', title: 'Live?', body: 'x' })).body;
  await joris.post(`/api/v1/posts/${post.id}/comments`, { body: 'Ja, live!' });
  const msg = await until(() => a.messages.find((m) => m.event === 'notification'));
  assert.ok(msg, 'a notification arrived');
  const payload = JSON.parse(msg.payload);
  assert.equal(payload.type, 'reply');
  assert.equal(payload.actors[0].username, 'joris');
  const listed = (await anna.get('/api/v1/notifications')).body.find((n) => n.id === payload.id);
  assert.deepEqual(payload, listed);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(j.messages.length, 0, 'nothing for someone else');
  a.ws.close();
  j.ws.close();
});

test('unauthenticated and cross-site connections are refused', async () => {
  await assert.rejects(connect('').opened, (e) => e.status === 401);
  await assert.rejects(connect('?access_token=nope').opened, (e) => e.status === 401);
  // A browser session cookie from another site's page must not open a stream (CSWSH).
  const login = await fetch(`${server.base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: server.base },
    body: JSON.stringify({ handle: 'joris', password: joris.password }),
  });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  await assert.rejects(connect('', { cookie, origin: 'https://evil.example' }).opened, (e) => e.status === 403);
  const ok = connect('', { cookie, origin: server.base });
  await ok.opened;
  ok.ws.close();
});
