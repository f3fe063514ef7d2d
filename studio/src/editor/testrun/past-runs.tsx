import { useEffect, useState } from 'react';
import { type RunSummary, runsApi } from '../../api/runs.ts';
import { useLang, useT } from '../../i18n/lang.tsx';

/** Choosing a recent real run of the workflow gives its trigger event's payload (to test on real data). */
export function PastRunPicker({
  workflowId,
  eventType,
  onPayload,
}: {
  workflowId: string;
  eventType: string;
  onPayload: (payload: Record<string, unknown>) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [runs, setRuns] = useState<RunSummary[]>([]);
  useEffect(() => {
    runsApi.list({ workflowId }).then(
      (page) => setRuns(page.items.filter((r) => r.trigger.type === eventType).slice(0, 20)),
      () => setRuns([]),
    );
  }, [workflowId, eventType]);
  if (runs.length === 0) return null;
  return (
    <label className="field">
      <span>{t('fromPastRun')}</span>
      <select
        value=""
        onChange={async (e) => {
          if (!e.target.value) return;
          const run = await runsApi.get(e.target.value);
          if (run.event) onPayload(run.event.payload);
        }}
        data-testid="past-run"
      >
        <option value="">{t('choose')}</option>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {new Date(r.startedAt).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'Europe/Paris' })}
          </option>
        ))}
      </select>
    </label>
  );
}
