// Where #hashtag and @mention suggestions come from: real data the API already offers (members
// of the community, tags of its recent posts and of the home feed). A dedicated suggestion
// endpoint on the server would make this better; the composer would not change.
import { api, enc } from '../api';
import type { Account, Member, Post } from '../types';
import type { Suggestion } from './AutoText';

const memo = new Map<string, Promise<Suggestion[]>>();

function once(key: string, load: () => Promise<Suggestion[]>): Promise<Suggestion[]> {
  if (!memo.has(key)) memo.set(key, load().catch(() => (memo.delete(key), [])));
  return memo.get(key)!;
}

function people(list: Account[]): Suggestion[] {
  const seen = new Set<string>();
  const out: Suggestion[] = [];
  for (const a of list) {
    if (seen.has(a.username)) continue;
    seen.add(a.username);
    out.push({ insert: a.username, label: a.display_name || a.username, detail: a.display_name || undefined });
  }
  return out;
}

function tagsOf(posts: Post[]): Suggestion[] {
  const counts = new Map<string, { name: string; n: number }>();
  for (const p of posts)
    for (const h of p.hashtags) {
      const e = counts.get(h.key) || { name: h.name, n: 0 };
      e.n++;
      counts.set(h.key, e);
    }
  return [...counts.values()].sort((a, b) => b.n - a.n).map((e) => ({ insert: e.name, label: e.name }));
}

/** People to @mention: those in the thread, then the community's members (or, on a profile
 * post, the people you follow). */
export function mentionSource(slug: string | null, extra: Account[] = [], meId?: string): () => Promise<Suggestion[]> {
  return async () => {
    const members = slug
      ? await once(`m:${slug}`, async () => people(await api.get<Member[]>(`/communities/${enc(slug)}/members?limit=80`)))
      : meId
        ? await once(`f:${meId}`, async () => people(await api.get<Account[]>(`/accounts/${meId}/following?limit=80`)))
        : [];
    return [...people(extra), ...members.filter((m) => !extra.some((e) => e.username === m.insert))];
  };
}

export function tagSource(slug: string | null, extra: Post[] = []): () => Promise<Suggestion[]> {
  return async () => {
    const fromCommunity = slug
      ? await once(`t:${slug}`, async () => tagsOf(await api.get<Post[]>(`/communities/${enc(slug)}/posts?sort=new&limit=40`)))
      : [];
    const fromHome = await once('t:home', async () => tagsOf(await api.get<Post[]>('/feeds/home?limit=40')));
    const all = [...tagsOf(extra), ...fromCommunity, ...fromHome];
    const seen = new Set<string>();
    return all.filter((s) => !seen.has(s.insert.toLowerCase()) && (seen.add(s.insert.toLowerCase()), true));
  };
}
