// Posts with a hashtag, across every community the viewer may read.
import { enc } from '../api';
import { usePaged, useTitle } from '../hooks';
import { t } from '../i18n';
import { useSession } from '../session';
import type { Post } from '../types';
import { Icon } from '../ui/Icon';
import { Empty } from '../ui/States';
import { FeedBody } from './Community';

export function TagPage({ tag }: { tag: string }) {
  const { instance } = useSession();
  const list = usePaged<Post>(`/tags/${enc(tag)}/posts?limit=20`);
  const display = list.items[0]?.hashtags.find((h) => h.key === tag.toLowerCase())?.name || tag;
  useTitle(`#${display}`, instance?.name);
  return (
    <div class="page">
      <div class="page-head tag-head">
        <span class="tag-mark" aria-hidden="true">
          <Icon name="hash" size={26} />
        </span>
        <div>
          <h1>#{display}</h1>
          <p class="muted small">{t('tag_intro')}</p>
        </div>
      </div>
      <FeedBody list={list} empty={<Empty icon="hash" title={t('tag_empty', { tag: display })}>{t('tag_empty_text')}</Empty>} />
    </div>
  );
}
