import { type AutonomyPolicy, type CheckedNode, findEvent, triggerEventType } from '@iapm/schemas';
import { useMemo, useState } from 'react';
import { isProblem, type Problem } from '../../api/client.ts';
import { type Decision, type Trace, workflowsApi } from '../../api/workflows.ts';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { JsonField } from '../inspector/json-field.tsx';
import { SchemaForm } from '../inspector/schema-form.tsx';
import { nodeTitle } from '../model/describe.ts';
import { isGated } from '../model/ports.ts';
import { type EditorStore, useEditor } from '../model/store.ts';
import type { DraftSaver } from '../save/draft-saver.ts';
import { PastRunPicker } from './past-runs.tsx';
import { TraceView } from './trace-view.tsx';

type Answer = Decision | 'WAIT';

/** The current time as a `datetime-local` value (minutes). */
const localNow = () => {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

/**
 * Test runs in the sandbox: the trigger's event with a payload from a form (prefilled from the event's
 * example), the simulated start time, and the answer of each gate (approve, reject, or leave it waiting
 * and answer when the run pauses). The result is painted on the canvas and listed step by step.
 */
export function TestRunPanel({
  workflowId,
  store,
  saver,
  policy,
  trace,
  onTrace,
  onFocus,
}: {
  workflowId: string;
  store: EditorStore;
  saver: DraftSaver;
  policy?: AutonomyPolicy;
  trace: Trace | undefined;
  onTrace: (trace: Trace | undefined) => void;
  onFocus: (nodeId: string) => void;
}) {
  const t = useT();
  const lang = useLang();
  const doc = useEditor(store, (s) => s.doc);
  const trigger = doc.nodes.find((n) => n.kind === 'trigger') as CheckedNode | undefined;
  const type = triggerEventType(trigger);
  const event = type ? findEvent(type) : undefined;
  const [example, setExample] = useState(0);
  const [payload, setPayload] = useState<Record<string, unknown> | undefined>();
  const [json, setJson] = useState(false);
  const [at, setAt] = useState(localNow);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const gates = useMemo(() => doc.nodes.filter((n) => isGated(n, policy)), [doc, policy]);
  const current = payload ?? (event?.examples[example] as Record<string, unknown> | undefined) ?? {};

  const run = async (extra: Record<string, Answer> = {}) => {
    if (!type) return;
    setBusy(true);
    setProblem(undefined);
    const all = { ...answers, ...extra };
    const decisions = Object.fromEntries(
      gates.map((g) => [g.id, all[g.id] ?? 'APPROVED']).filter(([, a]) => a !== 'WAIT'),
    ) as Record<string, Decision>;
    try {
      if (!(await saver.flush()))
        throw { status: 0, code: 'not-saved', message: { fr: t('publishNotSaved'), en: t('publishNotSaved') } };
      const result = await workflowsApi.testRun(workflowId, {
        event: { type, payload: current },
        at: new Date(at).toISOString(),
        ...(Object.keys(decisions).length ? { decisions } : {}),
      });
      onTrace(result.trace);
    } catch (p) {
      setProblem(isProblem(p) ? p : { status: 0, code: 'x', message: { fr: String(p), en: String(p) } });
      onTrace(undefined);
    }
    setBusy(false);
  };

  const waitingGate =
    trace?.status === 'awaiting_validation'
      ? trace.steps.findLast((s) => s.status === 'awaiting_validation')
      : undefined;

  return (
    <section className="test-run" data-testid="test-run-panel" aria-labelledby="test-run-title">
      <h2 id="test-run-title">{t('testRunTitle')}</h2>
      {!event ? (
        <p className="help">{t('testRunNoTrigger')}</p>
      ) : (
        <>
          <p className="help">{t('testRunHelp', { event: pick(event.label, lang) })}</p>
          <div className="test-run-example">
            {event.examples.length > 1 && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setExample((example + 1) % event.examples.length);
                  setPayload(undefined);
                }}
              >
                {t('nextExample')}
              </button>
            )}
            <button type="button" className="link-button" onClick={() => setJson(!json)} aria-pressed={json}>
              {t('tabJson')}
            </button>
          </div>
          <PastRunPicker workflowId={workflowId} eventType={type as string} onPayload={setPayload} />
          <fieldset className="sample-event">
            <legend>{t('sampleEvent')}</legend>
            {json ? (
              <JsonField
                value={current}
                onChange={(v) => setPayload((v ?? {}) as Record<string, unknown>)}
                rows={10}
                label={t('sampleEvent')}
              />
            ) : (
              <SchemaForm
                schema={event.payloadSchema}
                value={current}
                onChange={setPayload}
                pointer="/event/payload"
                issues={problem?.issues ?? []}
                fields={[]}
                plain
              />
            )}
          </fieldset>
          <label className="field">
            <span>{t('simulatedNow')}</span>
            <input
              type="datetime-local"
              value={at}
              onChange={(e) => setAt(e.target.value)}
              data-testid="simulated-now"
            />
          </label>
          {gates.length > 0 && (
            <fieldset>
              <legend>{t('gateAnswers')}</legend>
              {gates.map((g) => (
                <label key={g.id} className="field">
                  <span>{pick(nodeTitle(g), lang)}</span>
                  <select
                    value={answers[g.id] ?? 'APPROVED'}
                    onChange={(e) => setAnswers({ ...answers, [g.id]: e.target.value as Answer })}
                  >
                    <option value="APPROVED">{t('decisionApprove')}</option>
                    <option value="REJECTED">{t('decisionReject')}</option>
                    <option value="WAIT">{t('decisionWait')}</option>
                  </select>
                </label>
              ))}
            </fieldset>
          )}
          <div className="dialog-actions">
            {trace && (
              <button type="button" onClick={() => onTrace(undefined)}>
                {t('clearRun')}
              </button>
            )}
            <button type="button" className="primary" disabled={busy} onClick={() => run()} data-testid="run-test">
              {busy ? t('running') : t('runTest')}
            </button>
          </div>
        </>
      )}
      {problem && (
        <div className="error" role="alert">
          <p>{pick(problem.message, lang)}</p>
          {problem.issues && (
            <ul>
              {problem.issues.slice(0, 8).map((i) => (
                <li key={`${i.pointer}${i.code}`}>
                  {i.pointer} — {pick(i.message, lang)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {waitingGate && (
        <div className="gate-answer" data-testid="gate-answer">
          <p>
            {t('runPausedAt', {
              node: pick(
                nodeTitle(
                  doc.nodes.find((n) => n.id === waitingGate.nodeId) ?? { id: waitingGate.nodeId, kind: 'end' },
                ),
                lang,
              ),
            })}
          </p>
          <button type="button" onClick={() => run({ [waitingGate.nodeId]: 'APPROVED' })}>
            {t('decisionApprove')}
          </button>
          <button type="button" onClick={() => run({ [waitingGate.nodeId]: 'REJECTED' })}>
            {t('decisionReject')}
          </button>
        </div>
      )}
      {trace && <TraceView doc={doc} trace={trace} onFocus={onFocus} />}
    </section>
  );
}
