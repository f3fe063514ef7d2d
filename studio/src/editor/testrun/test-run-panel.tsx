import { type AutonomyPolicy, type CheckedNode, findEvent, type Issue, triggerEventType } from '@iapm/schemas';
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
import { type PresetChoice, PresetSamplePicker } from './preset-samples.tsx';
import { type RanRequest, SaveTestCase } from './save-test-case.tsx';
import { TraceView } from './trace-view.tsx';

type Answer = Decision | 'WAIT';

/** An instant (now by default) as a `datetime-local` value (minutes, the browser's time zone). */
const localTime = (d = new Date()) => {
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
};
const localNow = () => localTime();

/** What the « Tester » panels are given by the editor. */
export interface TestPanelProps {
  workflowId: string;
  presetId?: string | null;
  store: EditorStore;
  saver: DraftSaver;
  policy?: AutonomyPolicy;
  trace: Trace | undefined;
  onTrace: (trace: Trace | undefined) => void;
  onFocus: (nodeId: string) => void;
}

/**
 * Test runs in the sandbox: the trigger's event with a payload from a form (prefilled from the event's
 * example), the simulated start time, and the answer of each gate (approve, reject, or leave it waiting
 * and answer when the run pauses). The payload may come from the event's examples, a recent real run or,
 * for a workflow installed from a preset, the preset's samples and scenarios. The result is painted on the
 * canvas and listed step by step, and can be saved as a test case.
 */
export function TestRunPanel({ workflowId, presetId, store, saver, policy, trace, onTrace, onFocus }: TestPanelProps) {
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
  // The request of the trace shown, when it came from this panel (what « save as a test case » records).
  const [ran, setRan] = useState<{ request: RanRequest; trace: Trace } | undefined>();
  // What the server foresees for a real run that the sandbox cannot see (e.g. a template the firm lacks).
  const [warnings, setWarnings] = useState<Issue[]>([]);
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
      const request = {
        event: { type, payload: current },
        at: new Date(at).toISOString(),
        ...(Object.keys(decisions).length ? { decisions } : {}),
      };
      const result = await workflowsApi.testRun(workflowId, request);
      setRan({ request, trace: result.trace });
      setWarnings(result.warnings.filter((w) => w.severity === 'warning' && w.code.startsWith('firm.')));
      onTrace(result.trace);
    } catch (p) {
      setProblem(isProblem(p) ? p : { status: 0, code: 'x', message: { fr: String(p), en: String(p) } });
      setWarnings([]);
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
          {presetId && (
            <PresetSamplePicker
              presetId={presetId}
              eventType={type as string}
              onChoose={(choice: PresetChoice) => {
                setPayload(choice.payload);
                if (choice.at) setAt(localTime(new Date(choice.at)));
                if (choice.decisions)
                  setAnswers(
                    Object.fromEntries(
                      Object.entries(choice.decisions).map(([node, d]) => [node, d === 'REJECTED' ? d : 'APPROVED']),
                    ),
                  );
              }}
            />
          )}
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
      {trace && ran?.trace === trace && (
        <SaveTestCase key={JSON.stringify(ran.request)} workflowId={workflowId} ran={ran.request} trace={trace} />
      )}
      {trace && ran?.trace === trace && warnings.length > 0 && (
        <div className="test-run-warnings" role="note" data-testid="test-run-warnings">
          <p>{t('testRunWarnings')}</p>
          <ul>
            {warnings.map((w) => (
              <li key={`${w.pointer}|${w.code}`}>
                {w.nodeId ? (
                  <button type="button" className="link-button" onClick={() => w.nodeId && onFocus(w.nodeId)}>
                    {w.message[lang]}
                  </button>
                ) : (
                  w.message[lang]
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {trace && <TraceView doc={doc} trace={trace} onFocus={onFocus} />}
    </section>
  );
}
