import type { RunStatus } from '../api/runs.ts';
import { type StringKey, useT } from '../i18n/lang.tsx';

const KEYS: Record<RunStatus, StringKey> = {
  running: 'statusRunning',
  waiting: 'statusWaiting',
  awaiting_validation: 'statusAwaitingValidation',
  succeeded: 'statusSucceeded',
  failed: 'statusFailed',
  cancelled: 'statusCancelled',
};

export const RUN_STATUSES = Object.keys(KEYS) as RunStatus[];

/** The text key of a run status. */
export const runStatusKey = (status: RunStatus): StringKey => KEYS[status] ?? 'statusRunning';

/** A run's status as a coloured label. */
export function RunStatusChip({ status }: { status: RunStatus }) {
  const t = useT();
  return (
    <span className={`run-chip status-${status}`} data-status={status}>
      {t(runStatusKey(status))}
    </span>
  );
}

/** A date and time in the studio's language, Paris time. */
export const formatDate = (iso: string | null | undefined, lang: 'fr' | 'en') =>
  iso ? new Date(iso).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'Europe/Paris' }) : '—';
