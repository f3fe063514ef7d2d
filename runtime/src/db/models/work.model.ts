import { Schema } from 'mongoose';
import { announceTimelineWrites } from '../workspace-changes.ts';
import { tenantSchema } from './tenant-scope.ts';

/** A task for someone at the firm. */
export const taskModelSchema = tenantSchema(
  {
    workspaceId: { type: Schema.Types.ObjectId },
    title: { type: String, required: true, maxlength: 200 },
    description: { type: String, maxlength: 5000 },
    assigneeId: { type: Schema.Types.ObjectId },
    dueAt: { type: Date },
    priority: { type: String, enum: ['low', 'medium', 'high', 'critical'], default: 'medium' },
    status: { type: String, default: 'open', maxlength: 50 },
    tags: { type: [String], default: [] },
  },
  [{ assigneeId: 1, status: 1 }, { workspaceId: 1 }, { dueAt: 1 }],
);

/** A note on a case. */
export const noteModelSchema = tenantSchema(
  {
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    text: { type: String, required: true, maxlength: 20000 },
    pinned: { type: Boolean, default: false },
    authorId: { type: Schema.Types.ObjectId },
  },
  [{ workspaceId: 1, createdAt: -1 }],
);

/** A message on a case's thread (visible to the client unless said otherwise). */
export const messageModelSchema = tenantSchema(
  {
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    body: { type: String, required: true, maxlength: 20000 },
    authorType: { type: String, enum: ['lawyer', 'client', 'system'], default: 'system' },
    authorId: { type: Schema.Types.ObjectId },
    visibleToClient: { type: Boolean, default: true },
  },
  [{ workspaceId: 1, createdAt: 1 }],
);

/** An invoice (facture). Amounts in euro cents. */
export const invoiceModelSchema = tenantSchema(
  {
    clientId: { type: Schema.Types.ObjectId, required: true },
    workspaceId: { type: Schema.Types.ObjectId },
    number: { type: String, required: true, maxlength: 40 },
    amountCents: { type: Number, required: true, min: 0 },
    paidCents: { type: Number, default: 0, min: 0 },
    issuedAt: { type: Date, required: true },
    dueDate: { type: Date, required: true },
    status: { type: String, enum: ['draft', 'sent', 'paid', 'overdue', 'cancelled'], default: 'draft' },
  },
  [{ status: 1, dueDate: 1 }, { clientId: 1 }],
  [{ number: 1 }],
);

/** What happened on a case, in order (actions, events, decisions). */
export const timelineEventModelSchema = tenantSchema(
  {
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    kind: { type: String, required: true, maxlength: 60 },
    title: { type: String, required: true, maxlength: 300 },
    details: { type: Schema.Types.Mixed },
    runId: { type: Schema.Types.ObjectId },
    eventId: { type: String },
  },
  [{ workspaceId: 1, at: 1 }],
);
// The studio screens showing a case are told when its timeline grows (server: `workspace.updated`).
announceTimelineWrites(timelineEventModelSchema);

/** A notification to a user of the firm. */
export const notificationModelSchema = tenantSchema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true, maxlength: 200 },
    message: { type: String, maxlength: 5000 },
    priority: { type: String, enum: ['low', 'medium', 'high', 'critical'], default: 'medium' },
    workspaceId: { type: Schema.Types.ObjectId },
    link: { type: String, maxlength: 2048 },
    channels: { type: [String], default: ['web'] },
    /** Non-critical notifications created during quiet hours are delivered at this time. */
    deliverAt: { type: Date, required: true },
    deliveredAt: { type: Date },
    readAt: { type: Date },
  },
  [
    { userId: 1, readAt: 1, createdAt: -1 },
    { deliverAt: 1, deliveredAt: 1 },
  ],
);

/** Mail and SMS kept locally when no provider is configured (and the record of what was sent). */
export const outboxMessageModelSchema = tenantSchema(
  {
    channel: { type: String, enum: ['email', 'sms'], required: true },
    to: { type: [String], required: true },
    cc: { type: [String], default: [] },
    bcc: { type: [String], default: [] },
    replyTo: { type: String, maxlength: 320 },
    subject: { type: String, maxlength: 998 },
    text: { type: String },
    html: { type: String },
    attachments: { type: [{ documentId: String, filename: String }], default: [] },
    idempotencyKey: { type: String, required: true },
    transport: { type: String, enum: ['outbox', 'smtp', 'twilio'], required: true },
    /** `queued`: waits in the outbox to be sent by hand; `sent`: handed to the SMTP server or SMS provider. */
    status: { type: String, enum: ['queued', 'sent', 'failed'], default: 'queued' },
    sentAt: { type: Date },
    /** The email's Message-ID, or the SMS provider's message id. */
    providerId: { type: String },
    workspaceId: { type: Schema.Types.ObjectId },
    runId: { type: Schema.Types.ObjectId },
  },
  [{ channel: 1, createdAt: -1 }],
  [{ idempotencyKey: 1 }],
);
