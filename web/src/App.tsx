import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from './i18n';
import { matchRoute, navigate, useLocation } from './router';
import { LiveProvider } from './live';
import { SessionProvider, useSession, type BootState } from './session';
import { Admin } from './screens/Admin';
import { Login, Signup } from './screens/Auth';
import { Decision } from './screens/Decision';
import { ModerationHub, ModerationQueue } from './screens/Moderation';
import { Notifications } from './screens/Notifications';
import { CommunityPage } from './screens/Community';
import { NewCommunity } from './screens/CommunityForm';
import { Compose } from './screens/Compose';
import { Directory } from './screens/Directory';
import { Home } from './screens/Home';
import { Landing } from './screens/Landing';
import { PostPage } from './screens/PostPage';
import { Profile } from './screens/Profile';
import { Search } from './screens/Search';
import { Settings } from './screens/Settings';
import { TagPage } from './screens/Tag';
import { Layout } from './ui/Layout';
import { Lazy } from './ui/Lazy';
import { Privacy } from './screens/Privacy';
import { Empty, ErrorState, Spinner } from './ui/States';
import { useTitle } from './hooks';

const NEEDS_LOGIN = new Set(['myInsights', 'postInsights', 'compose', 'settings', 'newCommunity', 'admin', 'notifications', 'moderationHub', 'moderation', 'decision']);

function Screen() {
  const { path, search } = useLocation();
  const { me, instance } = useSession();
  const route = matchRoute(path);
  const first = useRef(true);

  // Move focus to the new page so screen readers announce it (not on the first load).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!location.hash) document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);

  const needsLogin = NEEDS_LOGIN.has(route.name) && !me;
  useEffect(() => {
    if (needsLogin) navigate(`/login?next=${encodeURIComponent(path + search)}`, { replace: true });
  }, [needsLogin, path]);
  if (needsLogin) return null;

  const p = route.params;
  switch (route.name) {
    case 'home':
      return me ? <Home /> : <Landing />;
    case 'about':
      return <Landing />;
    case 'login':
      return <Login />;
    case 'signup':
      return <Signup />;
    case 'directory':
      return <Directory />;
    case 'newCommunity':
      return <NewCommunity />;
    case 'community':
      return <CommunityPage key={p.slug} slug={p.slug} tab={p.tab} />;
    case 'post':
      return <PostPage key={p.id} id={p.id} />;
    case 'postInsights':
      return <Lazy key={p.id} load={() => import('./screens/Insights').then((m) => m.PostInsights)} props={{ id: p.id }} />;
    case 'myInsights':
      return <Lazy load={() => import('./screens/Insights').then((m) => m.MyInsights)} props={{}} />;
    case 'privacy':
      return <Privacy />;
    case 'compose':
      return <Compose />;
    case 'profile':
      return <Profile key={p.handle} handle={p.handle} />;
    case 'tag':
      return <TagPage key={p.tag} tag={p.tag} />;
    case 'search':
      return <Search />;
    case 'settings':
      return <Settings />;
    case 'admin':
      return <Admin />;
    case 'notifications':
      return <Notifications />;
    case 'moderationHub':
      return <ModerationHub />;
    case 'moderation':
      return <ModerationQueue key={p.scope} scope={p.scope} tab={p.tab} />;
    case 'decision':
      return <Decision key={p.id} id={p.id} />;
    default:
      return <NotFound name={instance?.name} />;
  }
}

function NotFound({ name }: { name?: string }) {
  useTitle(t('err_not_found_title'), name);
  return (
    <div class="page narrow">
      <Empty icon="compass" title={t('err_not_found_title')} action={<a class="btn btn-primary" href="/">{t('go_home')}</a>}>
        {t('err_not_found')}
      </Empty>
    </div>
  );
}

function Shell({ boot }: { boot: BootState }) {
  const { path } = useLocation();
  if (boot.state === 'loading') {
    return (
      <div class="boot">
        <span class="brand-mark big" aria-hidden="true" />
        <Spinner />
      </div>
    );
  }
  if (boot.state === 'error') {
    return (
      <main class="boot" id="main">
        <ErrorState error={boot.error} onRetry={() => location.reload()} />
      </main>
    );
  }
  return (
    <LiveProvider>
      <Layout path={path}>
        <Screen />
      </Layout>
    </LiveProvider>
  );
}

export function App() {
  const [boot, setBoot] = useState<BootState>({ state: 'loading' });
  return (
    <SessionProvider onBoot={setBoot}>
      <Shell boot={boot} />
    </SessionProvider>
  );
}
