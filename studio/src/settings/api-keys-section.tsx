import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, isProblem, jsonBody } from '../api/client.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { formatDate } from '../runs/run-status.tsx';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The firm's API keys: create one (shown once), see when each was last used, revoke one. */
export function ApiKeysSection() {
  const t = useT();
  const lang = useLang();
  const [keys, setKeys] = useState<ApiKey[] | undefined>();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const fail = useCallback((p: unknown) => setError(isProblem(p) ? pick(p.message, lang) : String(p)), [lang]);
  const load = useCallback(() => api<{ items: ApiKey[] }>('/api/api-keys').then((r) => setKeys(r.items), fail), [fail]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const r = await api<{ key: string }>('/api/api-keys', { method: 'POST', ...jsonBody({ name: name.trim() }) });
      setCreated(r.key);
      setName('');
      await load();
    } catch (p) {
      fail(p);
    }
  };
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(t('revokeConfirm', { name: key.name }))) return;
    try {
      await api(`/api/api-keys/${key.id}/revoke`, { method: 'POST' });
      await load();
    } catch (p) {
      fail(p);
    }
  };

  return (
    <section className="card settings-section" aria-labelledby="keys-title" data-testid="api-keys">
      <h2 id="keys-title">{t('apiKeys')}</h2>
      <p className="help">{t('apiKeysHelp')}</p>
      <form className="inline-form" onSubmit={create}>
        <label>
          <span className="sr-only">{t('apiKeyName')}</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('apiKeyName')}
            aria-label={t('apiKeyName')}
            maxLength={100}
          />
        </label>
        <button type="submit" disabled={!name.trim()}>
          {t('createApiKey')}
        </button>
      </form>
      {created && (
        <p className="created-key" role="status">
          {t('apiKeyShownOnce')} <code data-testid="created-key">{created}</code>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {keys && (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('apiKeyPrefix')}</th>
              <th scope="col">{t('apiKeyLastUsed')}</th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}</code>
                </td>
                <td>{formatDate(k.lastUsedAt, lang)}</td>
                <td>
                  {k.revokedAt ? (
                    t('apiKeyRevoked', { date: formatDate(k.revokedAt, lang) })
                  ) : (
                    <button type="button" className="danger" onClick={() => revoke(k)}>
                      {t('revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
