import './cases.css';
import { useCallback, useMemo, useState } from 'react';
import { casesApi, type Urgency, type WorkspaceFilters, type WorkspaceSummary } from '../api/cases.ts';
import { isProblem } from '../api/client.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { useLiveData } from '../live/live-context.tsx';
import { navigate } from '../router.ts';
import { clientName, DueInText, UrgencyBadge } from './case-parts.tsx';
import { longDate } from './dates.ts';
import { PROCEDURE_IDS, procedureLabel, situationLabel, URGENCY_ORDER, urgencyLabel } from './labels.ts';
import { matchCases, sortCases } from './sort-cases.ts';

const PAGE = 200;
const MAX_PAGES = 5;

/** The firm's cases (a few pages, newest first from the server), to be sorted by urgency here. */
async function loadCases(filters: WorkspaceFilters): Promise<{ items: WorkspaceSummary[]; truncated: boolean }> {
  const items: WorkspaceSummary[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await casesApi.workspaces(filters, cursor, PAGE);
    items.push(...page.items);
    if (!page.next) return { items, truncated: false };
    cursor = page.next;
  }
  return { items, truncated: true };
}

/** The dossiers: client, procedure, urgency and next deadline, most urgent first; filters. */
export function CasesScreen() {
  const t = useT();
  const lang = useLang();
  const [procedure, setProcedure] = useState('');
  const [urgency, setUrgency] = useState('');
  const [archived, setArchived] = useState(false);
  const [search, setSearch] = useState('');
  const [loaded, setLoaded] = useState<{ key: string; items: WorkspaceSummary[]; truncated: boolean } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const key = `${procedure}|${urgency}|${archived}`;
  const load = useCallback(async () => {
    try {
      const filters: WorkspaceFilters = {
        ...(procedure ? { procedureType: procedure } : {}),
        ...(urgency ? { urgency: urgency as Urgency } : {}),
        ...(archived ? {} : { archived: 'false' as const }),
      };
      const result = await loadCases(filters);
      setLoaded({ key, ...result });
      setError(undefined);
    } catch (p) {
      setError(isProblem(p) ? pick(p.message, lang) || String(p.status) : String(p));
    }
  }, [procedure, urgency, archived, key, lang]);
  // Loaded again at once when a filter changes, and whenever a case's timeline grows (live).
  useLiveData(load, (message) => message.type === 'workspace.updated');
  const now = new Date();
  const rows = useMemo(() => (loaded ? sortCases(matchCases(loaded.items, search)) : []), [loaded, search]);
  const open = (id: string) => void navigate(`/dossiers/${id}`);

  return (
    <section className="page cases" aria-labelledby="cases-title">
      <h2 id="cases-title">{t('casesTitle')}</h2>
      <p className="page-intro">{t('casesHelp')}</p>
      <div className="filters">
        <label>
          {t('filterSearch')}
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="case-search" />
        </label>
        <label>
          {t('filterProcedure')}
          <select value={procedure} onChange={(e) => setProcedure(e.target.value)} data-testid="case-procedure">
            <option value="">{t('allProcedures')}</option>
            {PROCEDURE_IDS.map((p) => (
              <option key={p} value={p}>
                {procedureLabel(p, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterUrgency')}
          <select value={urgency} onChange={(e) => setUrgency(e.target.value)} data-testid="case-urgency">
            <option value="">{t('allUrgencies')}</option>
            {URGENCY_ORDER.map((u) => (
              <option key={u} value={u}>
                {urgencyLabel(u, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox-label">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
          {t('showArchived')}
        </label>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!loaded && !error && <p>{t('loading')}</p>}
      {loaded && (
        <>
          <p className="muted" aria-live="polite">
            {t('casesCount', { count: rows.length })}
            {loaded.truncated ? ` — ${t('casesTruncated', { count: loaded.items.length })}` : ''}
          </p>
          {rows.length === 0 ? (
            <p>{t('noCases')}</p>
          ) : (
            <table className="list cases-table" data-testid="cases-table">
              <thead>
                <tr>
                  <th scope="col">{t('client')}</th>
                  <th scope="col">{t('caseTitle')}</th>
                  <th scope="col">{t('procedure')}</th>
                  <th scope="col">{t('urgencyColumn')}</th>
                  <th scope="col">{t('nextDeadline')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((w) => (
                  <tr key={w.id} data-testid={`case-row-${w.id}`}>
                    <td>
                      <a
                        href={`/dossiers/${w.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          open(w.id);
                        }}
                      >
                        {clientName(w.client)}
                      </a>
                    </td>
                    <td>
                      {w.title}
                      {w.reference && <div className="muted small">{w.reference}</div>}
                    </td>
                    <td>
                      {procedureLabel(w.procedureType, lang)}
                      {w.situation && <div className="muted small">{situationLabel(w.situation, lang)}</div>}
                    </td>
                    <td>
                      <UrgencyBadge urgency={w.urgency} />
                    </td>
                    <td>
                      {w.deadlineDate ? (
                        <>
                          <time dateTime={w.deadlineDate}>{longDate(w.deadlineDate, lang)}</time>
                          <div className="small">
                            <DueInText at={w.deadlineDate} now={now} />
                          </div>
                        </>
                      ) : (
                        <span className="muted">{t('noDeadline')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {loaded && loaded.key !== key && <p className="muted">{t('loading')}</p>}
    </section>
  );
}
