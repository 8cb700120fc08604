// Screens that pull in something heavy (the insights charts) are loaded on first use, so the
// initial JavaScript stays within its budget. Shows the loading skeleton meanwhile, an error with
// retry when the chunk could not be fetched (e.g. after a deploy).
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorState, Loading } from './States';

export function Lazy<P extends object>({ load, props }: { load: () => Promise<ComponentType<P>>; props: P }) {
  const [C, setC] = useState<ComponentType<P> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    load()
      .then((c) => live && setC(() => c))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick]);
  if (error) return <ErrorState error={error} onRetry={() => setTick((n) => n + 1)} />;
  if (!C) return <Loading rows={2} />;
  return <C {...props} />;
}
