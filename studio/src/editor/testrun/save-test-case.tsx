import type { TestCaseBody } from '@iapm/schemas';
import { useState } from 'react';
import { isProblem } from '../../api/client.ts';
import { testCasesApi } from '../../api/test-cases.ts';
import type { Trace } from '../../api/workflows.ts';
import { pick, useLang, useT } from '../../i18n/lang.tsx';
import { TRACE_STATUS_KEYS } from './trace-status.ts';

/** What was run, as a test case records it (the request, without its expectation). */
export type RanRequest = Omit<TestCaseBody, 'name' | 'expect'>;

/** The steps a trace visited, as an expectation names them (`node:port`). */
export const visitedSteps = (trace: Trace) =>
  trace.steps.filter((s) => s.status !== 'skipped').map((s) => (s.port ? `${s.nodeId}:${s.port}` : s.nodeId));

/**
 * « Enregistrer comme cas de test »: the last test run (event, start, gate answers) saved with a name and an
 * expected end status (the one obtained, unless changed), optionally with the steps it visited.
 */
export function SaveTestCase({
  workflowId,
  ran,
  trace,
  onSaved,
}: {
  workflowId: string;
  ran: RanRequest;
  trace: Trace;
  onSaved?: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [status, setStatus] = useState<Trace['status']>(trace.status);
  const [withSteps, setWithSteps] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  if (!open)
    return (
      <div className="save-test-case">
        <button
          type="button"
          onClick={() => {
            setOpen(true);
            setStatus(trace.status);
            setMessage(undefined);
          }}
          data-testid="save-test-case"
        >
          {t('saveAsTestCase')}
        </button>
        {message && (
          <p className="help" role="status">
            {message}
          </p>
        )}
      </div>
    );
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const saved = await testCasesApi.create(workflowId, {
        name: name.trim(),
        ...ran,
        expect: { status, ...(withSteps ? { steps: visitedSteps(trace) } : {}) },
      });
      setOpen(false);
      setName('');
      setMessage(t('testCaseSaved', { name: saved.name }));
      onSaved?.();
    } catch (p) {
      setError(isProblem(p) ? pick(p.message, lang) : String(p));
    }
    setBusy(false);
  };
  return (
    <form
      className="save-test-case open"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      data-testid="save-test-case-form"
    >
      <label className="field">
        <span>{t('testCaseName')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
      </label>
      <label className="field">
        <span>{t('expectedStatus')}</span>
        <select value={status} onChange={(e) => setStatus(e.target.value as Trace['status'])}>
          {Object.entries(TRACE_STATUS_KEYS).map(([value, key]) => (
            <option key={value} value={value}>
              {t(key)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={withSteps} onChange={(e) => setWithSteps(e.target.checked)} />
        {t('expectSameSteps')}
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy || !name.trim()}>
          {t('saveTestCase')}
        </button>
      </div>
    </form>
  );
}
