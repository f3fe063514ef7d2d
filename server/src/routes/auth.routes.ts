import { randomBytes } from 'node:crypto';
import type { Models } from '@iapm/runtime/db';
import { Router } from 'express';
import { HttpProblem, invalid, unauthorized } from '../http/problem.ts';
import { verifyPassword } from '../services/password.ts';
import { sha256 } from '../services/tenant.service.ts';

const COOKIE = 'iapm_session';
const SESSION_HOURS = 12;
const MAX_ATTEMPTS = 10;
const WINDOW_MS = 15 * 60_000;

/** Session login for people: an httpOnly SameSite=Strict cookie holding a random token (hashed in the database). */
export function authRoutes(models: Models, options: { secureCookies: boolean }): Router {
  const router = Router();
  const attempts = new Map<string, { count: number; since: number }>();

  router.post('/api/auth/login', async (req, res) => {
    const { email, password } = (req.body ?? {}) as { email?: unknown; password?: unknown };
    const issues = [];
    if (typeof email !== 'string' || email.length === 0 || email.length > 320) {
      issues.push({
        pointer: '/email',
        code: 'schema.required',
        message: { fr: 'Adresse e-mail requise.', en: 'Email required.' },
        severity: 'error' as const,
      });
    }
    if (typeof password !== 'string' || password.length === 0 || password.length > 1024) {
      issues.push({
        pointer: '/password',
        code: 'schema.required',
        message: { fr: 'Mot de passe requis.', en: 'Password required.' },
        severity: 'error' as const,
      });
    }
    if (issues.length) throw invalid(issues);
    const key = `${req.ip}|${(email as string).toLowerCase()}`;
    const now = Date.now();
    const entry = attempts.get(key);
    if (entry && now - entry.since < WINDOW_MS && entry.count >= MAX_ATTEMPTS) {
      res.set('retry-after', String(Math.ceil((entry.since + WINDOW_MS - now) / 1000)));
      throw new HttpProblem(429, 'too-many-attempts', {
        fr: 'Trop de tentatives ; réessayez plus tard.',
        en: 'Too many attempts; try again later.',
      });
    }
    const user = await models.User.findOne({ email: (email as string).toLowerCase(), disabledAt: { $exists: false } });
    if (!user || !(await verifyPassword(password as string, user.passwordHash))) {
      attempts.set(
        key,
        entry && now - entry.since < WINDOW_MS
          ? { count: entry.count + 1, since: entry.since }
          : { count: 1, since: now },
      );
      throw new HttpProblem(401, 'bad-credentials', {
        fr: 'Adresse ou mot de passe incorrect.',
        en: 'Wrong email or password.',
      });
    }
    attempts.delete(key);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + SESSION_HOURS * 3600_000);
    await models.Session.create({
      tokenHash: sha256(token),
      userId: user._id,
      tenantId: user.tenantId,
      role: user.role,
      expiresAt,
      secondFactorDone: !user.totpSecret,
    });
    await models.User.updateOne({ _id: user._id }, { $set: { lastLoginAt: new Date(now) } });
    res.cookie(COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: options.secureCookies,
      path: '/',
      expires: expiresAt,
    });
    res.json({ user: userView(user) });
  });

  router.get('/api/auth/me', async (req, res) => {
    const token = readCookie(req.headers.cookie, COOKIE);
    if (!token) throw unauthorized();
    const session = await models.Session.findOne({ tokenHash: sha256(token), expiresAt: { $gt: new Date() } });
    if (!session) throw unauthorized();
    const user = await models.User.findById(session.userId);
    if (!user || user.disabledAt) throw unauthorized();
    res.json({ user: userView(user) });
  });

  router.post('/api/auth/logout', async (req, res) => {
    const token = readCookie(req.headers.cookie, COOKIE);
    if (token) await models.Session.deleteOne({ tokenHash: sha256(token) });
    res.clearCookie(COOKIE, { path: '/' });
    res.status(204).end();
  });
  return router;
}

/** What the studio is told about the signed-in person (never the password hash or the TOTP secret). */
function userView(user: { _id: unknown; email: string; name: string; role: string; tenantId?: unknown }) {
  return {
    id: String(user._id),
    email: user.email,
    name: user.name,
    role: user.role,
    tenantId: user.tenantId ? String(user.tenantId) : null,
  };
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
