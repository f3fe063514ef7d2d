import { useLang } from '../../i18n/lang.tsx';

const MAX_DEPTH = 4;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A value shown for reading: objects as name/value lists, lists as numbered lists, texts as they are. */
export function ValueView({ value, depth = 0 }: { value: unknown; depth?: number }) {
  const lang = useLang();
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value === 'boolean')
    return <span>{value ? (lang === 'fr' ? 'oui' : 'yes') : lang === 'fr' ? 'non' : 'no'}</span>;
  if (typeof value === 'string' && ISO_DATE_TIME.test(value))
    return (
      <time dateTime={value} title={value}>
        {new Date(value).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'Europe/Paris' })}
      </time>
    );
  if (typeof value !== 'object') return <span className="value-text">{String(value)}</span>;
  if (depth >= MAX_DEPTH) return <code>{JSON.stringify(value)}</code>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">{lang === 'fr' ? '(aucun)' : '(none)'}</span>;
    return (
      <ol className="value-list">
        {value.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list; the position is the identity
          <li key={i}>
            <ValueView value={item} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return <span className="muted">{lang === 'fr' ? '(vide)' : '(empty)'}</span>;
  return (
    <dl className="value-map">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            <ValueView value={v} depth={depth + 1} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
