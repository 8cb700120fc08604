// The composer's photos and videos: a drop zone, a picker that opens the phone's camera next to an
// ordinary file picker, each file uploading at once with its own progress bar, a description (alt
// text) asked for every image, and removal before posting. At most MAX_MEDIA_PER_POST.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { t, tn } from '../i18n';
import { ACCEPT, MAX_MEDIA_PER_POST, uploadMedia } from '../media';
import type { Media } from '../types';
import { Icon } from './Icon';
import { errorText } from './States';

export interface Attachment {
  key: number;
  name: string;
  /** blob: URL of the local file for the thumbnail (images only). */
  local: string | null;
  video: boolean;
  progress: number;
  state: 'uploading' | 'done' | 'error';
  error?: unknown;
  media?: Media;
  alt: string;
  abort: AbortController;
}

let nextKey = 1;

/** The attachments' state and what can be done with it; Compose owns it so submit can read it. */
export function useAttachments() {
  const [items, setItems] = useState<Attachment[]>([]);
  const [overflow, setOverflow] = useState(0);
  const live = useRef(items);
  live.current = items;
  const update = (key: number, patch: Partial<Attachment>) => setItems((all) => all.map((a) => (a.key === key ? { ...a, ...patch } : a)));

  function add(files: File[]) {
    const room = MAX_MEDIA_PER_POST - live.current.length;
    const taken = files.slice(0, Math.max(0, room));
    setOverflow(files.length - taken.length);
    const fresh = taken.map<Attachment>((f) => ({
      key: nextKey++,
      name: f.name,
      local: f.type.startsWith('image/') ? URL.createObjectURL(f) : null,
      video: f.type.startsWith('video/'),
      progress: 0,
      state: 'uploading',
      alt: '',
      abort: new AbortController(),
    }));
    setItems((all) => [...all, ...fresh]);
    fresh.forEach((a, i) => {
      uploadMedia(taken[i], (p) => update(a.key, { progress: p }), a.abort.signal)
        .then((m) => update(a.key, { state: 'done', media: m, progress: 1, video: m.type === 'video' }))
        .catch((e) => update(a.key, { state: 'error', error: e }));
    });
  }

  function remove(key: number) {
    const a = live.current.find((x) => x.key === key);
    if (!a) return;
    a.abort.abort();
    if (a.local) URL.revokeObjectURL(a.local);
    // Uploaded but never attached: the server would keep it until it expires; say we are done.
    if (a.media) api.del(`/media/${a.media.id}`).catch(() => undefined);
    setItems((all) => all.filter((x) => x.key !== key));
    setOverflow(0);
  }

  function clear() {
    live.current.forEach((a) => a.local && URL.revokeObjectURL(a.local));
    setItems([]);
    setOverflow(0);
  }

  useEffect(() => () => live.current.forEach((a) => a.local && URL.revokeObjectURL(a.local)), []);

  return {
    items,
    overflow,
    add,
    remove,
    clear,
    setAlt: (key: number, alt: string) => update(key, { alt }),
    busy: items.some((a) => a.state === 'uploading'),
    ready: items.filter((a) => a.state === 'done' && a.media),
  };
}

export type Attachments = ReturnType<typeof useAttachments>;

/** Images (not videos) still without a description. */
export function missingAlt(att: Attachments): Attachment[] {
  return att.ready.filter((a) => !a.video && !a.alt.trim());
}

export function MediaPicker({ att, nudge }: { att: Attachments; nudge: boolean }) {
  const picker = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const full = att.items.length >= MAX_MEDIA_PER_POST;
  const take = (list: FileList | null | undefined) => {
    if (list && list.length) att.add(Array.from(list));
  };
  return (
    <div
      class={over ? 'media-picker drag-over' : 'media-picker'}
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer?.files);
      }}
    >
      <div class="media-drop">
        <p class="media-drop-text">
          <Icon name="image" size={20} /> {t('media_drop')}
        </p>
        <div class="media-buttons">
          <button type="button" class="btn btn-sm" disabled={full} onClick={() => picker.current?.click()}>
            <Icon name="image" size={16} /> {t('media_choose')}
          </button>
          <button type="button" class="btn btn-sm media-camera" disabled={full} onClick={() => camera.current?.click()}>
            <Icon name="camera" size={16} /> {t('media_camera')}
          </button>
        </div>
        <p class="hint">{tn('media_limit', MAX_MEDIA_PER_POST)}</p>
        <input ref={picker} type="file" accept={ACCEPT} multiple hidden data-testid="media-input" onChange={(e) => (take(e.currentTarget.files), (e.currentTarget.value = ''))} />
        <input ref={camera} type="file" accept={ACCEPT} capture="environment" hidden onChange={(e) => (take(e.currentTarget.files), (e.currentTarget.value = ''))} />
      </div>
      {att.overflow > 0 && (
        <p class="field-error" role="alert">
          {tn('media_too_many', MAX_MEDIA_PER_POST)}
        </p>
      )}
      {att.items.length > 0 && (
        <ul class="attachments">
          {att.items.map((a, i) => (
            <AttachmentRow key={a.key} a={a} n={i + 1} att={att} nudge={nudge} />
          ))}
        </ul>
      )}
    </div>
  );
}

function AttachmentRow({ a, n, att, nudge }: { a: Attachment; n: number; att: Attachments; nudge: boolean }) {
  const altId = `alt-${a.key}`;
  const empty = !a.video && a.state === 'done' && !a.alt.trim();
  // A file the server refused may not be an image at all: no thumbnail for it.
  const thumb = a.state === 'error' ? null : a.local || a.media?.preview_url || null;
  return (
    <li class={`attachment ${a.state}`}>
      <div class="attachment-thumb">
        {thumb ? <img src={thumb} alt="" width={72} height={72} /> : <Icon name={a.video ? 'camera' : 'image'} size={28} />}
      </div>
      <div class="attachment-main">
        <p class="attachment-name small">
          <span class="sr-only">{t('media_item', { n })} </span>
          {a.name}
        </p>
        {a.state === 'uploading' && (
          <label class="upload-progress small">
            <span>{t('media_uploading', { pct: Math.round(a.progress * 100) })}</span>
            <progress max={1} value={a.progress} />
          </label>
        )}
        {a.state === 'error' && (
          <p class="field-error" role="alert">
            {errorText(a.error)}
          </p>
        )}
        {a.state === 'done' && a.video && <p class="small muted">{t('media_video_uploaded')}</p>}
      </div>
      <button type="button" class="btn btn-ghost btn-sm attachment-remove" onClick={() => att.remove(a.key)}>
        <Icon name="trash" size={16} />
        <span class="sr-only">{t('media_remove', { name: a.name })}</span>
      </button>
      {a.state === 'done' && !a.video && (
          <div class={nudge && empty ? 'field attachment-alt has-error' : 'field attachment-alt'}>
            <label for={altId}>{t('media_alt')}</label>
            <textarea
              id={altId}
              class="alt-input"
              rows={2}
              maxLength={1500}
              value={a.alt}
              onInput={(e) => att.setAlt(a.key, e.currentTarget.value)}
              aria-describedby={`${altId}-hint`}
              aria-invalid={nudge && empty ? 'true' : undefined}
            />
            <p class={nudge && empty ? 'field-error' : 'hint'} id={`${altId}-hint`}>
              {nudge && empty ? t('media_alt_missing') : t('media_alt_hint')}
            </p>
          </div>
      )}
    </li>
  );
}
