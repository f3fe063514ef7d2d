import type { Urgency } from '../api/cases.ts';
import { useLang, useT } from '../i18n/lang.tsx';
import { dueIn } from './dates.ts';
import { URGENCY_COLOURS, urgencyLabel } from './labels.ts';

/** An urgency as a coloured badge that also says it in words. */
export function UrgencyBadge({ urgency }: { urgency: Urgency | string }) {
  const lang = useLang();
  const colour = URGENCY_COLOURS[urgency as Urgency] ?? '#4b5b70';
  return (
    <span className={`urgency-badge urgency-${urgency}`} style={{ background: colour }}>
      {urgencyLabel(urgency, lang)}
    </span>
  );
}

/** How far a due date is, in words (« dans 13 jour(s) », « dépassée depuis 2 jour(s) »). */
export function DueInText({ at, now }: { at: string; now: Date }) {
  const t = useT();
  const d = dueIn(new Date(at), now);
  const text =
    d.kind === 'days'
      ? t('daysLeft', { count: d.count })
      : d.kind === 'hours'
        ? t('hoursLeft', { count: d.count })
        : d.kind === 'today'
          ? t('today')
          : d.kind === 'overdue-days'
            ? t('daysAgo', { count: d.count })
            : t('passed');
  return <span className={`due-in due-${d.kind}`}>{text}</span>;
}

/** A client's name as lawyers write it: « Karim BENALI ». */
export function clientName(client: { firstName: string; lastName: string } | null | undefined): string {
  return client ? `${client.firstName} ${client.lastName.toLocaleUpperCase('fr-FR')}` : '—';
}
