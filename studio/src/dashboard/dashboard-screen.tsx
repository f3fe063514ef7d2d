import { useCallback, useMemo, useState } from 'react';
import { type RunSummary, runsApi, type ValidationView } from '../api/runs.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { usePolling } from '../live/use-polling.ts';
import { navigate } from '../router.ts';
import { ErrorView } from '../runs/error-view.tsx';
import { DeadlinesCard } from './deadlines-card.tsx';
import { RunsChart } from './runs-chart.tsx';
import { runsPerDay } from './runs-per-day.ts';

const DAYS = 14;
const PAGE = 500;
const MAX_PAGES = 6;
const REFRESH_MS = 15_000;

/** Every run started in the last `DAYS` days (a few pages at most). */
async function recentRuns(): Promise<RunSummary[]> {
  const from = new Date(Date.now() - DAYS * 86_400_000).toISOString();
  const out: RunSummary[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await runsApi.list({ from, limit: PAGE }, cursor);
    out.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

/**
 * The firm at a glance: runs per day by status over two weeks, the validation backlog by urgency, and the runs
 * that failed recently. Refreshes itself.
 */
export function DashboardScreen() {
  const t = useT();
  const lang = useLang();
  const [runs, setRuns] = useState<RunSummary[] | undefined>();
  const [pending, setPending] = useState<ValidationView[]>([]);
  const load = useCallback(async () => {
    const [r, v] = await Promise.all([recentRuns(), runsApi.validations('PENDING')]);
    setRuns(r);
    setPending(v.items);
  }, []);
  usePolling(load, true, REFRESH_MS);
  const rows = useMemo(() => (runs ? runsPerDay(runs, DAYS, new Date()) : []), [runs]);
  const failed = (runs ?? []).filter((r) => r.status === 'failed').slice(0, 5);
  const byUrgency = [0, 1, 2, 3].map((rank) => ({
    rank,
    label: pending.find((p) => p.urgencyRank === rank)?.urgencyLabel,
    count: pending.filter((p) => p.urgencyRank === rank).length,
  }));
  return (
    <section className="page dashboard" aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">{t('dashboardTitle')}</h2>
      <DeadlinesCard />
      {!runs && <p>{t('loading')}</p>}
      {runs && (
        <div className="dashboard-grid">
          <section className="card" aria-labelledby="chart-title">
            <h3 id="chart-title">{t('runsPerDay')}</h3>
            <p className="help">{t('runsPerDayHelp', { count: runs.length, days: DAYS })}</p>
            <RunsChart rows={rows} />
          </section>
          <section className="card" aria-labelledby="backlog-title" data-testid="backlog">
            <h3 id="backlog-title">{t('validationBacklog')}</h3>
            <p className="big-number">{pending.length}</p>
            <ul>
              {byUrgency
                .filter((u) => u.count > 0)
                .map((u) => (
                  <li key={u.rank}>
                    {u.label ? pick(u.label, lang) : u.rank} : {u.count}
                  </li>
                ))}
            </ul>
            <button type="button" onClick={() => void navigate('/validations')}>
              {t('navInbox')}
            </button>
          </section>
          <section className="card" aria-labelledby="failed-title">
            <h3 id="failed-title">{t('recentFailures')}</h3>
            {failed.length === 0 ? (
              <p>{t('noFailures')}</p>
            ) : (
              <ul>
                {failed.map((r) => (
                  <li key={r.id}>
                    <a
                      href={`/runs/${r.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        void navigate(`/runs/${r.id}`);
                      }}
                    >
                      {r.workflowName ?? r.workflowId}
                    </a>{' '}
                    {r.error && <ErrorView error={r.error} inline />}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </section>
  );
}
