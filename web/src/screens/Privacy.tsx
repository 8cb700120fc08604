// What the instance counts for the insights, in plain words. Linked from the footer, settings and
// every insights screen.
import { useTitle } from '../hooks';
import { t, type MessageKey } from '../i18n';
import { useSession } from '../session';

const COUNTED: MessageKey[] = ['privacy_views', 'privacy_actions', 'privacy_anonymous', 'privacy_no_cookies', 'privacy_retention', 'privacy_deletion', 'privacy_masked', 'privacy_who'];

export function Privacy() {
  const { instance } = useSession();
  useTitle(t('privacy_title'), instance?.name);
  return (
    <div class="page narrow prose-page">
      <h1>{t('privacy_title')}</h1>
      <p>{t('privacy_intro', { name: instance?.name || 'Kring' })}</p>
      <section class="card stack" aria-labelledby="counted-h">
        <h2 id="counted-h">{t('privacy_counted_title')}</h2>
        <ul class="privacy-list">
          {COUNTED.map((k) => (
            <li key={k}>{t(k)}</li>
          ))}
        </ul>
      </section>
      <section class="card stack" aria-labelledby="media-h">
        <h2 id="media-h">{t('privacy_media_title')}</h2>
        <p>{t('privacy_media')}</p>
      </section>
    </div>
  );
}
