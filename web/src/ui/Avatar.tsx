// Initials on a colour picked from the handle: accounts have no pictures yet, and a face-like
// marker still helps people recognise each other in a thread.
import type { Account } from '../types';

const HUES = [14, 32, 145, 170, 200, 260, 330, 90];

export function hueFor(seed: string): number {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  return HUES[h % HUES.length];
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...words[0]][0] || '';
  const last = words.length > 1 ? [...words[words.length - 1]][0] || '' : '';
  return (first + last).toUpperCase();
}

export function Avatar({ account, size = 'md' }: { account: Pick<Account, 'username' | 'display_name'> | null; size?: 'sm' | 'md' | 'lg' | 'xl' }) {
  const name = account ? account.display_name || account.username : '?';
  const hue = account ? hueFor(account.username) : 0;
  return (
    <span class={`avatar avatar-${size} hue-${hue}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

/** A community's badge: first letters on its colour. */
export function CommunityBadge({ name, slug, size = 'md' }: { name: string; slug: string; size?: 'sm' | 'md' | 'lg' | 'xl' }) {
  return (
    <span class={`avatar avatar-square avatar-${size} hue-${hueFor(slug)}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
