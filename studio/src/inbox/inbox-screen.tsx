import '../editor/editor.css';
import { useCallback, useState } from 'react';
import { isProblem } from '../api/client.ts';
import { runsApi, type ValidationView } from '../api/runs.ts';
import { pick, type StringKey, useLang, useT } from '../i18n/lang.tsx';
import { useLiveData } from '../live/live-context.tsx';
import { navigate } from '../router.ts';
import { formatDate } from '../runs/run-status.tsx';
import { ValidationCard } from './validation-card.tsx';

const DECISIONS: Record<string, StringKey> = {
  APPROVED: 'decisionApproved',
  MODIFIED_APPROVED: 'decisionModified',
  REJECTED: 'decisionRejected',
  AUTO_APPROVED: 'decisionAuto',
  EXPIRED: 'decisionExpired',
  PENDING: 'decisionPending',
};

/** The validation inbox: pending requests by urgency (live), then recent decisions. */
export function InboxScreen() {
  const t = useT();
  const lang = useLang();
  const [items, setItems] = useState<ValidationView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(
    () =>
      runsApi.validations('all').then(
        (r) => {
          setItems(r.items);
          setError(undefined);
        },
        (p) => setError(isProblem(p) ? pick(p.message, lang) : String(p)),
      ),
    [lang],
  );
  useLiveData(load, (m) => m.type === 'validation.created' || m.type === 'validation.decided');
  const pending = items?.filter((v) => v.status === 'PENDING') ?? [];
  const decided = items?.filter((v) => v.status !== 'PENDING') ?? [];
  return (
    <section className="page inbox" aria-labelledby="inbox-title">
      <div className="page-head">
        <h2 id="inbox-title">{t('inboxTitle')}</h2>
        <p className="muted">{t('liveHint')}</p>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!items && !error && <p>{t('loading')}</p>}
      {items && pending.length === 0 && <p data-testid="inbox-empty">{t('inboxEmpty')}</p>}
      <div className="validation-list" aria-live="polite">
        {pending.map((v) => (
          <ValidationCard key={v.id} request={v} onDecided={() => void load()} />
        ))}
      </div>
      {decided.length > 0 && (
        <>
          <h2>{t('recentDecisions')}</h2>
          <ul className="decided-list" data-testid="decided-list">
            {decided.map((v) => (
              <li key={v.id}>
                <a
                  href={`/runs/${v.runId}`}
                  onClick={(e) => {
                    e.preventDefault();
                    void navigate(`/runs/${v.runId}`);
                  }}
                >
                  {pick(v.actionLabel, lang)} — {v.workflowName ?? v.workflowId}
                </a>{' '}
                {t('decidedAs', {
                  decision: t(DECISIONS[v.status] ?? 'decisionPending'),
                  date: formatDate(v.decidedAt, lang),
                })}
                {v.comment ? ` — « ${v.comment} »` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
