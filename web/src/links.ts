// Outbound link clicks: links in a post that leave this site are sent through the server's
// counting redirect `/r/{post_id}?u=<link>` (notes/insights-contract.md §5). The server only
// redirects to a link that stands in that post, so we rewrite exactly the links it will accept
// (the same rule as src/core/insights_links.cpp) and leave every other link as it is. Servers
// without the redirect are detected once per browser session and keep plain links.
import { useEffect, useState } from 'preact/hooks';
import { enc } from './api';

export const LINK_REL = 'nofollow ugc noopener';
const STORE_KEY = 'kring.linkClicks';
const PROBE_URL = 'https://probe.invalid/';

let support: Promise<boolean> | null = null;

function stored(): boolean | null {
  try {
    const v = sessionStorage.getItem(STORE_KEY);
    return v === null ? null : v === '1';
  } catch {
    return null;
  }
}

/**
 * Whether this server has the counting redirect. Asks once, with a link that is certainly not in
 * `postId` (a readable post): a server with the route answers 404 `link_not_in_post`; any other
 * answer means "no", and nothing is counted by asking.
 */
export function linkClicksSupported(postId: string): Promise<boolean> {
  const known = stored();
  if (known !== null) return Promise.resolve(known);
  if (support) return support;
  support = fetch(`/r/${enc(postId)}?u=${enc(PROBE_URL)}`, {
    redirect: 'manual',
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  })
    .then(async (r) => {
      let code = '';
      try {
        code = (await r.json()).error || '';
      } catch {
        /* an HTML page: no such route */
      }
      const yes = code === 'link_not_in_post';
      // A plain `not_found` may mean the post is gone; ask again with the next post then.
      if (yes || code !== 'not_found') {
        try {
          sessionStorage.setItem(STORE_KEY, yes ? '1' : '0');
        } catch {
          /* private mode: ask again next page load */
        }
      } else support = null;
      return yes;
    })
    .catch(() => {
      support = null;
      return false;
    });
  return support;
}

function opensLink(c: string): boolean {
  return /\s/.test(c) || '(<["\''.includes(c);
}

function endsLink(rest: string): boolean {
  if (rest === '') return true;
  const c = rest[0];
  if (/\s/.test(c) || ')>]"\''.includes(c)) return true;
  if ('.,;:!?'.includes(c)) return endsLink(rest.slice(1));
  return false;
}

/** The server's rule: the post's own link, or the URL standing on its own in the Markdown body. */
export function linkAppearsInPost(url: string, postUrl: string | null | undefined, body: string): boolean {
  if (!url || url.length > 2048 || !/^https?:\/\//i.test(url)) return false;
  if (/[\x00-\x20\x7f\\]/.test(url)) return false;
  if (url === postUrl) return true;
  for (let at = body.indexOf(url); at !== -1; at = body.indexOf(url, at + 1)) {
    if ((at === 0 || opensLink(body[at - 1])) && endsLink(body.slice(at + url.length))) return true;
  }
  return false;
}

interface LinkPost {
  id: string;
  url?: string | null;
  body: string;
}

/** The counted address for `href` in `post`, or null to keep the link as it is (internal, mailto, …). */
export function countedHref(post: LinkPost, href: string): string | null {
  let target: URL;
  try {
    target = new URL(href);
  } catch {
    return null;
  }
  if (target.origin === location.origin) return null;
  if (!linkAppearsInPost(href, post.url, post.body)) return null;
  return `/r/${enc(post.id)}?u=${enc(href)}`;
}

/** The post's HTML with its outbound links pointing at the counting redirect. */
export function countLinksInHtml(post: LinkPost, html: string): string {
  const tpl = document.createElement('template'); // inert: nothing loads or runs while we edit
  tpl.innerHTML = html;
  let changed = false;
  for (const a of Array.from(tpl.content.querySelectorAll('a[href]'))) {
    const counted = countedHref(post, a.getAttribute('href') || '');
    if (!counted) continue;
    a.setAttribute('href', counted);
    a.setAttribute('rel', LINK_REL);
    changed = true;
  }
  return changed ? tpl.innerHTML : html;
}

/** True once we know the server counts clicks; only asks when the post has a link to count. */
export function useLinkClicks(post: LinkPost & { deleted?: boolean }): boolean {
  const candidate = !post.deleted && (!!post.url || /https?:\/\//i.test(post.body || ''));
  const [yes, setYes] = useState(() => candidate && stored() === true);
  useEffect(() => {
    if (!candidate || yes) return;
    let live = true;
    linkClicksSupported(post.id).then((v) => live && v && setYes(true));
    return () => {
      live = false;
    };
  }, [post.id, candidate]);
  return candidate && yes;
}
