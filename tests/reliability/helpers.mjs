// Helpers for the reliability tests: raw sockets (to send exactly the bytes a hostile or broken
// client would), and the server's open file descriptors as the kernel sees them.
import net from 'node:net';
import { readdirSync, readlinkSync } from 'node:fs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Multiplies time bounds on slow builds (make test-sanitize sets KRING_TEST_TIME_FACTOR=4). */
export const TIME_FACTOR = Number(process.env.KRING_TEST_TIME_FACTOR || 1);
export const slack = (ms) => ms * TIME_FACTOR;

/** Counts the server's open descriptors: { total, sockets }. Sockets include the listener. */
export function openFds(pid) {
  let total = 0;
  let sockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try { target = readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }  // closed meanwhile
    total += 1;
    if (target.startsWith('socket:')) sockets += 1;
  }
  return { total, sockets };
}

/** Polls until `fn()` is truthy or `ms` passes; returns the last value. */
export async function waitFor(fn, ms, every = 50) {
  const end = Date.now() + ms;
  let v = fn();
  while (!v && Date.now() < end) {
    await sleep(every);
    v = fn();
  }
  return v;
}

/**
 * Opens a TCP connection, writes `data` (string or Buffer, may be empty), and collects what comes
 * back until the server closes or `timeoutMs` passes. Resolves to
 * { status, headers, body, raw, ms (time to first byte of the answer, or null), closedBy, error }
 * where closedBy is 'server' (EOF/reset from the server) or 'timeout'.
 */
export function rawExchange(port, data, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    let firstByte = null;
    const chunks = [];
    let settled = false;
    const sock = net.connect({ port, host: '127.0.0.1' });
    const finish = (closedBy, error = null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      const m = raw.match(/^HTTP\/1\.[01] (\d{3})/);
      const headEnd = raw.indexOf('\r\n\r\n');
      const headers = {};
      if (headEnd > 0) {
        for (const line of raw.slice(0, headEnd).split('\r\n').slice(1)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
      }
      resolve({ status: m ? Number(m[1]) : null, headers, body: headEnd > 0 ? raw.slice(headEnd + 4) : '', raw,
        ms: firstByte === null ? null : firstByte - t0, closedAfterMs: Date.now() - t0, closedBy, error });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    sock.on('connect', () => { if (data && data.length) sock.write(data); });
    sock.on('data', (d) => { if (firstByte === null) firstByte = Date.now(); chunks.push(d); });
    sock.on('end', () => finish('server'));
    sock.on('error', (e) => finish('server', e.code || String(e)));
    sock.on('close', () => finish('server'));
  });
}

/** Sends one HTTP request on a fresh connection and resolves when the full answer has arrived. */
export function httpGet(port, path, { timeoutMs = 5000, headers = '' } = {}) {
  return rawExchange(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n`, { timeoutMs });
}

/** Milliseconds for an ordinary request through fetch (keep-alive pool), with its status. */
export async function timedFetch(url, init) {
  const t0 = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}
