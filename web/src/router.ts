// A small history router. Links are plain <a href> everywhere (including inside the server's
// body_html, e.g. /tags/desem and /@anna); one document-level click handler turns same-origin
// link clicks into client-side navigation.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  name: string;
  params: Record<string, string>;
}

const ROUTES: [string, RegExp][] = [
  ['home', /^\/$/],
  ['about', /^\/about$/],
  ['login', /^\/login$/],
  ['signup', /^\/signup$/],
  ['directory', /^\/communities$/],
  ['newCommunity', /^\/communities\/new$/],
  ['community', /^\/c\/(?<slug>[a-z0-9-]+)(?:\/(?<tab>about|members|requests|settings|log|insights))?$/],
  ['post', /^\/p\/(?<id>\d+)$/],
  ['postInsights', /^\/p\/(?<id>\d+)\/insights$/],
  ['privacy', /^\/privacy$/],
  ['myInsights', /^\/insights$/],
  ['compose', /^\/compose$/],
  ['profile', /^\/@(?<handle>[^/]+)$/],
  ['tag', /^\/tags\/(?<tag>[^/]+)$/],
  ['search', /^\/search$/],
  ['settings', /^\/settings$/],
  ['admin', /^\/admin$/],
  ['notifications', /^\/notifications$/],
  ['moderationHub', /^\/moderation$/],
  ['moderation', /^\/moderation\/(?<scope>[a-z0-9-]+)(?:\/(?<tab>appeals|log))?$/],
  ['decision', /^\/decisions\/(?<id>\d+)$/],
];

export function matchRoute(path: string): Route {
  for (const [name, re] of ROUTES) {
    const m = path.match(re);
    if (m) {
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups || {})) if (v !== undefined) params[k] = safeDecode(v);
      return { name, params };
    }
  }
  return { name: 'notFound', params: {} };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

export function navigate(to: string, { replace = false } = {}) {
  const url = new URL(to, location.href);
  const same = url.pathname + url.search === location.pathname + location.search;
  if (replace || same) history.replaceState(null, '', url.pathname + url.search + url.hash);
  else history.pushState(null, '', url.pathname + url.search + url.hash);
  if (!url.hash) window.scrollTo(0, 0);
  notify();
}

export function useLocation() {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return { path: location.pathname, search: location.search };
}

export function useQuery(): URLSearchParams {
  useLocation();
  return new URLSearchParams(location.search);
}

export function installRouter() {
  window.addEventListener('popstate', notify);
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || !a.href || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href);
    // The API and the outbound-link redirect (/r/{post}?u=…) are the server's, not screens.
    if (url.origin !== location.origin || /^\/(api|r)\//.test(url.pathname)) return;
    // In-page anchors (the skip link, settings sections) keep the browser's own behaviour.
    if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
    e.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}
