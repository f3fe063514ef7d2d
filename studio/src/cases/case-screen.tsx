import './cases.css';
import { useCallback, useState } from 'react';
import { type ChecklistItemView, casesApi, type WorkspaceDetail } from '../api/cases.ts';
import { isProblem } from '../api/client.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { useLiveData } from '../live/live-context.tsx';
import { navigate } from '../router.ts';
import { AlertsSection } from './case-alerts.tsx';
import { clientName, UrgencyBadge } from './case-parts.tsx';
import { ChecklistSection, DeadlinesSection, DocumentsSection, TimelineSection } from './case-sections.tsx';
import { dayInWords, longDate } from './dates.ts';
import { procedureLabel, situationLabel } from './labels.ts';

/** One case: who, what procedure, how urgent; its deadlines, checklist, documents, alerts and timeline. */
export function CaseScreen({ workspaceId }: { workspaceId: string }) {
  const t = useT();
  const lang = useLang();
  const [ws, setWs] = useState<WorkspaceDetail | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(
    () =>
      casesApi.workspace(workspaceId).then(
        (w) => {
          setWs(w);
          setError(undefined);
        },
        (p) => setError(isProblem(p) ? pick(p.message, lang) || String(p.status) : String(p)),
      ),
    [workspaceId, lang],
  );
  // Read again whenever this case's timeline grows (an action of a run, a tick by someone else).
  useLiveData(load, (message) => message.type === 'workspace.updated' && message.workspaceId === workspaceId);

  const reload = () => void load();
  /** One checklist item as just ticked (shown at once) or as the server answered. */
  const replaceItem = (item: ChecklistItemView) =>
    setWs((current) =>
      current ? { ...current, checklist: current.checklist.map((i) => (i.id === item.id ? item : i)) } : current,
    );

  const back = (
    <a
      href="/dossiers"
      onClick={(e) => {
        e.preventDefault();
        void navigate('/dossiers');
      }}
    >
      ← {t('backToCases')}
    </a>
  );
  if (!ws)
    return (
      <section className="page">
        {back}
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : (
          <p>{t('loading')}</p>
        )}
      </section>
    );
  const now = new Date();
  return (
    <section className="page case-page" aria-labelledby="case-title" data-testid="case-detail">
      {back}
      <div className="case-head">
        <div>
          <p className="case-kicker">
            {procedureLabel(ws.procedureType, lang)}
            {ws.reference ? ` · ${t('caseReference', { reference: ws.reference })}` : ''}
          </p>
          <h2 id="case-title">{ws.client ? clientName(ws.client) : ws.title}</h2>
          {ws.client && <p className="case-subtitle">{ws.title}</p>}
          <ul className="case-facts">
            {ws.situation && <li>{t('situationLabel', { label: situationLabel(ws.situation, lang) })}</li>}
            {ws.decisionDate && <li>{t('decisionDateLabel', { date: dayInWords(ws.decisionDate, lang) })}</li>}
            {ws.notificationDate && (
              <li>{t('notificationDateLabel', { date: dayInWords(ws.notificationDate, lang) })}</li>
            )}
            {ws.createdAt && <li>{t('caseOpenedOn', { date: longDate(ws.createdAt, lang) })}</li>}
            {ws.archivedAt && <li>{t('caseArchivedOn', { date: longDate(ws.archivedAt, lang) })}</li>}
          </ul>
        </div>
        <div className="case-side">
          <UrgencyBadge urgency={ws.urgency} />
          {ws.client && (ws.client.email || ws.client.phone) && (
            <address aria-label={t('clientContact')}>
              {ws.client.email && <a href={`mailto:${ws.client.email}`}>{ws.client.email}</a>}
              {ws.client.phone && <div>{ws.client.phone}</div>}
            </address>
          )}
        </div>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {ws.alerts.some((a) => !a.acknowledgedAt) && <AlertsSection alerts={ws.alerts} onChanged={reload} />}
      <div className="case-grid">
        <div>
          <DeadlinesSection deadlines={ws.deadlines} now={now} onChanged={reload} />
          <ChecklistSection items={ws.checklist} onItemChanged={replaceItem} onChanged={reload} />
        </div>
        <div>
          <DocumentsSection documents={ws.documents} workspaceId={ws.id} items={ws.checklist} onChanged={reload} />
          {!ws.alerts.some((a) => !a.acknowledgedAt) && <AlertsSection alerts={ws.alerts} onChanged={reload} />}
          <TimelineSection entries={ws.timeline} />
        </div>
      </div>
    </section>
  );
}
