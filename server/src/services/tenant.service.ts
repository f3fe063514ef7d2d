import { randomBytes } from 'node:crypto';
import type { Models } from '@iapm/runtime/db';
import { generatePassword, hashPassword } from './password.ts';
import type { PlanName } from './plan.service.ts';
import { newApiKey } from './tokens.ts';

export { newApiKey, sha256 } from './tokens.ts';

export interface CreatedTenant {
  tenantId: string;
  adminEmail: string;
  adminPassword: string;
  apiKey: string;
}

/** A firm's slug from its name: lowercase ASCII words joined by `-`, 2 to 50 characters (`cabinet-…` when short). */
export function slugify(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  if (words.length >= 2) return words;
  return words ? `cabinet-${words}` : 'cabinet';
}

/**
 * Creates a firm with its first ADMIN and a first API key. The password is generated when not given.
 * When a step fails, what was already written is removed, so nothing half-created stays behind.
 */
export async function createTenant(
  models: Models,
  input: { name: string; adminEmail: string; adminPassword?: string; adminName?: string; plan?: PlanName },
): Promise<CreatedTenant> {
  if (!input.name.trim()) throw new Error("The firm's name cannot be blank.");
  const password = input.adminPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  let slug = slugify(input.name);
  if (await models.Tenant.exists({ slug })) slug = `${slug}-${randomBytes(3).toString('hex')}`;
  const tenant = await models.Tenant.create({ name: input.name, slug, ...(input.plan ? { plan: input.plan } : {}) });
  try {
    const admin = await models.User.create({
      tenantId: tenant._id,
      email: input.adminEmail,
      name: input.adminName ?? input.adminEmail.split('@')[0],
      role: 'ADMIN',
      passwordHash,
    });
    const apiKey = newApiKey();
    await models.ApiKey.create({
      _id: apiKey.id,
      tenantId: tenant._id,
      name: 'Clé initiale',
      prefix: apiKey.prefix,
      keyHash: apiKey.hash,
      createdBy: admin._id,
    });
    return { tenantId: String(tenant._id), adminEmail: admin.email, adminPassword: password, apiKey: apiKey.key };
  } catch (error) {
    await models.User.deleteMany({ tenantId: tenant._id });
    await models.ApiKey.deleteMany({ tenantId: tenant._id });
    await models.Tenant.deleteOne({ _id: tenant._id });
    throw error;
  }
}

/** Creates a platform operator (SUPER_ADMIN, no firm); the password is generated when not given. */
export async function createSuperAdmin(
  models: Models,
  input: { email: string; name?: string; password?: string },
): Promise<{ userId: string; email: string; password: string }> {
  const password = input.password ?? generatePassword();
  const user = await models.User.create({
    email: input.email,
    name: input.name ?? input.email.split('@')[0],
    role: 'SUPER_ADMIN',
    passwordHash: await hashPassword(password),
  });
  return { userId: String(user._id), email: user.email, password };
}
