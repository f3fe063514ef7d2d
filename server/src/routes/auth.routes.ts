import type { Models } from '@iapm/runtime/db';
import { Router } from 'express';
import { authenticate, principalOf, readCookie, SESSION_COOKIE } from '../http/auth.ts';
import { forbidden } from '../http/problem.ts';
import { parse } from '../http/validate.ts';
import { AuthService } from '../services/auth.service.ts';

/**
 * Sign-in for people: an httpOnly SameSite=Strict cookie holding a random token (hashed in MongoDB), a
 * TOTP second factor when the person has one or the firm requires one, and password changes.
 */
export function authRoutes(models: Models, options: { secureCookies: boolean }): Router {
  const router = Router();
  const auth = new AuthService(models);
  const signedIn = authenticate(models);
  // The routes that complete a session's second factor accept a session still waiting for it.
  const pending = authenticate(models, { allowPendingSecondFactor: true });

  router.post('/api/auth/login', async (req, res) => {
    const body = parse('LoginBody', req.body);
    const session = await auth.login(body.email, body.password, req.ip ?? '');
    res.locals.auditActor = {
      actor: { kind: 'user', id: session.user.id },
      ...(session.user.tenantId ? { tenantId: session.user.tenantId } : {}),
    };
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: options.secureCookies,
      path: '/',
      expires: session.expiresAt,
    });
    res.json({ user: session.user, secondFactor: session.secondFactor });
  });

  router.get('/api/auth/me', pending, async (req, res) => {
    const principal = principalOf(req);
    if (principal.kind !== 'user') {
      res.json({ apiKey: { id: principal.id, name: principal.name, tenantId: principal.tenantId } });
      return;
    }
    res.json(await auth.me(principal));
  });

  router.post('/api/auth/logout', async (req, res) => {
    // Logging out never fails: without a valid session there is nothing to close.
    await auth.logout(readCookie(req.headers.cookie, SESSION_COOKIE));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.post('/api/auth/totp/verify', pending, async (req, res) => {
    const { code } = parse('TotpCodeBody', req.body);
    res.json(await auth.verifySecondFactor(sessionOf(req), code));
  });

  router.post('/api/auth/totp/setup', pending, async (req, res) => {
    res.json(await auth.setupTwoFactor(sessionOf(req)));
  });

  router.post('/api/auth/totp/enable', pending, async (req, res) => {
    const body = parse('TotpEnableBody', req.body);
    res.json(await auth.enableTwoFactor(sessionOf(req), body.secret, body.code));
  });

  router.post('/api/auth/totp/disable', signedIn, async (req, res) => {
    const { code } = parse('TotpCodeBody', req.body);
    res.json(await auth.disableTwoFactor(sessionOf(req), code));
  });

  router.post('/api/auth/password', signedIn, async (req, res) => {
    const body = parse('PasswordChangeBody', req.body);
    await auth.changePassword(sessionOf(req), body.currentPassword, body.newPassword);
    res.status(204).end();
  });
  return router;
}

/** The person behind a session (an API key has no second factor nor password). */
function sessionOf(req: Express.Request) {
  const principal = principalOf(req);
  if (principal.kind !== 'user') throw forbidden();
  return principal;
}
