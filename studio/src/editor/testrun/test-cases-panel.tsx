import { useCallback, useEffect, useState } from 'react';
import { isProblem } from '../../api/client.ts';
import { type TestCase, type TestCaseRun, testCasesApi } from '../../api/test-cases.ts';
import type { Trace } from '../../api/workflows.ts';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import type { DraftSaver } from '../save/draft-saver.ts';
import { TRACE_STATUS_KEYS } from './trace-status.ts';

/**
 * « Tests »: the workflow's saved test cases; « Tout lancer » replays them on the draft in the sandbox and
 * marks each passed or failed with the reason; choosing a replayed case paints its path on the canvas.
 */
export function TestCasesPanel({
  workflowId,
  saver,
  onTrace,
}: {
  workflowId: string;
  saver: DraftSaver;
  onTrace: (trace: Trace | undefined) => void;
}) {
  const t = useT();
  const lang = useLang();
  const [cases, setCases] = useState<TestCase[] | undefined>();
  const [run, setRun] = useState<TestCaseRun | undefined>();
  const [shown, setShown] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const fail = useCallback((p: unknown) => setError(isProblem(p) ? pick(p.message, lang) : String(p)), [lang]);
  const load = useCallback(() => testCasesApi.list(workflowId).then(setCases, fail), [workflowId, fail]);
  useEffect(() => {
    void load();
  }, [load]);

  const runAll = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (!(await saver.flush())) throw new Error(t('publishNotSaved'));
      const result = await testCasesApi.run(workflowId);
      setRun(result);
      setShown(undefined);
      onTrace(undefined);
    } catch (p) {
      fail(p instanceof Error ? p.message : p);
    }
    setBusy(false);
  };
  const remove = async (c: TestCase) => {
    if (!window.confirm(t('deleteTestCaseConfirm', { name: c.name }))) return;
    try {
      await testCasesApi.remove(workflowId, c.id);
      setRun((r) => r && { ...r, results: r.results.filter((x) => x.caseId !== c.id) });
      await load();
    } catch (p) {
      fail(p);
    }
  };
  const resultOf = (id: string) => run?.results.find((r) => r.caseId === id);

  return (
    <section className="test-cases" data-testid="test-cases" aria-labelledby="test-cases-title">
      <h2 id="test-cases-title">{t('testCasesTitle')}</h2>
      <p className="help">{t('testCasesHelp')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {cases?.length === 0 && <p data-testid="no-test-cases">{t('noTestCases')}</p>}
      {cases && cases.length > 0 && (
        <>
          <div className="dialog-actions">
            <button type="button" className="primary" disabled={busy} onClick={runAll} data-testid="run-test-cases">
              {busy ? t('running') : t('runAllTestCases')}
            </button>
          </div>
          {run && (
            <p className="test-cases-summary" role="status" data-testid="test-cases-summary">
              {t('testCasesSummary', { passed: run.passed, failed: run.failed })}
            </p>
          )}
          <ul className="test-case-list">
            {cases.map((c) => {
              const result = resultOf(c.id);
              return (
                <li
                  key={c.id}
                  className={`test-case ${result ? (result.passed ? 'passed' : 'failed') : ''} ${shown === c.id ? 'shown' : ''}`}
                  data-testid={`test-case-${c.id}`}
                >
                  <div className="test-case-head">
                    {result && (
                      <span
                        className={`badge ${result.passed ? 'badge-passed' : 'badge-failed'}`}
                        data-testid="test-case-badge"
                      >
                        {result.passed ? t('testPassed') : t('testFailed')}
                      </span>
                    )}
                    <button
                      type="button"
                      className="link-button test-case-name"
                      disabled={!result?.trace}
                      aria-pressed={shown === c.id}
                      title={result?.trace ? t('showTestCaseTrace') : undefined}
                      onClick={() => {
                        if (!result?.trace) return;
                        setShown(c.id);
                        onTrace(result.trace);
                      }}
                    >
                      {c.name}
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      aria-label={t('deleteTestCase', { name: c.name })}
                      onClick={() => remove(c)}
                    >
                      ×
                    </button>
                  </div>
                  <p className="help">
                    {t('expectedStatusIs', { status: t(TRACE_STATUS_KEYS[c.expect.status]) })}
                    {c.expect.steps?.length ? ` — ${t('expectedStepsCount', { count: c.expect.steps.length })}` : ''}
                  </p>
                  {result && !result.passed && (
                    <ul className="test-case-reasons" data-testid="test-case-reasons">
                      {result.reasons.map((r) => (
                        <li key={r.en}>{pick(r, lang)}</li>
                      ))}
                      {result.issues?.slice(0, 4).map((i) => (
                        <li key={`${i.pointer}${i.code}`}>
                          {i.pointer} — {pick(i.message, lang)}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
