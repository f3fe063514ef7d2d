import { Schema } from 'mongoose';
import { bumpGenerationOnWrites } from '../firm-generation.ts';
import { baseOptions, tenantSchema } from './tenant-scope.ts';

/** A firm (cabinet) and its plan. Not tenant-scoped: it is the tenant. */
export const tenantModelSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    slug: { type: String, required: true, unique: true, lowercase: true, match: /^[a-z0-9][a-z0-9-]{1,62}$/ },
    plan: { type: String, enum: ['Basic', 'Premium', 'Enterprise'], default: 'Basic' },
    status: { type: String, enum: ['active', 'suspended'], default: 'active' },
    /** The firm's WorkflowConfig (validated against workflow-config.schema.json before it is saved). */
    config: { type: Schema.Types.Mixed, default: {} },
  },
  baseOptions,
);
// A firm's status and configuration are cached under its generation (API-key check, event routing).
bumpGenerationOnWrites(tenantModelSchema, { firm: '_id' });

/** A person: platform operator (no tenant), a firm's lawyer/assistant (ADMIN) or a firm's client (CLIENT). */
export const userModelSchema = new Schema(
  {
    tenantId: { type: Schema.Types.ObjectId, index: true },
    email: { type: String, required: true, unique: true, lowercase: true, trim: true, maxlength: 320 },
    name: { type: String, required: true, maxlength: 200 },
    role: { type: String, enum: ['SUPER_ADMIN', 'ADMIN', 'CLIENT'], required: true },
    /** scrypt hash with its parameters and salt. */
    passwordHash: { type: String, required: true },
    totpSecret: { type: String },
    /** Last TOTP time step accepted (a code is accepted once). */
    totpLastStep: { type: Number },
    /** For CLIENT users: the only workspace they may see. */
    workspaceId: { type: Schema.Types.ObjectId },
    skills: { type: [String], default: [] },
    disabledAt: { type: Date },
    lastLoginAt: { type: Date },
  },
  baseOptions,
);
userModelSchema.index({ tenantId: 1, role: 1 });

/** A key for a firm's systems. Only its SHA-256 is stored; the key is shown once. */
export const apiKeyModelSchema = tenantSchema(
  {
    name: { type: String, required: true, maxlength: 120 },
    prefix: { type: String, required: true },
    keyHash: { type: String, required: true, unique: true },
    createdBy: { type: Schema.Types.ObjectId },
    lastUsedAt: { type: Date },
    revokedAt: { type: Date },
  },
  [{ revokedAt: 1 }],
);
// Keys are cached under their firm's generation by the API-key check: a revocation bumps it.
bumpGenerationOnWrites(apiKeyModelSchema, { firm: 'tenantId', fields: ['revokedAt', 'keyHash', 'tenantId'] });

/** A login session; the cookie holds a random token whose SHA-256 is stored here. */
export const sessionModelSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    tenantId: { type: Schema.Types.ObjectId, index: true },
    role: { type: String, required: true },
    secondFactorDone: { type: Boolean, default: false },
    // No TTL index (FerretDB v1 has none): expired sessions are refused on read and purged by housekeeping
    // (server/src/services/housekeeping.ts).
    expiresAt: { type: Date, required: true, index: true },
  },
  baseOptions,
);
