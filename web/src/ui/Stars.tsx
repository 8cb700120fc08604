// Review stars: a read-only display and an accessible radio-group input.
import { t } from '../i18n';
import { Icon } from './Icon';

export function Stars({ rating }: { rating: number }) {
  return (
    <span class="stars" role="img" aria-label={t('stars_label', { n: rating })}>
      {[1, 2, 3, 4, 5].map((i) => (
        <Icon name="star" size={18} class={i <= rating ? 'star on' : 'star'} key={i} />
      ))}
    </span>
  );
}

export function StarInput({ value, onValue, error }: { value: number; onValue: (n: number) => void; error?: string }) {
  return (
    <fieldset class={error ? 'field star-input has-error' : 'field star-input'}>
      <legend>{t('compose_rating')}</legend>
      <div class="star-options">
        {[1, 2, 3, 4, 5].map((i) => (
          <label key={i} class={i <= value ? 'star-option on' : 'star-option'}>
            <input type="radio" name="rating" value={i} checked={value === i} onChange={() => onValue(i)} class="sr-only" />
            <Icon name="star" size={28} />
            <span class="sr-only">{t('stars_label', { n: i })}</span>
          </label>
        ))}
      </div>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}
