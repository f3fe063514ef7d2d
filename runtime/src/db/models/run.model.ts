import { Schema } from 'mongoose';
import { tenantSchema } from './tenant-scope.ts';

/** An accepted event. Written before it is acknowledged; the idempotency key makes a repeat a no-op. */
export const eventModelSchema = tenantSchema(
  {
    type: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    /** Given by the sender, or the event id when none was given (so that one unique index serves both). */
    idempotencyKey: { type: String, required: true },
    /** Event ids from the first cause to this event's parent. */
    causation: { type: [String], default: [] },
    /** Workflows whose runs led to this event (a cascade that comes back to one of them is a cycle). */
    causationWorkflows: { type: [String], default: [] },
    emittedBy: { type: { runId: String, workflowId: String, nodeId: String }, default: undefined },
    source: { type: String, enum: ['api', 'inbound-email', 'action', 'system', 'sandbox'], default: 'api' },
    /** The answer given the first time: the runs it started. */
    runs: { type: [new Schema({ runId: String, workflowId: String, version: Number }, { _id: false })], default: [] },
    stoppedReason: { type: String },
  },
  [{ type: 1, occurredAt: -1 }],
  [{ idempotencyKey: 1 }],
);

/** A run of a published workflow version: the interpreter's state as plain JSON as of its last checkpoint. */
export const runModelSchema = tenantSchema(
  {
    workflowId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    status: {
      type: String,
      enum: ['running', 'waiting', 'awaiting_validation', 'succeeded', 'failed', 'cancelled'],
      required: true,
    },
    /** The pure core's run state (serializable JSON). */
    state: { type: Schema.Types.Mixed, required: true },
    triggerEventId: { type: String },
    parentRunId: { type: Schema.Types.ObjectId },
    depth: { type: Number, default: 0 },
    /** Transition whose state this document holds (later ones are in `run_transitions`, see RunStore). */
    seq: { type: Number, default: 0 },
    /** Transition whose effects have all been executed. */
    effectsDoneSeq: { type: Number, default: 0 },
    /** The effects of the start (transition 1). */
    startEffects: { type: Schema.Types.Mixed },
    /** Keys of the inbox inputs applied so far (a repeated delivery is dropped). */
    appliedInputs: { type: [String], default: [] },
    /** For a child run: the parent and the key the parent waits on. */
    childKey: { type: String },
    startedAt: { type: Date, required: true },
    endedAt: { type: Date },
    error: { type: Schema.Types.Mixed },
  },
  [{ workflowId: 1, startedAt: -1 }, { status: 1, updatedAt: -1 }, { startedAt: -1 }],
);
runModelSchema.index({ childKey: 1 });

/** A decision a lawyer must take at an ORANGE or RED gate (or that policy took for ORANGE). */
export const validationRequestModelSchema = tenantSchema(
  {
    /** The runtime's id of the gate (`runId:nodeId:v-n`). */
    key: { type: String, required: true },
    runId: { type: Schema.Types.ObjectId, required: true },
    workflowId: { type: Schema.Types.ObjectId, required: true },
    nodeId: { type: String, required: true },
    action: { type: String, required: true },
    autonomy: { type: String, enum: ['GREEN', 'ORANGE', 'RED'], required: true },
    status: {
      type: String,
      enum: ['PENDING', 'APPROVED', 'MODIFIED_APPROVED', 'REJECTED', 'AUTO_APPROVED', 'EXPIRED'],
      required: true,
    },
    /** Lower is more urgent (0 = critique); the inbox sorts on it. */
    urgencyRank: { type: Number, default: 2 },
    preparedParams: { type: Schema.Types.Mixed, required: true },
    finalParams: { type: Schema.Types.Mixed },
    confidence: { type: Number },
    provenance: { type: Schema.Types.Mixed },
    /** What the handler prepared for the lawyer to read: a document's text, an e-mail, the AI's answer. */
    preview: { type: Schema.Types.Mixed },
    workspaceId: { type: Schema.Types.ObjectId },
    assigneeId: { type: Schema.Types.ObjectId },
    /** What the lawyer is asked to check (the gate's instructions). */
    instructions: { type: String, maxlength: 5000 },
    dueAt: { type: Date },
    decidedBy: { type: Schema.Types.ObjectId },
    decidedAt: { type: Date },
    comment: { type: String, maxlength: 5000 },
  },
  [
    { status: 1, urgencyRank: 1, createdAt: 1 },
    { runId: 1, nodeId: 1 },
  ],
);

/** Append-only audit log; each entry holds the hash of the previous one of its tenant. */
export const auditEntryModelSchema = tenantSchema(
  {
    sequence: { type: Number, required: true, min: 1 },
    at: { type: Date, required: true },
    actorKind: { type: String, enum: ['user', 'api-key', 'system', 'workflow'], required: true },
    actorId: { type: String },
    action: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String },
    beforeHash: { type: String },
    afterHash: { type: String },
    details: { type: Schema.Types.Mixed },
    previousHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  [{ at: -1 }],
  [{ sequence: 1 }],
);
