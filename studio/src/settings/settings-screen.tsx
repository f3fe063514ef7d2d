import { deref, type Issue, WORKFLOW_CONFIG_SCHEMA } from '@iapm/schemas';
import '../editor/editor.css';
import { useEffect, useMemo, useState } from 'react';
import { api, isProblem, jsonBody } from '../api/client.ts';
import { SchemaForm } from '../editor/inspector/schema-form.tsx';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { ApiKeysSection } from './api-keys-section.tsx';
import { UsersSection } from './users-section.tsx';

interface Firm {
  name: string;
  plan: { label: { fr: string; en: string }; limits: Record<string, number> };
  usage: { users: number; workflows: number; apiKeys: number };
}

/**
 * The firm's settings: its plan and usage, its `WorkflowConfig` as a form generated from the schema (values
 * not set show their default), and its API keys.
 */
export function SettingsScreen() {
  const t = useT();
  const lang = useLang();
  const schema = useMemo(() => deref(WORKFLOW_CONFIG_SCHEMA, WORKFLOW_CONFIG_SCHEMA.$id), []);
  const [firm, setFirm] = useState<Firm | undefined>();
  const [config, setConfig] = useState<Record<string, unknown> | undefined>();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    api<Firm>('/api/firm').then(setFirm, () => {});
    api<{ config: Record<string, unknown> }>('/api/firm/config').then(
      (r) => setConfig(r.config),
      (p) => setError(isProblem(p) ? pick(p.message, lang) : String(p)),
    );
  }, [lang]);

  const save = async () => {
    setMessage(undefined);
    setError(undefined);
    try {
      const r = await api<{ config: Record<string, unknown> }>('/api/firm/config', {
        method: 'PUT',
        ...jsonBody(config ?? {}),
      });
      setConfig(r.config);
      setIssues([]);
      setMessage(t('settingsSaved'));
    } catch (p) {
      if (isProblem(p)) {
        setIssues((p.issues ?? []).map((i) => ({ ...i, pointer: `/config${i.pointer}` })));
        setError(pick(p.message, lang));
      } else setError(String(p));
    }
  };

  return (
    <section className="page settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settingsTitle')}</h2>
      {firm && (
        <section className="card settings-section" aria-label={t('firm')}>
          <h2>{firm.name}</h2>
          <p>
            {t('plan', { plan: pick(firm.plan.label, lang) })} ·{' '}
            {t('usage', {
              users: firm.usage.users,
              maxUsers: firm.plan.limits.maxUsers ?? '∞',
              workflows: firm.usage.workflows,
              maxWorkflows: firm.plan.limits.maxWorkflows ?? '∞',
            })}
          </p>
        </section>
      )}
      <section className="card settings-section" aria-labelledby="config-title" data-testid="firm-config">
        <h2 id="config-title">{t('workflowConfig')}</h2>
        <p className="help">{t('workflowConfigHelp')}</p>
        {!config && !error && <p>{t('loading')}</p>}
        {config && (
          <SchemaForm
            schema={schema}
            value={config}
            onChange={setConfig}
            pointer="/config"
            issues={issues}
            fields={[]}
            plain
          />
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {message && <p role="status">{message}</p>}
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={save} disabled={!config} data-testid="save-settings">
            {t('saveSettings')}
          </button>
        </div>
      </section>
      <UsersSection />
      <ApiKeysSection />
    </section>
  );
}
