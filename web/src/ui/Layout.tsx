// The app shell: a skip link, the header with navigation and account menu, a bottom tab bar on
// phones, the main region (focused after each navigation) and a footer with the language switch.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { api } from '../api';
import { useResource } from '../hooks';
import { formatNumber, LOCALES, t, type MessageKey } from '../i18n';
import { useLive } from '../live';
import { navigate } from '../router';
import { useSession } from '../session';
import type { Community, Self } from '../types';
import { Avatar } from './Avatar';
import { Icon, type IconName } from './Icon';

interface NavItem {
  href: string;
  label: MessageKey;
  icon: IconName;
  match: (path: string) => boolean;
  /** Shown only when the server announces this capability in /api/v1/instance `features`. */
  feature?: string;
  auth?: boolean;
  /** Only for people who moderate something (a community, or the server as staff). */
  moderators?: boolean;
}

const NAV: NavItem[] = [
  { href: '/', label: 'nav_home', icon: 'home', match: (p) => p === '/', auth: true },
  { href: '/communities', label: 'nav_communities', icon: 'compass', match: (p) => p.startsWith('/communities') || p.startsWith('/c/') },
  { href: '/search', label: 'nav_search', icon: 'search', match: (p) => p.startsWith('/search') },
  { href: '/notifications', label: 'nav_notifications', icon: 'bell', match: (p) => p.startsWith('/notifications'), feature: 'notifications', auth: true },
  { href: '/moderation', label: 'nav_moderation', icon: 'shield', match: (p) => p.startsWith('/moderation'), feature: 'moderation', auth: true, moderators: true },
];

export function Layout({ path, children }: { path: string; children: ComponentChildren }) {
  const session = useSession();
  const { me, instance } = session;
  const menu = useRef<HTMLDetailsElement>(null);
  const live = useLive();
  const moderates = useModerates();
  const items = NAV.filter((n) => (!n.auth || me) && (!n.feature || session.has(n.feature)) && (!n.moderators || moderates));
  const badge = (n: NavItem) => (n.href === '/notifications' ? <UnreadBadge count={live.unread} /> : null);
  const badgeText = (n: NavItem) => (n.href === '/notifications' ? <UnreadText count={live.unread} /> : null);

  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [path]);
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (menu.current?.open && !menu.current.contains(e.target as Node)) menu.current.open = false;
    };
    const esc = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && menu.current?.open) {
        menu.current.open = false;
        menu.current.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', esc);
    };
  }, []);

  async function changeLanguage(l: string) {
    if (me) {
      try {
        session.setMe(await api.patch<Self>('/me', { locale: l }));
        return;
      } catch {
        /* fall back to the local choice */
      }
    }
    session.chooseLocale(l as 'nl' | 'en');
  }

  return (
    <div class={me ? 'shell has-tabbar' : 'shell'}>
      <a class="skip-link" href="#main">
        {t('skip_to_content')}
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href="/" aria-label={t('brand_home', { name: instance?.name || 'Kring' })}>
            <span class="brand-mark" aria-hidden="true" />
            <span class="brand-name">{instance?.name || 'Kring'}</span>
          </a>
          <nav class="topnav" aria-label={t('nav_main')}>
            {items.map((n) => (
              <a key={n.href} href={n.href} class="topnav-link" aria-current={n.match(path) ? 'page' : undefined}>
                <Icon name={n.icon} size={18} />
                {t(n.label)}
                {badge(n)}
                {badgeText(n)}
              </a>
            ))}
          </nav>
          <div class="topbar-actions">
            {me ? (
              <>
                {items.some((x) => x.feature === 'notifications') && (
                  <a class="icon-btn search-icon" href="/search" aria-label={t('nav_search')}>
                    <Icon name="search" size={20} />
                  </a>
                )}
                <a class="btn btn-primary btn-compose" href="/compose">
                  <Icon name="plus" size={18} />
                  <span>{t('nav_new_post')}</span>
                </a>
                <details class="menu" ref={menu}>
                  <summary class="menu-button">
                    <Avatar account={me} size="sm" />
                    <span class="sr-only">{t('account_menu', { name: me.display_name || me.username })}</span>
                  </summary>
                  <div class="menu-panel">
                    <div class="menu-who">
                      <strong>{me.display_name || me.username}</strong>
                      <span class="muted">@{me.username}</span>
                    </div>
                    <a class="menu-item" href={`/@${me.username}`}>
                      <Icon name="user" size={18} /> {t('nav_profile')}
                    </a>
                    <a class="menu-item" href="/communities/new">
                      <Icon name="people" size={18} /> {t('nav_found_community')}
                    </a>
                    {moderates && (
                      <a class="menu-item" href="/moderation">
                        <Icon name="shield" size={18} /> {t('nav_moderation')}
                      </a>
                    )}
                    <a class="menu-item" href="/insights">
                      <Icon name="chart" size={18} /> {t('insights_me_link')}
                    </a>
                    <a class="menu-item" href="/settings">
                      <Icon name="settings" size={18} /> {t('nav_settings')}
                    </a>
                    {me.role === 'admin' && (
                      <a class="menu-item" href="/admin">
                        <Icon name="shield" size={18} /> {t('nav_admin')}
                      </a>
                    )}
                    <button
                      type="button"
                      class="menu-item"
                      onClick={async () => {
                        await session.logout();
                        navigate('/');
                      }}
                    >
                      <Icon name="logout" size={18} /> {t('nav_logout')}
                    </button>
                  </div>
                </details>
              </>
            ) : (
              <>
                <a class="icon-btn search-icon" href="/search" aria-label={t('nav_search')}>
                  <Icon name="search" size={20} />
                </a>
                <a class="btn btn-ghost" href={`/login?next=${encodeURIComponent(path)}`}>
                  {t('nav_login')}
                </a>
                <a class="btn btn-primary" href="/signup">
                  {t('nav_signup')}
                </a>
              </>
            )}
          </div>
        </div>
      </header>

      {me?.status === 'pending' && (
        <div class="banner" role="status">
          {t('account_pending_banner')}
        </div>
      )}
      {me?.status === 'suspended' && (
        <div class="banner" role="status">
          {t('account_suspended_banner')} <a href="/notifications">{t('account_suspended_link')}</a>
        </div>
      )}

      <main id="main" tabIndex={-1}>
        {children}
      </main>

      <footer class="footer">
        <div class="footer-inner">
          <p>
            <a href="/about">{t('footer_about', { name: instance?.name || 'Kring' })}</a>
            <span aria-hidden="true"> · </span>
            <a href="/communities">{t('nav_communities')}</a>
            <span aria-hidden="true"> · </span>
            <a href="/privacy">{t('privacy_title')}</a>
          </p>
          <label class="lang-switch">
            <Icon name="globe" size={16} />
            <span>{t('language')}</span>
            <select value={session.locale} onChange={(e) => changeLanguage(e.currentTarget.value)}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {l === 'nl' ? 'Nederlands' : 'English'}
                </option>
              ))}
            </select>
          </label>
          <p class="muted small">{t('footer_powered', { version: instance?.version || '' })}</p>
        </div>
      </footer>

      {me && (
        <nav class="tabbar" aria-label={t('nav_tabs')}>
          <a href="/" class="tab" aria-current={path === '/' ? 'page' : undefined}>
            <Icon name="home" size={22} />
            <span>{t('nav_home')}</span>
          </a>
          <a href="/communities" class="tab" aria-current={path.startsWith('/communities') || path.startsWith('/c/') ? 'page' : undefined}>
            <Icon name="compass" size={22} />
            <span>{t('nav_communities')}</span>
          </a>
          <a href="/compose" class="tab tab-compose" aria-current={path === '/compose' ? 'page' : undefined}>
            <span class="tab-compose-circle">
              <Icon name="plus" size={22} />
            </span>
            <span>{t('nav_post_short')}</span>
          </a>
          {/* Five tabs fit a 360 px phone; search moves to the top bar (see topbar-actions). */}
          {items
            .filter((n) => n.feature === 'notifications' || (n.href === '/search' && !items.some((x) => x.feature === 'notifications')))
            .slice(0, 1)
            .map((n) => (
              <a key={n.href} href={n.href} class="tab" aria-current={n.match(path) ? 'page' : undefined}>
                <span class="tab-icon">
                  <Icon name={n.icon} size={22} />
                  {badge(n)}
                </span>
                <span>
                  {t(n.label)}
                  {badgeText(n)}
                </span>
              </a>
            ))}
          <a href={`/@${me.username}`} class="tab" aria-current={path === `/@${me.username}` ? 'page' : undefined}>
            <Icon name="user" size={22} />
            <span>{t('nav_profile')}</span>
          </a>
        </nav>
      )}
    </div>
  );
}

/** The unread count on the navigation's notifications item ("Notifications, 3 unread" to a screen reader). */
function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span class="count-badge" aria-hidden="true">
      {count > 99 ? '99+' : formatNumber(count)}
    </span>
  );
}

function UnreadText({ count }: { count: number }) {
  return count > 0 ? <span class="sr-only">{t('nav_unread', { n: formatNumber(count) })}</span> : null;
}

/** Whether the person moderates anything: server staff, or a moderator or owner of a community. */
function useModerates(): boolean {
  const { me, has } = useSession();
  const staff = !!me && me.role !== 'user';
  const mine = useResource<Community[]>(me && !staff && has('moderation') ? '/me/communities' : null);
  return staff || !!mine.data?.some((c) => c.can_moderate);
}
