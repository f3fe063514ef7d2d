import { type FormEvent, useState } from 'react';
import { api, isProblem } from '../api/client.ts';
import { pick, useLang, useT } from '../i18n/lang.tsx';
import type { User } from '../session.ts';

/** Sign-in form (e-mail and password). */
export function LoginScreen({ onLogin }: { onLogin: (user: User) => void }) {
  const t = useT();
  const lang = useLang();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const r = await api<{ user: User }>('/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ email, password }),
      });
      onLogin(r.user);
    } catch (problem) {
      setError(isProblem(problem) ? pick(problem.message, lang) : String(problem));
    }
  };
  return (
    <form className="card login" onSubmit={submit} aria-labelledby="login-title">
      <h2 id="login-title">{t('login')}</h2>
      <label>
        {t('email')}
        <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <label>
        {t('password')}
        <input
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary">
        {t('signIn')}
      </button>
    </form>
  );
}
