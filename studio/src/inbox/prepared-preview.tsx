import { ValueView } from '../editor/testrun/value-view.tsx';
import { useT } from '../i18n/lang.tsx';

type DocumentPreview = { title: string; text: string; filename?: string };
type EmailPreview = { subject: string; to?: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDocument = (v: unknown): v is DocumentPreview =>
  isRecord(v) && typeof v.title === 'string' && typeof v.text === 'string';
const isEmail = (v: unknown): v is EmailPreview => isRecord(v) && typeof v.subject === 'string';

/** A drafted document's text as a lawyer reads it: headings, quoted blocks (addresses, dates) and paragraphs. */
function DraftText({ text }: { text: string }) {
  // Each line keyed by its position: the text is fixed, its lines never move.
  const lines = text.split('\n').map((line, at) => ({ line, key: `l${at}` }));
  return (
    <div className="draft-text">
      {lines.map(({ line, key }) => {
        if (line.startsWith('# ')) return <h6 key={key}>{line.slice(2)}</h6>;
        if (line.startsWith('> '))
          return (
            <p key={key} className="draft-aside">
              {line.slice(2)}
            </p>
          );
        return line.trim() ? <p key={key}>{line}</p> : null;
      })}
    </div>
  );
}

/**
 * What the run prepared for the lawyer to read before deciding: a drafted document (its title and text), a
 * message (subject and recipients), or what the AI answered; shown in words, never as JSON.
 */
export function PreparedPreview({ preview }: { preview: unknown }) {
  const t = useT();
  return (
    <section className="prepared-preview" data-testid="prepared-preview">
      <h4>{t('preparedPreview')}</h4>
      {isDocument(preview) ? (
        <details open>
          <summary>{t('previewDocument', { title: preview.title })}</summary>
          <DraftText text={preview.text} />
        </details>
      ) : isEmail(preview) ? (
        <dl className="value-map">
          <div>
            <dt>{t('previewSubject')}</dt>
            <dd>{preview.subject}</dd>
          </div>
          {preview.to !== undefined && (
            <div>
              <dt>{t('previewTo')}</dt>
              <dd>
                <ValueView value={preview.to} />
              </dd>
            </div>
          )}
        </dl>
      ) : (
        <ValueView value={preview} />
      )}
    </section>
  );
}
