import { findEvent } from '@iapm/schemas';
import { useCallback, useEffect, useState } from 'react';
import { isProblem } from '../api/client.ts';
import { type RunFilters, type RunStatus, type RunSummary, runsApi } from '../api/runs.ts';
import { type WorkflowSummary, workflowsApi } from '../api/workflows.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { useLiveData } from '../live/live-context.tsx';
import { navigate } from '../router.ts';
import { formatDate, RUN_STATUSES, RunStatusChip, runStatusKey } from './run-status.tsx';

/** A `datetime-local` value as an ISO instant (undefined when empty). */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/**
 * The firm's runs, newest first, with filters (workflow, statuses, period); the first page follows the live
 * connection, older pages load on demand. A row opens the run.
 */
export function RunsScreen() {
  const t = useT();
  const lang = useLang();
  const [workflows, setWorkflows] = useState<WorkflowSummary[]>([]);
  const [workflowId, setWorkflowId] = useState('');
  const [statuses, setStatuses] = useState<RunStatus[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [first, setFirst] = useState<RunSummary[] | undefined>();
  const [older, setOlder] = useState<RunSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    workflowsApi.list('all').then(setWorkflows, () => setWorkflows([]));
  }, []);

  const filters: RunFilters = {
    ...(workflowId ? { workflowId } : {}),
    ...(statuses.length ? { status: statuses } : {}),
    ...(instant(from) ? { from: instant(from) } : {}),
    ...(instant(to) ? { to: instant(to) } : {}),
  };
  const key = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of filters (their key) starts over
  useEffect(() => {
    setFirst(undefined);
    setOlder([]);
    setCursor(null);
  }, [key]);
  const load = useCallback(async () => {
    try {
      const page = await runsApi.list(JSON.parse(key) as RunFilters);
      setFirst(page.items);
      setCursor((c) => c ?? page.nextCursor);
      setError(undefined);
    } catch (p) {
      setError(isProblem(p) ? pick(p.message, lang) : String(p));
    }
  }, [key, lang]);
  // A new run or a change of status: the first page is read again (messages carry ids and statuses only).
  useLiveData(load, (m) => m.type === 'run.updated');

  const more = async () => {
    if (!cursor) return;
    const page = await runsApi.list(filters, cursor);
    setOlder([...older, ...page.items]);
    setCursor(page.nextCursor);
  };
  const seen = new Set((first ?? []).map((r) => r.id));
  const rows = [...(first ?? []), ...older.filter((r) => !seen.has(r.id))];

  return (
    <section className="page" aria-labelledby="runs-title">
      <div className="page-head">
        <h2 id="runs-title">{t('runsTitle')}</h2>
        <p className="muted">{t('liveHint')}</p>
      </div>
      <div className="filters">
        <label>
          {t('filterWorkflow')}
          <select value={workflowId} onChange={(e) => setWorkflowId(e.target.value)} data-testid="filter-workflow">
            <option value="">{t('allWorkflows')}</option>
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="status-filter">
          <legend>{t('filterStatus')}</legend>
          {RUN_STATUSES.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={statuses.includes(s)}
                onChange={(e) => setStatuses(e.target.checked ? [...statuses, s] : statuses.filter((x) => x !== s))}
              />
              {t(runStatusKey(s))}
            </label>
          ))}
        </fieldset>
        <label>
          {t('filterFrom')}
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('filterTo')}
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {first === undefined && !error && <p>{t('loading')}</p>}
      {first && rows.length === 0 && <p>{t('noRuns')}</p>}
      {rows.length > 0 && (
        <table className="list" data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">{t('startedAt')}</th>
              <th scope="col">{t('filterWorkflow')}</th>
              <th scope="col">{t('triggerEvent')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('endedAt')}</th>
            </tr>
          </thead>
          <tbody aria-live="polite">
            {rows.map((run) => (
              <tr key={run.id} data-testid={`run-row-${run.id}`}>
                <td>
                  <a
                    href={`/runs/${run.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      void navigate(`/runs/${run.id}`);
                    }}
                  >
                    {formatDate(run.startedAt, lang)}
                  </a>
                </td>
                <td>{t('workflowVersion', { name: run.workflowName ?? run.workflowId, n: run.version })}</td>
                <td>{run.trigger.type ? pick(findEvent(run.trigger.type)?.label, lang) || run.trigger.type : '—'}</td>
                <td>
                  <RunStatusChip status={run.status} />
                </td>
                <td>
                  {run.endedAt
                    ? formatDate(run.endedAt, lang)
                    : run.nextWakeAt
                      ? t('nextWake', { date: formatDate(run.nextWakeAt, lang) })
                      : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" onClick={more}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}
