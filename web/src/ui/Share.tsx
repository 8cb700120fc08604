// Share a post: the phone's share sheet (Web Share API) where there is one, otherwise the link is
// copied to the clipboard and "Link copied" is announced. Either way the server is told once, so
// authors see shares in their insights; servers without POST /posts/{id}/share are left alone.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, enc } from '../api';
import { t } from '../i18n';
import { Icon } from './Icon';

// Set when the server answers that the route does not exist, so we stop asking.
let shareRouteMissing = false;

/** Tells the server about a share; never fails and never shows anything. */
export function recordShare(postId: string): void {
  if (shareRouteMissing) return;
  api.post(`/posts/${enc(postId)}/share`).catch((e) => {
    // 405, or a 404 that is not a JSON error from Kring (no `error` code), means "no such route".
    if (e instanceof ApiError && (e.status === 405 || (e.status === 404 && e.code === 'http_404'))) shareRouteMissing = true;
  });
}

/** True on touch-first devices that offer a share sheet; desktops copy the link instead. */
function useShareSheet(): boolean {
  return typeof navigator.share === 'function' && matchMedia('(pointer: coarse)').matches;
}

/** Copies text; the async clipboard needs a secure context, so fall back to a hidden field. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.style.position = 'fixed';
    field.style.opacity = '0';
    document.body.appendChild(field);
    field.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    field.remove();
    return ok;
  }
}

export function ShareButton({ postId, title }: { postId: string; title?: string }) {
  const [status, setStatus] = useState<'' | 'copied' | 'failed'>('');
  const timer = useRef<number | undefined>(undefined);
  const sheet = useShareSheet();
  const url = `${location.origin}/p/${postId}`;
  useEffect(() => () => clearTimeout(timer.current), []);

  const show = (s: 'copied' | 'failed') => {
    setStatus(s);
    clearTimeout(timer.current);
    // The copied note goes away; the failure note keeps the link readable until the next try.
    if (s === 'copied') timer.current = window.setTimeout(() => setStatus(''), 4000);
  };

  const onClick = async () => {
    if (sheet) {
      try {
        await navigator.share({ title: title || undefined, url });
        recordShare(postId);
        return;
      } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') return; // closed the sheet
        // Any other failure: copy instead.
      }
    }
    if (await copyText(url)) {
      recordShare(postId);
      show('copied');
    } else {
      show('failed');
    }
  };

  return (
    <span class="share">
      <button type="button" class="chip share-btn" onClick={onClick} aria-label={t('share_post')}>
        <Icon name="share" size={16} />
        <span class="share-text" aria-hidden="true">
          {t('share')}
        </span>
      </button>
      <span class="share-status small" role="status">
        {status === 'copied' ? (
          <>
            <Icon name="check" size={14} /> {t('link_copied')}
          </>
        ) : status === 'failed' ? (
          <>
            {t('copy_failed')} <span class="share-url">{url}</span>
          </>
        ) : null}
      </span>
    </span>
  );
}
