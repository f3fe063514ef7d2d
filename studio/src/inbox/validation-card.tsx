import { findAction, type JsonSchema } from '@iapm/schemas';
import { useState } from 'react';
import { isProblem, type Problem } from '../api/client.ts';
import { runsApi, type ValidationView } from '../api/runs.ts';
import { SchemaForm } from '../editor/inspector/schema-form.tsx';
import { ValueView } from '../editor/testrun/value-view.tsx';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { navigate } from '../router.ts';
import { formatDate } from '../runs/run-status.tsx';
import { PreparedPreview } from './prepared-preview.tsx';

type Mode = 'view' | 'modify' | 'reject';

/** A parameter's title from the action's schema. */
const paramTitle = (schema: JsonSchema | undefined, key: string, lang: 'fr' | 'en') => {
  const prop = (schema?.properties as Record<string, JsonSchema> | undefined)?.[key];
  if (!prop) return key;
  return String(lang === 'en' ? (prop['x-title-en'] ?? prop.title ?? key) : (prop.title ?? key));
};

/**
 * One pending validation: the action the run prepared (its parameters named as in the forms), the AI's
 * confidence and provenance, urgency and due date; approve, edit then approve (the action's form), or reject
 * with a reason.
 */
export function ValidationCard({ request, onDecided }: { request: ValidationView; onDecided: () => void }) {
  const t = useT();
  const lang = useLang();
  const [mode, setMode] = useState<Mode>('view');
  const [params, setParams] = useState<Record<string, unknown>>(request.preparedParams);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const action = findAction(request.action);
  const schema = action?.paramsSchema;

  const decide = async (body: Parameters<typeof runsApi.decide>[1]) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await runsApi.decide(request.id, body);
      onDecided();
    } catch (p) {
      setProblem(isProblem(p) ? p : { status: 0, code: 'x', message: { fr: String(p), en: String(p) } });
      setBusy(false);
    }
  };

  const headingId = `validation-${request.id}`;
  return (
    <article
      className={`validation-card autonomy-${request.autonomy.toLowerCase()}`}
      aria-labelledby={headingId}
      data-testid={`validation-${request.id}`}
    >
      <header>
        <h3 id={headingId}>
          {pick(request.actionLabel, lang)}{' '}
          <span className="muted">— {request.workflowName ?? request.workflowId}</span>
        </h3>
        {request.workspaceId && (
          <p className="validation-case" data-testid="validation-case">
            {t('caseOfRequest')}{' '}
            <a
              href={`/dossiers/${request.workspaceId}`}
              onClick={(e) => {
                e.preventDefault();
                void navigate(`/dossiers/${request.workspaceId}`);
              }}
            >
              {request.case?.title ?? t('caseUnknown')}
            </a>
            {request.case?.reference && <span className="muted"> ({request.case.reference})</span>}
            {request.case?.clientName && <span> · {t('clientOfCase', { name: request.case.clientName })}</span>}
          </p>
        )}
        <p className="validation-meta">
          <span className={`urgency urgency-${request.urgencyRank}`}>
            {t('urgency', { label: pick(request.urgencyLabel, lang) })}
          </span>
          {request.dueAt && <span>{t('dueAt', { date: formatDate(request.dueAt, lang) })}</span>}
          {request.confidence !== null && (
            <span>{t('confidence', { value: Math.round(request.confidence * 100) })}</span>
          )}
          {request.provenance && (
            <span>
              {t('provenance', { provider: request.provenance.provider ?? '', model: request.provenance.model ?? '' })}
            </span>
          )}
          <span>{formatDate(request.createdAt, lang)}</span>
        </p>
      </header>
      {mode === 'modify' && schema ? (
        <fieldset>
          <legend>{t('modifyApprove')}</legend>
          <SchemaForm
            schema={schema}
            value={params}
            onChange={setParams}
            pointer="/params"
            issues={problem?.issues ?? []}
            fields={[]}
            plain
          />
        </fieldset>
      ) : (
        <>
          {request.preview !== undefined && request.preview !== null && <PreparedPreview preview={request.preview} />}
          <section className="prepared">
            <h4>{t('preparedAction')}</h4>
            <dl className="value-map">
              {Object.entries(request.preparedParams).map(([k, v]) => (
                <div key={k}>
                  <dt>{paramTitle(schema, k, lang)}</dt>
                  <dd>
                    <ValueView value={v} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        </>
      )}
      {mode === 'reject' && (
        <label className="field">
          <span>{t('rejectReason')}</span>
          <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={5000} />
        </label>
      )}
      {problem && (
        <p className="error" role="alert">
          {pick(problem.message, lang)}
        </p>
      )}
      <div className="validation-actions">
        <button type="button" className="link-button" onClick={() => void navigate(`/runs/${request.runId}`)}>
          {t('seeRun')}
        </button>
        {mode === 'view' && (
          <>
            <button type="button" onClick={() => setMode('reject')} disabled={busy}>
              {t('reject')}
            </button>
            {schema && (
              <button type="button" onClick={() => setMode('modify')} disabled={busy}>
                {t('modifyApprove')}
              </button>
            )}
            <button type="button" className="primary" onClick={() => decide({ decision: 'APPROVED' })} disabled={busy}>
              {t('approve')}
            </button>
          </>
        )}
        {mode !== 'view' && (
          <button type="button" onClick={() => setMode('view')} disabled={busy}>
            {t('cancel')}
          </button>
        )}
        {mode === 'modify' && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => decide({ decision: 'MODIFIED_APPROVED', params })}
          >
            {t('approveModified')}
          </button>
        )}
        {mode === 'reject' && (
          <button
            type="button"
            className="danger"
            disabled={busy || !comment.trim()}
            onClick={() => decide({ decision: 'REJECTED', comment: comment.trim() })}
          >
            {t('confirmReject')}
          </button>
        )}
      </div>
    </article>
  );
}
