import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, isProblem, jsonBody } from '../api/client.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import { formatDate } from '../runs/run-status.tsx';

interface Member {
  id: string;
  email: string;
  name: string;
  role: 'ADMIN' | 'CLIENT';
  disabled: boolean;
  lastLoginAt: string | null;
}

/**
 * The firm's people: add a lawyer or assistant (the password is generated and shown once), allow or stop
 * someone's access. Clients are added from their case.
 */
export function UsersSection() {
  const t = useT();
  const lang = useLang();
  const [members, setMembers] = useState<Member[] | undefined>();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const fail = useCallback((p: unknown) => setError(isProblem(p) ? pick(p.message, lang) : String(p)), [lang]);
  const load = useCallback(() => api<{ items: Member[] }>('/api/users').then((r) => setMembers(r.items), fail), [fail]);
  useEffect(() => {
    void load();
  }, [load]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const r = await api<{ password?: string }>('/api/users', {
        method: 'POST',
        ...jsonBody({ name: name.trim(), email: email.trim(), role: 'ADMIN' }),
      });
      setPassword(r.password);
      setName('');
      setEmail('');
      await load();
    } catch (p) {
      fail(p);
    }
  };
  const setAccess = async (member: Member, disabled: boolean) => {
    setError(undefined);
    try {
      await api(`/api/users/${member.id}`, { method: 'PATCH', ...jsonBody({ disabled }) });
      await load();
    } catch (p) {
      fail(p);
    }
  };

  return (
    <section className="card settings-section" aria-labelledby="users-title" data-testid="users">
      <h2 id="users-title">{t('users')}</h2>
      <form className="inline-form" onSubmit={add}>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t('name')}
          aria-label={t('name')}
          maxLength={200}
        />
        <input
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          placeholder={t('email')}
          aria-label={t('email')}
        />
        <button type="submit" disabled={!name.trim() || !email.trim()}>
          {t('addUser')}
        </button>
      </form>
      {password && (
        <p className="created-key" role="status">
          {t('passwordShownOnce')} <code data-testid="created-password">{password}</code>
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {members && (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('lastLogin')}</th>
              <th scope="col">{t('access')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{t(m.role === 'ADMIN' ? 'roleAdmin' : 'roleClient')}</td>
                <td>{formatDate(m.lastLoginAt, lang)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => setAccess(m, !m.disabled)}
                    aria-label={`${t(m.disabled ? 'enableUser' : 'disableUser')} — ${m.name}`}
                  >
                    {t(m.disabled ? 'enableUser' : 'disableUser')}
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
