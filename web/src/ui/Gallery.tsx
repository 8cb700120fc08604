// Photos and videos of a post: one item full width, two to four in a grid, more than four as four
// tiles with "+N" on the last. A tap on a photo opens the lightbox. Every image has its width and
// height set (nothing jumps while loading) and shows the server's tiny placeholder until it loads.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { formatNumber, t, tn } from '../i18n';
import { isVideo, statusOf } from '../media';
import type { Media } from '../types';
import { Icon } from './Icon';

/** A responsive picture: WebP with the JPEG fallback, placeholder behind it until it has loaded. */
export function Picture({ m, large = false, eager = false }: { m: Media; large?: boolean; eager?: boolean }) {
  const [loaded, setLoaded] = useState(false);
  const src = large ? m.url : m.preview_url || m.url;
  return (
    <span class={loaded ? 'pic loaded' : 'pic'}>
      {m.placeholder && <img class="pic-placeholder" src={m.placeholder} alt="" aria-hidden="true" width={m.width || undefined} height={m.height || undefined} />}
      <picture>
        {src && <source srcSet={src} type="image/webp" />}
        <img
          class="pic-img"
          src={m.fallback_url || src || ''}
          alt={m.alt}
          width={m.width || undefined}
          height={m.height || undefined}
          loading={eager ? 'eager' : 'lazy'}
          decoding="async"
          onLoad={() => setLoaded(true)}
        />
      </picture>
    </span>
  );
}

/** Duration as m:ss. */
function clock(s: number): string {
  const r = Math.round(s);
  return `${Math.floor(r / 60)}:${String(r % 60).padStart(2, '0')}`;
}

/**
 * A video: the player once ready (range requests make seeking work); while the server is still
 * converting it the author sees a processing state, and the item is asked for every 2 seconds.
 */
export function VideoItem({ m: initial }: { m: Media }) {
  const [m, setM] = useState(initial);
  const status = statusOf(m);
  useEffect(() => {
    if (status !== 'processing') return;
    let live = true;
    let timer = 0;
    const poll = () => {
      timer = window.setTimeout(async () => {
        try {
          const next = await api.get<Media>(`/media/${m.id}`);
          if (!live) return;
          setM(next);
          if (statusOf(next) === 'processing') poll();
        } catch {
          if (live) poll();
        }
      }, 2000);
    };
    poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [m.id, status]);

  if (status === 'failed') {
    return (
      <div class="media-state failed" role="alert">
        <Icon name="eyeOff" size={20} />
        <p>{t('media_video_failed')}</p>
        {m.failure?.message && <p class="small">{m.failure.message}</p>}
      </div>
    );
  }
  if (status === 'processing' || !m.url) {
    return (
      <div class="media-state" role="status">
        <span class="spinner" aria-hidden="true" />
        <p>{t('media_video_processing')}</p>
        <p class="small muted">{t('media_video_processing_hint')}</p>
      </div>
    );
  }
  return (
    <figure class="video">
      <video controls preload="metadata" poster={m.preview_url || undefined} width={m.width || undefined} height={m.height || undefined} aria-label={m.alt || t('media_video')}>
        <source src={m.url} type="video/mp4" />
      </video>
      {m.duration_s ? <figcaption class="small muted">{clock(m.duration_s)}</figcaption> : null}
    </figure>
  );
}

export function Gallery({ media }: { media: Media[] }) {
  const [open, setOpen] = useState<number | null>(null);
  if (media.length === 0) return null;
  const photos = media.filter((m) => !isVideo(m));
  const videos = media.filter(isVideo);
  const shown = photos.slice(0, 4);
  const more = photos.length - shown.length;
  return (
    <div class="gallery-wrap">
      {videos.map((v) => (
        <VideoItem key={v.id} m={v} />
      ))}
      {shown.length > 0 && (
        <ul class={`gallery n-${Math.min(shown.length, 4)}`} aria-label={tn('media_photos', photos.length)}>
          {shown.map((m, i) => (
            <li key={m.id}>
              <button type="button" class="gallery-item" onClick={() => setOpen(i)}>
                <span class="sr-only">{t('media_open', { n: i + 1, total: photos.length })}: </span>
                <Picture m={m} large={shown.length === 1} eager={i === 0} />
                {i === shown.length - 1 && more > 0 && (
                  <span class="gallery-more">+{formatNumber(more)}</span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      {open !== null && <Lightbox items={photos} start={open} onClose={() => setOpen(null)} />}
    </div>
  );
}

/**
 * Full-screen view in a modal <dialog>: Escape closes (the dialog's own behaviour), arrow keys and
 * a horizontal swipe go to the previous / next photo, focus returns to the tile that opened it.
 */
export function Lightbox({ items, start, onClose }: { items: Media[]; start: number; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [i, setI] = useState(start);
  const swipe = useRef<number | null>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    return () => opener?.focus?.();
  }, []);
  const go = (d: number) => setI((n) => (n + d + items.length) % items.length);
  const m = items[i];
  return (
    <dialog
      ref={ref}
      class="lightbox"
      aria-label={t('media_lightbox', { n: i + 1, total: items.length })}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight') go(1);
        else if (e.key === 'ArrowLeft') go(-1);
      }}
      // A mouse drag on the photo would start the browser's image drag-and-drop instead of a swipe.
      onDragStart={(e) => e.preventDefault()}
      onPointerDown={(e) => (swipe.current = e.clientX)}
      onPointerCancel={() => (swipe.current = null)}
      onPointerUp={(e) => {
        if (swipe.current === null) return;
        const dx = e.clientX - swipe.current;
        swipe.current = null;
        if (Math.abs(dx) > 50) go(dx < 0 ? 1 : -1);
      }}
    >
      <div class="lightbox-bar">
        <span class="lightbox-count" aria-live="polite">
          {t('media_count', { n: i + 1, total: items.length })}
        </span>
        <button type="button" class="btn btn-ghost lightbox-close" onClick={onClose} autoFocus>
          <Icon name="close" size={20} />
          <span class="sr-only">{t('close')}</span>
        </button>
      </div>
      <figure class="lightbox-figure">
        <Picture key={m.id} m={m} large eager />
        {m.alt && <figcaption>{m.alt}</figcaption>}
      </figure>
      {items.length > 1 && (
        <div class="lightbox-nav">
          <button type="button" class="btn lightbox-prev" onClick={() => go(-1)}>
            <span aria-hidden="true">‹</span> {t('media_previous')}
          </button>
          <button type="button" class="btn lightbox-next" onClick={() => go(1)}>
            {t('media_next')} <span aria-hidden="true">›</span>
          </button>
        </div>
      )}
    </dialog>
  );
}
