import { claimOnce, type Models } from '@iapm/runtime/db';
import { configWithDefaults } from '@iapm/schemas';
import type { Principal } from '../http/auth.ts';
import { conflict, HttpProblem, invalid } from '../http/problem.ts';
import { AttemptLimiter } from '../http/rate-limit.ts';
import { issue } from '../http/validate.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { newSessionToken, sha256 } from './tokens.ts';
import { base32Decode, newTotpSecret, otpauthUri, verifyTotp } from './totp.ts';

export const SESSION_HOURS = 12;

/** What the studio is told about a person (never the password hash or the TOTP secret). */
export function userView(user: {
  _id: unknown;
  email: string;
  name: string;
  role: string;
  tenantId?: unknown;
  workspaceId?: unknown;
  totpSecret?: string | null;
}) {
  return {
    id: String(user._id),
    email: user.email,
    name: user.name,
    role: user.role,
    tenantId: user.tenantId ? String(user.tenantId) : null,
    workspaceId: user.workspaceId ? String(user.workspaceId) : null,
    twoFactorEnabled: Boolean(user.totpSecret),
  };
}

const tooMany = (retryAfterMs: number) =>
  new HttpProblem(
    429,
    'too-many-attempts',
    { fr: 'Trop de tentatives ; réessayez plus tard.', en: 'Too many attempts; try again later.' },
    [],
    { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) },
  );

/** Whether the person's firm requires a second factor (`security.requireTwoFactor`). */
async function firmRequiresTwoFactor(models: Models, tenantId: unknown): Promise<boolean> {
  if (!tenantId) return false;
  const tenant = await models.Tenant.findById(tenantId, { config: 1 }).lean();
  return configWithDefaults(tenant?.config ?? {}).security?.requireTwoFactor === true;
}

/**
 * Sign-in, second factor (TOTP, RFC 6238) and password changes. Failed attempts are limited per address and
 * e-mail (login) and per person (codes); sessions live in MongoDB and the cookie holds only a random token.
 */
export class AuthService {
  private readonly logins: AttemptLimiter;
  private readonly codes: AttemptLimiter;

  constructor(private readonly models: Models) {
    this.logins = new AttemptLimiter(models.User.db, 'login', 10, 15 * 60_000);
    this.codes = new AttemptLimiter(models.User.db, 'totp', 5, 15 * 60_000);
  }

  /**
   * Checks the password and opens a session. When the person has a second factor, or their firm requires
   * one, the session is opened without it (`secondFactor` says what comes next) and only the second-factor
   * routes accept it until it is done.
   */
  async login(email: string, password: string, ip: string, now = Date.now()) {
    const key = `${ip}|${email.toLowerCase()}`;
    const wait = await this.logins.retryAfter(key, now);
    if (wait > 0) throw tooMany(wait);
    const user = await this.models.User.findOne({ email: email.toLowerCase(), disabledAt: { $exists: false } });
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      await this.logins.fail(key, now);
      throw new HttpProblem(401, 'bad-credentials', {
        fr: 'Adresse ou mot de passe incorrect.',
        en: 'Wrong email or password.',
      });
    }
    await this.logins.succeed(key, now);
    const secondFactor: NonNullable<Principal['secondFactor']> = user.totpSecret
      ? 'required'
      : (await firmRequiresTwoFactor(this.models, user.tenantId))
        ? 'enrolment-required'
        : 'done';
    const { token, hash, id } = newSessionToken();
    const expiresAt = new Date(now + SESSION_HOURS * 3600_000);
    await this.models.Session.create({
      _id: id,
      tokenHash: hash,
      userId: user._id,
      tenantId: user.tenantId,
      role: user.role,
      expiresAt,
      secondFactorDone: secondFactor === 'done',
    });
    await this.models.User.updateOne({ _id: user._id }, { $set: { lastLoginAt: new Date(now) } });
    // The database has no TTL index on FerretDB: a person's expired sessions go when they sign in again.
    await this.models.Session.deleteMany({ userId: user._id, expiresAt: { $lt: new Date(now) } });
    return { token, expiresAt, user: userView(user), secondFactor };
  }

  /** The signed-in person and where their session stands. */
  async me(principal: Principal) {
    const user = await this.models.User.findById(principal.id).lean();
    if (!user)
      throw new HttpProblem(401, 'unauthorized', { fr: 'Authentification requise.', en: 'Authentication required.' });
    return {
      user: userView(user),
      secondFactor: principal.secondFactor ?? 'done',
      twoFactorRequiredByFirm: await firmRequiresTwoFactor(this.models, user.tenantId),
    };
  }

  /** Closes the session of a cookie's token (nothing to do without one). */
  async logout(token: string | undefined): Promise<void> {
    if (token) await this.models.Session.deleteOne({ tokenHash: sha256(token) });
  }

  /** Completes a session's second factor with a code from the person's authenticator app. */
  async verifySecondFactor(principal: Principal, code: string, now = Date.now()) {
    const user = await this.models.User.findById(principal.id);
    if (!user?.totpSecret)
      throw conflict('two-factor-not-enabled', {
        fr: "La double authentification n'est pas activée.",
        en: 'Two-factor authentication is not enabled.',
      });
    await this.acceptCode({ _id: user._id, totpSecret: user.totpSecret, totpLastStep: user.totpLastStep }, code, now);
    await this.models.Session.updateOne({ _id: principal.sessionId }, { $set: { secondFactorDone: true } });
    return { user: userView(user) };
  }

  /** A new secret to enrol (not stored until `enableTwoFactor` proves the app has it). */
  async setupTwoFactor(principal: Principal) {
    const user = await this.models.User.findById(principal.id, { totpSecret: 1, email: 1 }).lean();
    if (user?.totpSecret) throw alreadyEnabled();
    const secret = newTotpSecret();
    return { secret, otpauthUri: otpauthUri(secret, user?.email ?? principal.email ?? '') };
  }

  /**
   * Stores the secret once a code made with it is right. The current session counts as done; the person's
   * other sessions are closed (they were opened without it).
   */
  async enableTwoFactor(principal: Principal, secret: string, code: string, now = Date.now()) {
    const user = await this.models.User.findById(principal.id);
    if (!user) throw alreadyEnabled();
    if (user.totpSecret) throw alreadyEnabled();
    const limiterKey = `totp|${principal.id}`;
    const wait = await this.codes.retryAfter(limiterKey, now);
    if (wait > 0) throw tooMany(wait);
    const step = verifyTotp(base32Decode(secret), code, now);
    if (step === undefined || !(await this.claimStep(principal.id, step))) {
      await this.codes.fail(limiterKey, now);
      throw invalid([wrongCode()]);
    }
    await this.codes.succeed(limiterKey, now);
    const updated = await this.models.User.updateOne(
      { _id: user._id, totpSecret: { $exists: false } },
      { $set: { totpSecret: secret, totpLastStep: step } },
    );
    if (updated.modifiedCount !== 1) throw alreadyEnabled();
    await this.models.Session.updateOne({ _id: principal.sessionId }, { $set: { secondFactorDone: true } });
    await this.models.Session.deleteMany({ userId: user._id, _id: { $ne: principal.sessionId } });
    return { user: userView({ ...user.toObject(), totpSecret: secret }) };
  }

  /** Turns the second factor off (with a valid code), unless the firm requires it. */
  async disableTwoFactor(principal: Principal, code: string, now = Date.now()) {
    const user = await this.models.User.findById(principal.id);
    if (!user?.totpSecret)
      throw conflict('two-factor-not-enabled', {
        fr: "La double authentification n'est pas activée.",
        en: 'Two-factor authentication is not enabled.',
      });
    if (await firmRequiresTwoFactor(this.models, user.tenantId))
      throw conflict('two-factor-required-by-firm', {
        fr: 'Le cabinet exige la double authentification.',
        en: 'The firm requires two-factor authentication.',
      });
    await this.acceptCode({ _id: user._id, totpSecret: user.totpSecret, totpLastStep: user.totpLastStep }, code, now);
    await this.models.User.updateOne({ _id: user._id }, { $unset: { totpSecret: 1, totpLastStep: 1 } });
    return { user: userView({ ...user.toObject(), totpSecret: null }) };
  }

  /** Changes one's own password; the person's other sessions are closed. */
  async changePassword(principal: Principal, currentPassword: string, newPassword: string) {
    const user = await this.models.User.findById(principal.id);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash)))
      throw invalid([issue('/currentPassword', 'auth.bad-password')]);
    await this.models.User.updateOne({ _id: user._id }, { $set: { passwordHash: await hashPassword(newPassword) } });
    await this.models.Session.deleteMany({ userId: user._id, _id: { $ne: principal.sessionId } });
  }

  /**
   * Accepts a code once: right for the secret within one step of now, not older than the last accepted
   * step, and its step claimed by a unique insert — so the same code cannot open two sessions, even by
   * requests racing in two processes (a conditional update alone is not atomic on FerretDB v1).
   */
  private async acceptCode(
    user: { _id: unknown; totpSecret: string; totpLastStep?: number | null },
    code: string,
    now: number,
  ): Promise<void> {
    const userId = user._id;
    const limiterKey = `totp|${String(userId)}`;
    const wait = await this.codes.retryAfter(limiterKey, now);
    if (wait > 0) throw tooMany(wait);
    const step = verifyTotp(base32Decode(user.totpSecret), code, now);
    const accepted =
      step !== undefined &&
      (user.totpLastStep === undefined || user.totpLastStep === null || user.totpLastStep < step) &&
      (await this.claimStep(userId, step));
    if (!accepted) {
      await this.codes.fail(limiterKey, now);
      throw new HttpProblem(401, 'code-invalid', wrongCode().message, [wrongCode()]);
    }
    await this.models.User.updateOne(
      { _id: userId, $or: [{ totpLastStep: { $exists: false } }, { totpLastStep: { $lt: step } }] },
      { $set: { totpLastStep: step } },
    );
    await this.codes.succeed(limiterKey, now);
  }

  /** Claims a person's TOTP time step, once for all processes (true for the one caller that got it). */
  private async claimStep(userId: unknown, step: number): Promise<boolean> {
    const claimed = await claimOnce(this.models.User.db, `totp:${String(userId)}:${step}`, 'auth');
    return claimed.claimed;
  }
}

const wrongCode = () => issue('/code', 'auth.code-invalid');

const alreadyEnabled = () =>
  conflict('two-factor-already-enabled', {
    fr: 'La double authentification est déjà activée.',
    en: 'Two-factor authentication is already enabled.',
  });
