import '../cases/cases.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { casesApi, type FirmDeadline } from '../api/cases.ts';
import { DueInText, UrgencyBadge } from '../cases/case-parts.tsx';
import { longDate, longDateTime } from '../cases/dates.ts';
import { URGENCY_COLOURS, URGENCY_ORDER, urgencyLabel } from '../cases/labels.ts';
import { type Lang, useLang, useT } from '../i18n/lang.tsx';
import { navigate } from '../router.ts';
import { actBy, actOnWithin, type DeadlineDay, deadlinesPerDay, horizonDay } from './deadlines-per-day.ts';

const DAYS = 30;
/** The server filters on the due date; an earlier alert date may bring a later due date into the period. */
const FETCH_DAYS = 120;
const NEAREST = 8;
const REFRESH_MS = 30_000;
const HEIGHT = 150;
const BAR = 16;
const GAP = 6;

const dayLabel = (day: string, lang: Lang) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    day: '2-digit',
    month: '2-digit',
  });

/** Stacked bars of open deadlines per day by urgency, with the same figures as a table for screen readers. */
function DeadlinesChart({ overdue, days }: { overdue: DeadlineDay; days: DeadlineDay[] }) {
  const t = useT();
  const lang = useLang();
  const bars = overdue.total ? [overdue, ...days] : days;
  const max = Math.max(1, ...bars.map((b) => b.total));
  const width = bars.length * (BAR + GAP) + GAP;
  const label = (b: DeadlineDay) => (b.day === 'overdue' ? t('overdueBucket') : dayLabel(b.day, lang));
  return (
    <figure className="runs-chart" data-testid="deadlines-chart">
      <svg
        viewBox={`0 0 ${width} ${HEIGHT + 24}`}
        width="100%"
        height={HEIGHT + 24}
        aria-hidden="true"
        preserveAspectRatio="none"
      >
        {bars.map((b, i) => {
          let y = HEIGHT;
          const x = GAP + i * (BAR + GAP);
          return (
            <g key={b.day}>
              {URGENCY_ORDER.slice()
                .reverse()
                .map((u) => {
                  const h = (b.counts[u] / max) * (HEIGHT - 10);
                  if (!h) return null;
                  y -= h;
                  return <rect key={u} x={x} y={y} width={BAR} height={h} fill={URGENCY_COLOURS[u]} />;
                })}
              {(i % 3 === 0 || b.day === 'overdue') && (
                <text
                  x={i === 0 ? x : x + BAR / 2}
                  y={HEIGHT + 16}
                  textAnchor={i === 0 ? 'start' : 'middle'}
                  fontSize="9"
                  fill="#3d4a5c"
                >
                  {label(b)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {URGENCY_ORDER.map((u) => (
            <li key={u}>
              <span className="swatch-box" style={{ background: URGENCY_COLOURS[u] }} aria-hidden="true" />
              {urgencyLabel(u, lang)}
            </li>
          ))}
        </ul>
      </figcaption>
      <table className="sr-only">
        <caption>{t('deadlinesNext30')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('day')}</th>
            {URGENCY_ORDER.map((u) => (
              <th key={u} scope="col">
                {urgencyLabel(u, lang)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.day}>
              <th scope="row">{label(b)}</th>
              {URGENCY_ORDER.map((u) => (
                <td key={u}>{b.counts[u]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The dashboard's deadlines: the next 30 days as a chart, and the nearest ones with their case. */
export function DeadlinesCard() {
  const t = useT();
  const lang = useLang();
  const [items, setItems] = useState<FirmDeadline[] | undefined>();
  const [failed, setFailed] = useState(false);
  const load = useCallback(
    () =>
      casesApi.deadlines(horizonDay(new Date(), FETCH_DAYS), 200).then(
        (r) => {
          setItems(actOnWithin(r.items, DAYS, new Date()));
          setFailed(false);
        },
        () => setFailed(true),
      ),
    [],
  );
  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  const now = new Date();
  const buckets = useMemo(() => deadlinesPerDay(items ?? [], DAYS, new Date()), [items]);
  const last = buckets.days.at(-1)?.day;
  const nearest = (items ?? []).slice(0, NEAREST);
  return (
    <section className="card deadlines-card" aria-labelledby="deadlines-card-title" data-testid="dashboard-deadlines">
      <h3 id="deadlines-card-title">{t('deadlinesNext30')}</h3>
      {failed && <p className="error">{t('error')}</p>}
      {!items && !failed && <p>{t('loading')}</p>}
      {items && (
        <div className="deadlines-layout">
          <div>
            <p className="help">
              {t('deadlinesNext30Help', {
                count: items.length,
                date: last ? longDate(`${last}T12:00:00Z`, lang) : '',
              })}
              {buckets.overdue.total ? ` ${t('deadlinesOverdue', { count: buckets.overdue.total })}` : ''}
            </p>
            <DeadlinesChart overdue={buckets.overdue} days={buckets.days} />
          </div>
          <div>
            <h4>{t('nearestDeadlines')}</h4>
            {nearest.length === 0 ? (
              <p>{t('noUpcomingDeadlines')}</p>
            ) : (
              <ul className="nearest-deadlines" data-testid="nearest-deadlines">
                {nearest.map((d) => (
                  <li key={d.id}>
                    <div>
                      <strong>{d.label}</strong> <UrgencyBadge urgency={d.urgency} />
                    </div>
                    <div className="small">
                      <time dateTime={actBy(d)}>{longDateTime(actBy(d), lang)}</time> —{' '}
                      <DueInText at={actBy(d)} now={now} />
                    </div>
                    {d.workspaceId && d.workspace && (
                      <a
                        className="small"
                        href={`/dossiers/${d.workspaceId}`}
                        onClick={(e) => {
                          e.preventDefault();
                          void navigate(`/dossiers/${d.workspaceId}`);
                        }}
                      >
                        {d.workspace.title}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <button type="button" onClick={() => void navigate('/dossiers')}>
              {t('allCases')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
