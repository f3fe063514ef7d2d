import { Schema } from 'mongoose';
import { bumpGenerationOnWrites } from '../firm-generation.ts';
import { tenantSchema } from './tenant-scope.ts';

/**
 * A workflow: its editable draft (with a `revision` for conflict detection), and what the runtime needs to
 * route events quickly (the published version and its trigger event). Versions live in `workflow_versions`.
 */
export const workflowModelSchema = tenantSchema(
  {
    name: { type: String, required: true, maxlength: 200 },
    description: { type: String, maxlength: 5000 },
    procedure: { type: String },
    draft: { type: Schema.Types.Mixed, required: true },
    /** Incremented on every draft save; a save naming an older revision is a conflict. */
    revision: { type: Number, required: true, default: 1, min: 1 },
    draftUpdatedBy: { type: Schema.Types.ObjectId },
    status: { type: String, enum: ['draft', 'published', 'archived'], default: 'draft' },
    enabled: { type: Boolean, default: false },
    publishedVersion: { type: Number, min: 1 },
    /** Event type of the published version's trigger (null for cron triggers). */
    triggerEvent: { type: String },
    triggerCron: { type: String },
    presetId: { type: String },
    archivedAt: { type: Date },
  },
  [{ status: 1, updatedAt: -1 }, { triggerEvent: 1, enabled: 1 }, { name: 1 }],
);

/** An immutable published version of a workflow. */
export const workflowVersionModelSchema = tenantSchema(
  {
    workflowId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true, min: 1 },
    document: { type: Schema.Types.Mixed, required: true },
    publishedBy: { type: Schema.Types.ObjectId },
    publishedAt: { type: Date, required: true },
    note: { type: String, maxlength: 2000 },
    /** Version this one republished (rollback). */
    restoredFrom: { type: Number },
  },
  [],
  [{ workflowId: 1, version: 1 }],
);

/**
 * Every write to `workflows` made through the model that may change how events are routed (a new workflow, a
 * change of `status`, `enabled`, `publishedVersion` or `triggerEvent`, a removal) bumps the firm's generation
 * before the write resolves, so that the event routing cached by every process sharing the database is
 * reloaded on the next event (see firm-generation.ts). Draft saves do not bump it.
 */
bumpGenerationOnWrites(workflowModelSchema, {
  firm: 'tenantId',
  fields: ['status', 'enabled', 'publishedVersion', 'triggerEvent', 'tenantId'],
});

/**
 * A saved test case of a workflow: a sample event, the simulated start, scripted gate answers and what is
 * expected (end status, steps visited). Replayed in the sandbox against the draft or a version.
 */
export const testCaseModelSchema = tenantSchema(
  {
    workflowId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true, maxlength: 200 },
    event: { type: Schema.Types.Mixed, required: true },
    at: { type: String },
    decisions: { type: Schema.Types.Mixed },
    defaultDecision: { type: String, enum: ['APPROVED', 'REJECTED'] },
    expect: { type: Schema.Types.Mixed, required: true },
    createdBy: { type: Schema.Types.ObjectId },
    updatedBy: { type: Schema.Types.ObjectId },
  },
  [{ workflowId: 1, createdAt: 1 }],
);
