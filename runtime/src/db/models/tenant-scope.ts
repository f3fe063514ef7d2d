import { Schema, type SchemaDefinition } from 'mongoose';

/** Options shared by every collection: timestamps, no `__v`, empty objects kept, plain `id` string in JSON. */
export const baseOptions = {
  timestamps: true,
  versionKey: false,
  // Keep empty objects: run states and workflow documents are JSON whose `{}` values matter.
  minimize: false,
  toJSON: {
    virtuals: true,
    transform: (_doc: unknown, ret: Record<string, unknown>) => {
      delete ret._id;
      return ret;
    },
  },
} as const;

/**
 * A schema for a tenant-scoped collection: `tenantId` is required, immutable and indexed, and every index
 * given here starts with `tenantId` (queries always filter by tenant first).
 */
export function tenantSchema<const D extends SchemaDefinition>(
  definition: D,
  indexes: Record<string, 1 | -1>[] = [],
  unique: Record<string, 1 | -1>[] = [],
) {
  const tenantId = { type: Schema.Types.ObjectId, required: true, immutable: true, index: true } as const;
  const schema = new Schema({ tenantId, ...definition }, baseOptions);
  for (const fields of indexes) schema.index({ tenantId: 1, ...fields });
  for (const fields of unique) schema.index({ tenantId: 1, ...fields }, { unique: true });
  return schema;
}
