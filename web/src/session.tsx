// Who is signed in and what this instance is; loaded once at start, shared through context.
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api';
import { browserTimeZone, pickLocale, setLocale, type Locale } from './i18n';
import type { Instance, Self } from './types';

export interface Session {
  me: Self | null;
  instance: Instance | null;
  locale: Locale;
  setMe: (me: Self | null) => void;
  setInstance: (i: Instance) => void;
  /** For guests: remembers the language picked in the footer. */
  chooseLocale: (l: Locale) => void;
  logout: () => Promise<void>;
  has: (feature: string) => boolean;
}

const Ctx = createContext<Session | null>(null);
const STORED_LOCALE = 'kring.locale';

function storedLocale(): string | null {
  try {
    return localStorage.getItem(STORED_LOCALE);
  } catch {
    return null;
  }
}

export type BootState = { state: 'loading' } | { state: 'ready' } | { state: 'error'; error: ApiError };

export function SessionProvider({ children, onBoot }: { children: ComponentChildren; onBoot: (b: BootState) => void }) {
  const [me, setMeState] = useState<Self | null>(null);
  const [instance, setInstance] = useState<Instance | null>(null);
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = pickLocale(null, storedLocale());
    setLocale(l, browserTimeZone());
    return l;
  });

  const apply = useCallback((who: Self | null, pickedByGuest?: Locale) => {
    const l = pickLocale(who?.locale, pickedByGuest ?? storedLocale());
    setLocale(l, who?.time_zone || browserTimeZone());
    setLocaleState(l);
  }, []);

  const setMe = useCallback(
    (who: Self | null) => {
      setMeState(who);
      apply(who);
    },
    [apply],
  );

  useEffect(() => {
    const meReq = api.get<Self>('/me').catch((e) => {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    });
    Promise.all([api.get<Instance>('/instance'), meReq])
      .then(([inst, who]) => {
        setInstance(inst);
        setMe(who);
        onBoot({ state: 'ready' });
      })
      .catch((e) => onBoot({ state: 'error', error: e instanceof ApiError ? e : new ApiError(0, 'network', String(e)) }));
  }, []);

  const session: Session = {
    me,
    instance,
    locale,
    setMe,
    setInstance,
    chooseLocale: (l) => {
      try {
        localStorage.setItem(STORED_LOCALE, l);
      } catch {
        /* private mode */
      }
      apply(me, l);
    },
    logout: async () => {
      try {
        await api.post('/auth/logout');
      } catch {
        /* the cookie may already be gone */
      }
      setMe(null);
    },
    has: (feature) => !!instance?.features?.includes(feature),
  };
  return <Ctx.Provider value={session}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
