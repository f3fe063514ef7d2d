import type { UserCreateBody, UserUpdateBody } from '@iapm/schemas';
import type { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import { issue } from '../http/validate.ts';
import { userView } from './auth.service.ts';
import { generatePassword, hashPassword } from './password.ts';
import { assertBelowLimit } from './plan.service.ts';

type UserDoc = Parameters<typeof userView>[0] & {
  disabledAt?: Date | null;
  lastLoginAt?: Date | null;
  createdAt?: Date;
};

/** A firm member as the firm's admins see them. */
function memberView(user: UserDoc) {
  return {
    ...userView(user),
    disabled: Boolean(user.disabledAt),
    lastLoginAt: user.lastLoginAt ?? null,
    createdAt: user.createdAt ?? null,
  };
}

const emailTaken = () =>
  conflict('email-taken', {
    fr: 'Cette adresse e-mail est déjà utilisée.',
    en: 'This email address is already in use.',
  });

const lastAdmin = () =>
  conflict('last-admin', {
    fr: 'Le cabinet doit garder au moins un administrateur actif.',
    en: 'The firm must keep at least one active admin.',
  });

/** The firm's people (ADMIN and CLIENT), managed by its ADMINs. Every query goes through the firm's repository. */
export class UserService {
  async list(repo: TenantRepository) {
    const users = await repo.of('User').find().sort({ role: 1, name: 1 }).lean();
    return users.map((u) => memberView(u as UserDoc));
  }

  async get(repo: TenantRepository, id: string) {
    const user = await repo.of('User').findById(id).lean();
    if (!user) throw notFound();
    return memberView(user as UserDoc);
  }

  /** Creates a person of the firm; the password is generated (and shown once) when not given. */
  async create(repo: TenantRepository, body: UserCreateBody) {
    const users = repo.of('User');
    await assertBelowLimit(repo, 'maxUsers', await users.countDocuments({ disabledAt: { $exists: false } }));
    await this.checkWorkspace(repo, body.role, body.workspaceId);
    const password = body.password ?? generatePassword();
    try {
      const user = await users.create({
        email: body.email.toLowerCase(),
        name: body.name,
        role: body.role,
        passwordHash: await hashPassword(password),
        ...(body.workspaceId ? { workspaceId: body.workspaceId } : {}),
      });
      return { user: memberView(user.toObject() as UserDoc), ...(body.password ? {} : { password }) };
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw emailTaken();
      throw error;
    }
  }

  /**
   * Changes a person's name, role, workspace or whether they may sign in. A disabled person's sessions are
   * closed at once; the last active ADMIN can be neither demoted nor disabled.
   */
  async update(repo: TenantRepository, id: string, body: UserUpdateBody) {
    const users = repo.of('User');
    const user = await users.findById(id).lean();
    if (!user) throw notFound();
    const role = body.role ?? user.role;
    const disabled = body.disabled ?? Boolean(user.disabledAt);
    if (user.role === 'ADMIN' && !user.disabledAt && (role !== 'ADMIN' || disabled)) {
      const admins = await users.countDocuments({ role: 'ADMIN', disabledAt: { $exists: false } });
      if (admins <= 1) throw lastAdmin();
    }
    if (user.disabledAt && !disabled)
      await assertBelowLimit(repo, 'maxUsers', await users.countDocuments({ disabledAt: { $exists: false } }));
    const workspaceId =
      body.workspaceId ?? (role === 'CLIENT' && user.workspaceId ? String(user.workspaceId) : undefined);
    await this.checkWorkspace(repo, role as 'ADMIN' | 'CLIENT', workspaceId);
    const set: Record<string, unknown> = {};
    const unset: Record<string, 1> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.role !== undefined) set.role = body.role;
    if (role === 'CLIENT') set.workspaceId = workspaceId;
    else if (user.workspaceId) unset.workspaceId = 1;
    if (disabled && !user.disabledAt) set.disabledAt = new Date();
    if (!disabled && user.disabledAt) unset.disabledAt = 1;
    const updated = await users
      .findOneAndUpdate({ _id: id }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) })
      .lean();
    if (!updated) throw notFound();
    // A change of role or of access closes the person's sessions: they sign in again with what they now have.
    if (disabled || body.role !== undefined || body.workspaceId !== undefined)
      await repo.of('Session').deleteMany({ userId: updated._id });
    return memberView(updated as UserDoc);
  }

  /** A new generated password, shown once; the person's sessions are closed. */
  async resetPassword(repo: TenantRepository, id: string) {
    const password = generatePassword();
    const updated = await repo
      .of('User')
      .findOneAndUpdate({ _id: id }, { $set: { passwordHash: await hashPassword(password) } })
      .lean();
    if (!updated) throw notFound();
    await repo.of('Session').deleteMany({ userId: updated._id });
    return { user: memberView(updated as UserDoc), password };
  }

  /** Removes a person's second factor (a lost phone); they enrol again at their next sign-in if the firm requires it. */
  async resetTwoFactor(repo: TenantRepository, id: string, actor: Principal) {
    const updated = await repo
      .of('User')
      .findOneAndUpdate({ _id: id }, { $unset: { totpSecret: 1, totpLastStep: 1 } })
      .lean();
    if (!updated) throw notFound();
    if (String(updated._id) !== actor.id) await repo.of('Session').deleteMany({ userId: updated._id });
    return memberView(updated as UserDoc);
  }

  /** A CLIENT needs a workspace of the firm; other roles have none. */
  private async checkWorkspace(repo: TenantRepository, role: 'ADMIN' | 'CLIENT', workspaceId: string | undefined) {
    if (role !== 'CLIENT') {
      if (workspaceId)
        throw invalid([
          {
            ...issue('/workspaceId', 'schema.not'),
            message: {
              fr: 'Seul un client est rattaché à un dossier.',
              en: 'Only a client is tied to a workspace.',
            },
          },
        ]);
      return;
    }
    if (!workspaceId) throw invalid([issue('/workspaceId', 'schema.required', { property: 'workspaceId' })]);
    if (!(await repo.of('Workspace').exists({ _id: workspaceId })))
      throw invalid([issue('/workspaceId', 'api.reference-not-found', { what: { fr: 'Dossier', en: 'Workspace' } })]);
  }
}
