import { findEvent } from '@iapm/schemas';
import '@xyflow/react/dist/style.css';
import '../editor/editor.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { isProblem, type Problem } from '../api/client.ts';
import { type RunDetail, runsApi } from '../api/runs.ts';
import type { Trace } from '../api/workflows.ts';
import { workflowsApi } from '../api/workflows.ts';
import { DocPreview } from '../editor/doc-preview.tsx';
import { type Doc, normalizeDraft } from '../editor/model/document.ts';
import { runMarks } from '../editor/testrun/run-marks.ts';
import { TraceView } from '../editor/testrun/trace-view.tsx';
import { ValueView } from '../editor/testrun/value-view.tsx';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { useLiveData } from '../live/live-context.tsx';
import { navigate } from '../router.ts';
import { formatDate, RunStatusChip } from './run-status.tsx';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/** The trace view's shape of a run (the detail lists the same steps). */
const asTrace = (run: RunDetail): Trace => ({
  status: (run.status === 'running' ? 'waiting' : run.status) as Trace['status'],
  startedAt: run.startedAt,
  endedAt: run.endedAt ?? run.updatedAt ?? run.startedAt,
  steps: run.steps,
  effects: [],
  ...(run.error?.message
    ? {
        error: {
          ...run.error,
          code: run.error.code ?? 'error',
          message: run.error.message,
        },
      }
    : {}),
});

/**
 * One run: its path on the workflow's graph (the version it ran), its steps with their input and output, its
 * trigger event and validations; stop it while it runs, retry it when it failed. Follows the live connection until it ends.
 */
export function RunDetailScreen({ runId }: { runId: string }) {
  const t = useT();
  const lang = useLang();
  const [run, setRun] = useState<RunDetail | undefined>();
  const [doc, setDoc] = useState<Doc | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const fail = useCallback(
    (p: unknown) => setProblem(isProblem(p) ? p : { status: 0, code: 'x', message: { fr: String(p), en: String(p) } }),
    [],
  );
  const load = useCallback(() => runsApi.get(runId).then(setRun, fail), [runId, fail]);
  useLiveData(
    load,
    (m) =>
      (m.type === 'run.updated' ||
        m.type === 'run.step' ||
        m.type === 'validation.created' ||
        m.type === 'validation.decided') &&
      m.runId === runId,
  );
  useEffect(() => {
    if (!run || doc) return;
    workflowsApi.version(run.workflowId, run.version).then((v) => setDoc(normalizeDraft(v.document, '')), fail);
  }, [run, doc, fail]);
  const trace = useMemo(() => (run ? asTrace(run) : undefined), [run]);
  const marks = useMemo(() => (doc && trace ? runMarks(doc, trace) : undefined), [doc, trace]);

  const act = async (what: 'cancel' | 'retry') => {
    if (what === 'cancel' && !window.confirm(t('cancelRunConfirm'))) return;
    try {
      await (what === 'cancel' ? runsApi.cancel(runId) : runsApi.retry(runId));
      setMessage(t('requested'));
      await load();
    } catch (p) {
      fail(p);
    }
  };

  return (
    <section className="page run-detail" aria-labelledby="run-title" data-testid="run-detail">
      <a
        href="/runs"
        onClick={(e) => {
          e.preventDefault();
          void navigate('/runs');
        }}
      >
        ← {t('backToRuns')}
      </a>
      {problem && (
        <p className="error" role="alert">
          {pick(problem.message, lang)}
        </p>
      )}
      {!run && !problem && <p>{t('loading')}</p>}
      {run && (
        <>
          <div className="page-head">
            <h2 id="run-title">
              {t('runTitle')} — {t('workflowVersion', { name: run.workflowName ?? run.workflowId, n: run.version })}
            </h2>
            <RunStatusChip status={run.status} />
          </div>
          <p className="muted">
            {t('startedAt')} {formatDate(run.startedAt, lang)}
            {run.endedAt ? ` · ${t('endedAt')} ${formatDate(run.endedAt, lang)}` : ''}
            {run.nextWakeAt && !run.endedAt ? ` · ${t('nextWake', { date: formatDate(run.nextWakeAt, lang) })}` : ''}
          </p>
          <div className="run-actions">
            <button type="button" onClick={() => void navigate(`/workflows/${run.workflowId}`)}>
              {t('openWorkflow')}
            </button>
            {!FINISHED.has(run.status) && (
              <button type="button" className="danger" onClick={() => act('cancel')}>
                {t('cancelRun')}
              </button>
            )}
            {run.status === 'failed' && (
              <button type="button" onClick={() => act('retry')}>
                {t('retryRun')}
              </button>
            )}
          </div>
          {message && <p role="status">{message}</p>}
          <div className="run-body">
            {doc && <DocPreview doc={doc} label={t('runSteps')} run={marks} className="large" testId="run-graph" />}
            <div className="run-side">
              {doc && trace && <TraceView doc={doc} trace={trace} onFocus={() => {}} />}
              {run.event && (
                <details>
                  <summary>
                    {t('triggerEvent')} : {pick(findEvent(run.event.type)?.label, lang) || run.event.type}
                  </summary>
                  <ValueView value={run.event.payload} />
                </details>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
