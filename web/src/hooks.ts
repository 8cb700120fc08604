import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (d: T | ((prev: T | undefined) => T)) => void;
}

/** GETs `path` (null: nothing to fetch) and refetches when it changes. */
export function useResource<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    api
      .get<T>(path)
      .then((d) => live && (setData(() => d), setLoading(false)))
      .catch((e) => live && (setError(asApiError(e)), setLoading(false)));
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData: setData as Resource<T>['setData'] };
}

export interface Paged<T> {
  items: T[];
  error: ApiError | null;
  loading: boolean;
  next: string | null;
  loadMore: () => void;
  reload: () => void;
  update: (fn: (items: T[]) => T[]) => void;
}

/** A list with `Link: rel="next"` pagination. */
export function usePaged<T>(path: string | null): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const gen = useRef(0);
  useEffect(() => {
    const mine = ++gen.current;
    setItems([]);
    setNext(null);
    setError(null);
    if (path === null) {
      setLoading(false);
      return;
    }
    setLoading(true);
    api
      .page<T[]>(path)
      .then((p) => {
        if (gen.current !== mine) return;
        setItems(p.items);
        setNext(p.next);
        setLoading(false);
      })
      .catch((e) => {
        if (gen.current !== mine) return;
        setError(asApiError(e));
        setLoading(false);
      });
  }, [path, tick]);
  const loadMore = useCallback(() => {
    if (!next) return;
    const mine = gen.current;
    setLoading(true);
    api
      .page<T[]>(next)
      .then((p) => {
        if (gen.current !== mine) return;
        setItems((old) => [...old, ...p.items]);
        setNext(p.next);
        setLoading(false);
      })
      .catch((e) => {
        if (gen.current !== mine) return;
        setError(asApiError(e));
        setLoading(false);
      });
  }, [next]);
  return { items, error, loading, next, loadMore, reload: () => setTick((n) => n + 1), update: (fn) => setItems(fn) };
}

export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, 'unknown', e instanceof Error ? e.message : String(e));
}

export function useTitle(title: string | null | undefined, siteName?: string) {
  useEffect(() => {
    if (title == null) return;
    document.title = siteName && title !== siteName ? `${title} · ${siteName}` : title;
  }, [title, siteName]);
}
