import { findEvent } from '@iapm/schemas';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { isProblem } from '../api/client.ts';
import { type WorkflowSummary, workflowsApi } from '../api/workflows.ts';
import { readJsonFile } from '../components/download.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { navigate } from '../router.ts';

/** The firm's workflows: open one, create one, import a file. */
export function WorkflowListScreen() {
  const t = useT();
  const lang = useLang();
  const [items, setItems] = useState<WorkflowSummary[] | undefined>();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    workflowsApi.list().then(setItems, (p) => setError(isProblem(p) ? pick(p.message, lang) : String(p)));
  }, [lang]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    try {
      const wf = await workflowsApi.create(name.trim());
      await navigate(`/workflows/${wf.id}`);
    } catch (p) {
      setError(isProblem(p) ? pick(p.message, lang) : String(p));
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    try {
      const wf = await workflowsApi.import(await readJsonFile(file));
      await navigate(`/workflows/${wf.id}`);
    } catch (p) {
      const detail = isProblem(p)
        ? [pick(p.message, lang), ...(p.issues ?? []).slice(0, 5).map((i) => `${i.pointer} ${pick(i.message, lang)}`)]
            .filter(Boolean)
            .join(' — ')
        : (p as Error).message;
      setError(t('importFailed', { detail }));
    }
    if (fileInput.current) fileInput.current.value = '';
  };

  const statusLabel = (s: WorkflowSummary['status']) =>
    t(s === 'published' ? 'statusPublished' : s === 'archived' ? 'statusArchived' : 'statusDraft');

  return (
    <section className="page">
      <div className="page-head">
        <h2>{t('workflows')}</h2>
        <form className="inline-form" onSubmit={create}>
          <label>
            <span className="sr-only">{t('workflowName')}</span>
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={t('workflowName')}
              aria-label={t('workflowName')}
              maxLength={200}
            />
          </label>
          <button type="submit" className="primary" disabled={!name.trim()}>
            {t('newWorkflow')}
          </button>
          <button type="button" onClick={() => fileInput.current?.click()}>
            {t('importWorkflow')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            data-testid="import-file"
            onChange={(e) => importFile(e.target.files?.[0])}
          />
        </form>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {items === undefined && !error && <p>{t('loading')}</p>}
      {items?.length === 0 && <p>{t('noWorkflows')}</p>}
      {items && items.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('trigger')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">
                <span className="sr-only">{t('open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((wf) => (
              <tr key={wf.id}>
                <td>
                  <a
                    href={`/workflows/${wf.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      void navigate(`/workflows/${wf.id}`);
                    }}
                  >
                    {wf.name}
                  </a>
                </td>
                <td>{wf.triggerEvent ? pick(findEvent(wf.triggerEvent)?.label, lang) || wf.triggerEvent : '—'}</td>
                <td>
                  {statusLabel(wf.status)}
                  {wf.publishedVersion ? ` · ${t('version', { n: wf.publishedVersion })}` : ''}
                  {wf.publishedVersion ? ` · ${t(wf.enabled ? 'enabled' : 'disabled')}` : ''}
                </td>
                <td>
                  <button type="button" onClick={() => navigate(`/workflows/${wf.id}`)}>
                    {t('open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
