import type { RunStatus } from '../api/runs.ts';
import { useLang, useT } from '../i18n/lang.tsx';
import { runStatusKey } from '../runs/run-status.tsx';
import { CHART_STATUSES, type DayCount } from './runs-per-day.ts';

const COLOURS: Record<RunStatus, string> = {
  succeeded: '#2e7d32',
  failed: '#c62828',
  cancelled: '#6b7280',
  awaiting_validation: '#c25e00',
  waiting: '#e0a100',
  running: '#1f6fb2',
};

const HEIGHT = 180;
const BAR = 22;
const GAP = 10;

/** Stacked bars of runs per day by status, with the same figures as a table for screen readers. */
export function RunsChart({ rows }: { rows: DayCount[] }) {
  const t = useT();
  const lang = useLang();
  const max = Math.max(1, ...rows.map((r) => r.total));
  const width = rows.length * (BAR + GAP) + GAP;
  const dayLabel = (day: string) =>
    new Date(`${day}T12:00:00Z`).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      day: '2-digit',
      month: '2-digit',
    });
  return (
    <figure className="runs-chart" data-testid="runs-chart">
      <svg
        viewBox={`0 0 ${width} ${HEIGHT + 24}`}
        width="100%"
        height={HEIGHT + 24}
        aria-hidden="true"
        preserveAspectRatio="none"
      >
        {rows.map((row, i) => {
          let y = HEIGHT;
          const x = GAP + i * (BAR + GAP);
          return (
            <g key={row.day}>
              {CHART_STATUSES.map((status) => {
                const h = (row.counts[status] / max) * (HEIGHT - 10);
                if (!h) return null;
                y -= h;
                return <rect key={status} x={x} y={y} width={BAR} height={h} fill={COLOURS[status]} />;
              })}
              <text x={x + BAR / 2} y={HEIGHT + 16} textAnchor="middle" fontSize="9" fill="#3d4a5c">
                {dayLabel(row.day)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {CHART_STATUSES.map((s) => (
            <li key={s}>
              <span className="swatch-box" style={{ background: COLOURS[s] }} aria-hidden="true" />
              {t(runStatusKey(s))}
            </li>
          ))}
        </ul>
      </figcaption>
      <table className="sr-only">
        <caption>{t('runsPerDay')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('day')}</th>
            {CHART_STATUSES.map((s) => (
              <th key={s} scope="col">
                {t(runStatusKey(s))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.day}>
              <th scope="row">{dayLabel(r.day)}</th>
              {CHART_STATUSES.map((s) => (
                <td key={s}>{r.counts[s]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
