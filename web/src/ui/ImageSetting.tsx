// Upload / replace / remove one picture that belongs to something (an account's avatar, a
// community's banner): POST the raw image to `path`, DELETE it to remove; both answer the owner's
// new JSON, handed to `onChange`.
import { useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { uploadMedia } from '../media';
import { Icon } from './Icon';
import { errorText } from './States';

export function ImageSetting<T>({ label, hint, path, current, shape, onChange }: {
  label: string;
  hint: string;
  /** Full API path, e.g. /api/v1/me/avatar. */
  path: string;
  current: string | null | undefined;
  shape: 'round' | 'wide';
  onChange: (owner: T) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function send(file: File | undefined) {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      onChange(await uploadMedia<T>(file, setProgress, undefined, path));
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  }
  async function remove() {
    setError(null);
    try {
      onChange(await api.del<T>(path));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <div class="image-setting">
      <p class="label">{label}</p>
      <div class={`image-setting-row ${shape}`}>
        {current ? <img class={`image-setting-preview ${shape}`} src={current} alt="" width={shape === 'wide' ? 240 : 76} height={shape === 'wide' ? 80 : 76} /> : <span class={`image-setting-preview empty ${shape}`} aria-hidden="true"><Icon name="image" size={24} /></span>}
        <div class="image-setting-actions">
          <button type="button" class="btn btn-sm" disabled={progress !== null} onClick={() => input.current?.click()}>
            <Icon name="image" size={16} /> {current ? t('image_replace') : t('image_upload')}
          </button>
          {current && (
            <button type="button" class="btn btn-ghost btn-sm" onClick={remove}>
              <Icon name="trash" size={16} /> {t('image_remove')}
            </button>
          )}
        </div>
      </div>
      <input ref={input} type="file" accept="image/*" hidden onChange={(e) => (send(e.currentTarget.files?.[0]), (e.currentTarget.value = ''))} />
      {progress !== null && (
        <label class="upload-progress small">
          <span>{t('media_uploading', { pct: Math.round(progress * 100) })}</span>
          <progress max={1} value={progress} />
        </label>
      )}
      <p class="hint">{hint}</p>
      {error ? (
        <p class="field-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
    </div>
  );
}
