import { useState } from 'react';
import { type AlertView, casesApi } from '../api/cases.ts';
import { type StringKey, useLang, useT } from '../i18n/lang.tsx';
import { problemWords } from './case-actions.tsx';
import { longDateTime, shortDate } from './dates.ts';

const ALERT_LEVEL: Record<AlertView['level'], StringKey> = {
  critical: 'alertCritical',
  warning: 'alertWarning',
  info: 'alertInfo',
};
const RANK = { critical: 0, warning: 1, info: 2 } as const;

/**
 * Alerts raised on the case: those to handle first (critical first), each with its button to acknowledge it;
 * then those acknowledged, with when. An acknowledged alert leaves the first list, not the case.
 */
export function AlertsSection({ alerts, onChanged }: { alerts: AlertView[]; onChanged: () => void }) {
  const t = useT();
  const lang = useLang();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const sorted = [...alerts].sort((a, b) => (RANK[a.level] ?? 3) - (RANK[b.level] ?? 3));
  const open = sorted.filter((a) => !a.acknowledgedAt);
  const handled = sorted.filter((a) => a.acknowledgedAt);
  const acknowledge = async (alert: AlertView) => {
    setBusy(alert.id);
    try {
      await casesApi.acknowledgeAlert(alert.id);
      setError(undefined);
      onChanged();
    } catch (problem) {
      setError(problemWords(problem, lang));
    } finally {
      setBusy(undefined);
    }
  };
  const line = (a: AlertView) => (
    <>
      <span className="alert-level">{t(ALERT_LEVEL[a.level] ?? 'alertInfo')}</span> <strong>{a.title}</strong>
      {a.message && <p className="small">{a.message}</p>}
      <div className="small muted">
        {a.createdAt ? longDateTime(a.createdAt, lang) : ''}
        {a.acknowledgedAt ? ` — ${t('acknowledged', { date: shortDate(a.acknowledgedAt, lang) })}` : ''}
      </div>
    </>
  );
  return (
    <section className="case-section" aria-labelledby="alerts-title" data-testid="case-alerts">
      <h3 id="alerts-title">{t('alerts')}</h3>
      {alerts.length === 0 && <p className="muted">{t('noAlerts')}</p>}
      {alerts.length > 0 && (
        <>
          <h4>{t('alertsToHandle')}</h4>
          {open.length === 0 && <p className="muted small">{t('noAlertToHandle')}</p>}
          <ul className="alert-list" data-testid="alerts-open">
            {open.map((a) => (
              <li key={a.id} className={`alert-item level-${a.level}`}>
                {line(a)}
                <button
                  type="button"
                  className="small-button"
                  disabled={busy === a.id}
                  aria-label={t('acknowledgeNamed', { title: a.title })}
                  data-testid={`acknowledge-${a.id}`}
                  onClick={() => void acknowledge(a)}
                >
                  {busy === a.id ? t('working') : t('acknowledge')}
                </button>
              </li>
            ))}
          </ul>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {handled.length > 0 && (
            <>
              <h4>{t('alertsHandled')}</h4>
              <ul className="alert-list handled" data-testid="alerts-handled">
                {handled.map((a) => (
                  <li key={a.id} className={`alert-item level-${a.level}`}>
                    {line(a)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
