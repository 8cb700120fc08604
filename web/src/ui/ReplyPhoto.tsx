// One photo on a reply (comments take at most one image): pick, upload with progress, describe,
// remove. The reply box sends `media_ids` with the comment once the upload is done.
import { useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { uploadMedia } from '../media';
import type { Media } from '../types';
import { Icon } from './Icon';
import { errorText } from './States';

export interface ReplyPhotoState {
  media: Media | null;
  alt: string;
  uploading: boolean;
}

export const EMPTY_PHOTO: ReplyPhotoState = { media: null, alt: '', uploading: false };

export function ReplyPhoto({ id, value, onChange }: { id: string; value: ReplyPhotoState; onChange: (v: ReplyPhotoState) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<unknown>(null);
  async function pick(file: File | undefined) {
    if (!file) return;
    setError(null);
    setProgress(0);
    onChange({ ...EMPTY_PHOTO, uploading: true });
    try {
      const m = await uploadMedia(file, setProgress);
      onChange({ media: m, alt: '', uploading: false });
    } catch (e) {
      setError(e);
      onChange(EMPTY_PHOTO);
    }
  }
  function remove() {
    if (value.media) api.del(`/media/${value.media.id}`).catch(() => undefined);
    onChange(EMPTY_PHOTO);
  }
  return (
    <div class="reply-photo">
      <input ref={input} type="file" accept="image/*" hidden onChange={(e) => (pick(e.currentTarget.files?.[0]), (e.currentTarget.value = ''))} />
      {!value.media && !value.uploading && (
        <button type="button" class="btn btn-ghost btn-sm" onClick={() => input.current?.click()}>
          <Icon name="image" size={16} /> {t('reply_add_photo')}
        </button>
      )}
      {value.uploading && (
        <label class="upload-progress small">
          <span>{t('media_uploading', { pct: Math.round(progress * 100) })}</span>
          <progress max={1} value={progress} />
        </label>
      )}
      {value.media && (
        <div class="reply-photo-row">
          <img src={value.media.preview_url || value.media.url || ''} alt="" width={56} height={56} />
          <div class="field">
            <label for={`${id}-alt`}>{t('media_alt')}</label>
            <input id={`${id}-alt`} value={value.alt} maxLength={1500} onInput={(e) => onChange({ ...value, alt: e.currentTarget.value })} />
          </div>
          <button type="button" class="btn btn-ghost btn-sm attachment-remove" onClick={remove}>
            <Icon name="trash" size={16} />
            <span class="sr-only">{t('media_remove', { name: t('reply_photo') })}</span>
          </button>
        </div>
      )}
      {error ? (
        <p class="field-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
    </div>
  );
}
