import { pick, useLang, useT } from '../i18n/lang.tsx';
import { errorInWords, type RunErrorRecord } from './run-error.ts';

/**
 * An error in the page's language; its code, the parameter at fault and the recorded message behind
 * « Détails ». `inline` for a list line (the dashboard), a paragraph otherwise.
 */
export function ErrorView({ error, inline = false }: { error: RunErrorRecord; inline?: boolean }) {
  const t = useT();
  const lang = useLang();
  const shown = errorInWords(error);
  const hasDetails = Boolean(shown.code || shown.pointer || shown.message);
  return (
    <div className={inline ? 'error-words inline' : 'error error-words'} data-testid="error-words">
      <span className="error-text">{pick(shown.text, lang)}</span>
      {hasDetails && (
        <details className="error-details">
          <summary>{t('errorDetails')}</summary>
          <dl>
            {shown.code && (
              <>
                <dt>{t('errorCode')}</dt>
                <dd>
                  <code>{shown.code}</code>
                </dd>
              </>
            )}
            {shown.pointer && (
              <>
                <dt>{t('errorPointer')}</dt>
                <dd>
                  <code>{shown.pointer}</code>
                </dd>
              </>
            )}
            {shown.message && shown.message !== shown.text.fr && (
              <>
                <dt>{t('errorMessage')}</dt>
                <dd>{shown.message}</dd>
              </>
            )}
          </dl>
        </details>
      )}
    </div>
  );
}
