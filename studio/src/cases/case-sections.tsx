import { useState } from 'react';
import type { ChecklistItemView, DeadlineView, DocumentView, TimelineEntry } from '../api/cases.ts';
import { casesApi } from '../api/cases.ts';
import { type StringKey, useLang, useT } from '../i18n/lang.tsx';
import { navigate } from '../router.ts';
import { ChecklistToggle, CloseDeadlineDialog, UploadForm } from './case-actions.tsx';
import { DueInText, UrgencyBadge } from './case-parts.tsx';
import { longDate, longDateTime, shortDate } from './dates.ts';

const DEADLINE_STATUS: Record<DeadlineView['status'], StringKey> = {
  open: 'deadlineOpen',
  met: 'deadlineMet',
  missed: 'deadlineMissed',
  cancelled: 'deadlineCancelled',
};
const ITEM_STATUS: Record<ChecklistItemView['status'], StringKey> = {
  missing: 'itemMissing',
  received: 'itemReceived',
  verified: 'itemVerified',
  invalid: 'itemInvalid',
};
const SOURCE: Record<DocumentView['source'], StringKey> = {
  upload: 'sourceUpload',
  email: 'sourceEmail',
  generated: 'sourceGenerated',
};

/** The case's deadlines: what, before when (in words), how long is left, the rule and its legal basis. */
export function DeadlinesSection({
  deadlines,
  now,
  onChanged,
}: {
  deadlines: DeadlineView[];
  now: Date;
  onChanged: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const [closing, setClosing] = useState<DeadlineView | undefined>();
  return (
    <section className="case-section" aria-labelledby="deadlines-title" data-testid="case-deadlines">
      <h3 id="deadlines-title">{t('deadlines')}</h3>
      {deadlines.length === 0 && <p className="muted">{t('noDeadlines')}</p>}
      <ul className="deadline-list">
        {deadlines.map((d) => {
          const at = d.alertAt ?? d.dueAt;
          return (
            <li key={d.id} className={`deadline status-${d.status}`} data-testid={`deadline-${d.id}`}>
              <div className="deadline-head">
                <strong>{d.label}</strong>
                {d.status === 'open' && <UrgencyBadge urgency={d.urgency} />}
                <span className="deadline-status">{t(DEADLINE_STATUS[d.status] ?? 'deadlineOpen')}</span>
              </div>
              <p className="deadline-date">
                {t('dueOn', { date: longDateTime(d.dueAt, lang) })}
                {d.status === 'open' && (
                  <>
                    {' — '}
                    <DueInText at={at} now={now} />
                  </>
                )}
              </p>
              {d.alertAt && d.alertAt !== d.dueAt && (
                <p className="small">{t('alertOn', { date: longDateTime(d.alertAt, lang) })}</p>
              )}
              {d.printedDueAt && <p className="small">{t('printedDueOn', { date: longDate(d.printedDueAt, lang) })}</p>}
              {d.status === 'met' && d.filedOn && (
                <p className="small closed-note">
                  {t('deadlineFiled', { date: shortDate(d.filedOn, lang) })}
                  {d.reference ? ` — ${t('deadlineFiledRef', { reference: d.reference })}` : ''}
                </p>
              )}
              {d.status === 'cancelled' && d.closeReason && (
                <p className="small closed-note">{t('deadlineDropped', { reason: d.closeReason })}</p>
              )}
              {d.ruleId && <p className="small">{t('ruleApplied', { rule: d.ruleId })}</p>}
              {d.legalRef && <p className="small legal-ref">{t('legalBasis', { text: d.legalRef })}</p>}
              {d.variants.length > 0 && (
                <div className="small">
                  {t('variants')}
                  <ul>
                    {d.variants.map((v, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; its order is its identity
                      <li key={i}>
                        {v.label ?? '—'} : {v.dueAt ? longDateTime(v.dueAt, lang) : '—'}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {d.status === 'open' && (
                <button
                  type="button"
                  className="small-button"
                  aria-label={t('closeDeadlineNamed', { label: d.label })}
                  data-testid={`close-deadline-${d.id}`}
                  onClick={() => setClosing(d)}
                >
                  {t('closeDeadline')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {closing && (
        <CloseDeadlineDialog
          deadline={closing}
          onClose={() => setClosing(undefined)}
          onClosed={() => {
            setClosing(undefined);
            onChanged();
          }}
        />
      )}
    </section>
  );
}

/** The documents to collect: received or missing, mandatory or not, with progress. */
export function ChecklistSection({
  items,
  onItemChanged,
  onChanged,
}: {
  items: ChecklistItemView[];
  onItemChanged: (item: ChecklistItemView) => void;
  onChanged: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const [error, setError] = useState<string | undefined>();
  const done = items.filter((i) => i.status === 'received' || i.status === 'verified').length;
  const missing = items.filter((i) => i.required && (i.status === 'missing' || i.status === 'invalid')).length;
  return (
    <section className="case-section" aria-labelledby="checklist-title" data-testid="case-checklist">
      <h3 id="checklist-title">{t('checklist')}</h3>
      {items.length === 0 ? (
        <p className="muted">{t('noChecklist')}</p>
      ) : (
        <>
          <p>
            <progress max={items.length} value={done} aria-hidden="true" />{' '}
            {t('checklistProgress', { done, total: items.length, missing })}
          </p>
          <ul className="checklist">
            {items.map((item) => {
              const ok = item.status === 'received' || item.status === 'verified';
              return (
                <li key={item.id} className={ok ? 'done' : 'missing'} data-testid={`checklist-${item.key}`}>
                  <span className="check-mark" aria-hidden="true">
                    {ok ? '✓' : '✗'}
                  </span>
                  <span className="check-label">
                    {item.label}
                    {item.required && <span className="mandatory"> ({t('itemMandatory')})</span>}
                  </span>
                  <span className="check-status">
                    {t(ITEM_STATUS[item.status] ?? 'itemMissing')}
                    {item.checkedAt && ok && (
                      <span className="small muted">
                        {' '}
                        — {t('checkedOn', { date: shortDate(item.checkedAt, lang) })}
                      </span>
                    )}
                  </span>
                  <ChecklistToggle
                    item={item}
                    onChanged={onItemChanged}
                    onSettled={() => {
                      setError(undefined);
                      onChanged();
                    }}
                    onError={setError}
                  />
                </li>
              );
            })}
          </ul>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </>
      )}
    </section>
  );
}

const size = (bytes: number, lang: 'fr' | 'en') => {
  const units = lang === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 1 })} ${units[unit]}`;
};

/** The case's documents, each downloadable. */
export function DocumentsSection({
  documents,
  workspaceId,
  items,
  onChanged,
}: {
  documents: DocumentView[];
  workspaceId: string;
  items: ChecklistItemView[];
  onChanged: () => void;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="case-section" aria-labelledby="documents-title" data-testid="case-documents">
      <h3 id="documents-title">{t('documents')}</h3>
      {documents.length === 0 && <p className="muted">{t('noDocuments')}</p>}
      <ul className="document-list">
        {documents.map((d) => (
          <li key={d.id}>
            <a
              href={casesApi.documentUrl(d.id)}
              download={d.filename}
              aria-label={t('downloadNamed', { name: d.filename })}
            >
              {d.filename}
            </a>
            <div className="small muted">
              {d.documentType ? `${d.documentType} — ` : ''}
              {t('documentMeta', {
                version: d.version,
                size: size(d.size, lang),
                source: t(SOURCE[d.source] ?? 'sourceUpload'),
                date: d.createdAt ? shortDate(d.createdAt, lang) : '—',
              })}
            </div>
          </li>
        ))}
      </ul>
      <UploadForm workspaceId={workspaceId} items={items} onUploaded={onChanged} />
    </section>
  );
}

/** What happened in the case, newest first. */
export function TimelineSection({ entries }: { entries: TimelineEntry[] }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="case-section" aria-labelledby="timeline-title" data-testid="case-timeline">
      <h3 id="timeline-title">{t('timeline')}</h3>
      {entries.length === 0 && <p className="muted">{t('noTimeline')}</p>}
      <ol className="timeline">
        {entries.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{longDateTime(e.at, lang)}</time>
            <div>
              {e.title}
              {e.runId && (
                <>
                  {' — '}
                  <a
                    href={`/runs/${e.runId}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      void navigate(`/runs/${e.runId}`);
                    }}
                  >
                    {t('seeRunOf')}
                  </a>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
