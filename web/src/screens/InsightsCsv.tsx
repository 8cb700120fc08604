// A download link for one insights table as CSV (every insights route answers ?format=csv; see
// notes/insights-contract.md). Several sit on one screen, so each is named after its table.
import { Icon } from '../ui/Icon';
import { t } from '../i18n';

/** `path` is the JSON route with its query (under /api/v1); `format=csv` is added here. */
export function CsvLink({ path, table, file }: { path: string; table: string; file: string }) {
  const href = `/api/v1${path}${path.includes('?') ? '&' : '?'}format=csv`;
  return (
    <a class="btn btn-sm csv-link" href={href} download={file}>
      <Icon name="download" size={16} />
      <span class="sr-only">{t('insights_csv_of', { table })} </span>CSV
    </a>
  );
}
