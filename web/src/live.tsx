// Live notifications: one WebSocket per signed-in tab (/api/v1/streaming, authenticated by the
// session cookie; the browser sends the Origin the server checks). It keeps the unread count in
// the navigation current and hands each new notification to whoever listens (the notifications
// screen). The socket reconnects with exponential backoff and jitter; while it is down the unread
// count is polled every 60 s instead, so the badge is never more than a minute behind.
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api';
import { useSession } from './session';
import type { Notification } from './types';

export type LiveState = 'off' | 'connecting' | 'live' | 'polling';

interface Live {
  unread: number;
  state: LiveState;
  /** Re-reads the unread count from the server (after marking things read). */
  refresh: () => void;
  setUnread: (n: number | ((old: number) => number)) => void;
  /** Called with each notification as it arrives; also with null after a reconnect (reload the list). */
  subscribe: (fn: (n: Notification | null) => void) => () => void;
}

const Ctx = createContext<Live>({ unread: 0, state: 'off', refresh: () => {}, setUnread: () => {}, subscribe: () => () => {} });

const POLL_MS = 60_000;
const MAX_BACKOFF_MS = 60_000;
/** After this many failed attempts in a row, poll the count until the socket is back. */
const POLL_AFTER_FAILURES = 2;
/** A connection that lasted this long was a real one: reconnect quickly after it drops. */
const STABLE_MS = 10_000;

export function streamingUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/streaming`;
}

/** Parses one streaming message; returns the notification it carries, if any. */
export function parseMessage(data: unknown): Notification | null {
  if (typeof data !== 'string') return null;
  try {
    const msg = JSON.parse(data) as { event?: string; payload?: unknown };
    if (msg.event !== 'notification') return null;
    const payload = typeof msg.payload === 'string' ? JSON.parse(msg.payload) : msg.payload;
    return payload && typeof payload === 'object' && typeof (payload as Notification).id === 'string' ? (payload as Notification) : null;
  } catch {
    return null;
  }
}

export function LiveProvider({ children }: { children: ComponentChildren }) {
  const { me, has } = useSession();
  const enabled = !!me && me.status !== 'pending' && has('notifications');
  const [unread, setUnread] = useState(0);
  const [state, setState] = useState<LiveState>('off');
  const listeners = useRef(new Set<(n: Notification | null) => void>());

  const refresh = useCallback(() => {
    api
      .get<{ count: number }>('/notifications/unread_count')
      .then((r) => setUnread(r.count))
      .catch(() => {
        /* keep the last known count */
      });
  }, []);

  useEffect(() => {
    if (!enabled) {
      setUnread(0);
      setState('off');
      return;
    }
    let stopped = false;
    let ws: WebSocket | null = null;
    let failures = 0;
    let everOpened = false;
    let retryTimer = 0;
    let stableTimer = 0;
    let pollTimer = 0;
    let refreshTimer = 0;

    const startPolling = () => {
      if (pollTimer) return;
      setState('polling');
      pollTimer = window.setInterval(refresh, POLL_MS);
    };
    const stopPolling = () => {
      if (pollTimer) window.clearInterval(pollTimer);
      pollTimer = 0;
    };
    // A burst of reactions should cost one count request, not one each.
    const refreshSoon = () => {
      window.clearTimeout(refreshTimer);
      refreshTimer = window.setTimeout(refresh, 150);
    };

    const connect = () => {
      if (stopped) return;
      if (!pollTimer) setState('connecting');
      let openedAt = 0;
      try {
        ws = new WebSocket(streamingUrl());
      } catch {
        return scheduleRetry();
      }
      ws.onopen = () => {
        openedAt = Date.now();
        const wasDown = everOpened || failures > 0 || !!pollTimer;
        everOpened = true;
        if (!pollTimer) setState('live');
        // Trust it once it has stayed up a while: then stop polling and forget the failures.
        window.clearTimeout(stableTimer);
        stableTimer = window.setTimeout(() => {
          failures = 0;
          stopPolling();
          setState('live');
        }, STABLE_MS);
        // Whatever arrived while we were away: count again, and let an open list reload.
        if (wasDown) {
          refresh();
          listeners.current.forEach((l) => l(null));
        }
      };
      ws.onmessage = (e) => {
        const n = parseMessage(e.data);
        if (!n) return;
        listeners.current.forEach((l) => l(n));
        // Grouped kinds update an unread row in place, so ask rather than count.
        if (!n.read) refreshSoon();
      };
      ws.onclose = () => {
        ws = null;
        window.clearTimeout(stableTimer);
        if (stopped) return;
        // A connection that drops right after opening (a proxy that does not pass WebSockets on,
        // a server restarting) counts as a failure too, so a flapping socket backs off and the
        // count is polled instead of reconnecting every second.
        if (!openedAt || Date.now() - openedAt < STABLE_MS) failures++;
        else failures = 1;
        if (failures >= POLL_AFTER_FAILURES) refresh();
        scheduleRetry();
      };
      ws.onerror = () => {
        /* onclose follows */
      };
    };

    const scheduleRetry = () => {
      if (stopped) return;
      if (failures >= POLL_AFTER_FAILURES) startPolling();
      else setState('connecting');
      const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1));
      retryTimer = window.setTimeout(connect, base / 2 + Math.random() * (base / 2));
    };

    // Back on the page after the phone slept: count again, and reconnect now rather than later.
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      refresh();
      if (!ws && !stopped) {
        window.clearTimeout(retryTimer);
        connect();
      }
    };

    refresh();
    connect();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisible);
      window.clearTimeout(retryTimer);
      window.clearTimeout(refreshTimer);
      window.clearTimeout(stableTimer);
      stopPolling();
      if (ws) {
        ws.onclose = null;
        ws.close();
      }
    };
  }, [enabled, me?.id]);

  const live: Live = {
    unread,
    state,
    refresh,
    setUnread,
    subscribe: (fn) => {
      listeners.current.add(fn);
      return () => void listeners.current.delete(fn);
    },
  };
  return <Ctx.Provider value={live}>{children}</Ctx.Provider>;
}

export function useLive(): Live {
  return useContext(Ctx);
}
