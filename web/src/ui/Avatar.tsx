// The account's picture when it has one (`avatar_url`), else initials on a colour picked from the
// handle: a face-like marker still helps people recognise each other in a thread. Servers without
// avatars send no avatar_url at all, which reads as "no picture".
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

const PX = { sm: 32, md: 42, lg: 56, xl: 76 };

export function Avatar({ account, size = 'md' }: { account: Pick<Account, 'username' | 'display_name' | 'avatar_url'> | null; size?: 'sm' | 'md' | 'lg' | 'xl' }) {
  const name = account ? account.display_name || account.username : '?';
  const hue = account ? hueFor(account.username) : 0;
  if (account?.avatar_url) {
    return <img class={`avatar avatar-img avatar-${size}`} src={account.avatar_url} alt="" width={PX[size]} height={PX[size]} loading="lazy" decoding="async" />;
  }
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
