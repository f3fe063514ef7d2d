import type { Trace } from '../../api/workflows.ts';
import type { StringKey } from '../../i18n/lang.tsx';

/** The label of each end status of a test run (the runs' status names). */
export const TRACE_STATUS_KEYS: Record<Trace['status'], StringKey> = {
  succeeded: 'statusSucceeded',
  failed: 'statusFailed',
  cancelled: 'statusCancelled',
  waiting: 'statusWaiting',
  awaiting_validation: 'statusAwaitingValidation',
};
