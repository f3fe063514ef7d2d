import { Schema } from 'mongoose';
import { tenantSchema } from './tenant-scope.ts';

const PROCEDURES = [
  'OQTF',
  'REFUS_TITRE',
  'RETRAIT_TITRE',
  'ASILE',
  'DUBLIN',
  'REGROUPEMENT_FAMILIAL',
  'NATURALISATION',
  'VISA',
  'EXPULSION',
  'AUTRE',
];
const URGENCY = ['faible', 'moyen', 'eleve', 'critique'];

/** A client of the firm (a person concerned by one or more cases). */
export const clientModelSchema = tenantSchema(
  {
    firstName: { type: String, required: true, maxlength: 100 },
    lastName: { type: String, required: true, maxlength: 100 },
    email: { type: String, lowercase: true, maxlength: 320 },
    phone: { type: String, maxlength: 30 },
    nationality: { type: String, maxlength: 2 },
    language: { type: String, default: 'fr' },
    status: { type: String, enum: ['prospect', 'active', 'inactive', 'archived'], default: 'prospect' },
    source: { type: String, enum: ['email', 'manual', 'api', 'portal'], default: 'manual' },
    tags: { type: [String], default: [] },
  },
  [{ lastName: 1, firstName: 1 }, { email: 1 }],
);

/** A case (workspace): procedure, dates, deadline, urgency, status. */
export const workspaceModelSchema = tenantSchema(
  {
    clientId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true, maxlength: 200 },
    reference: { type: String, maxlength: 64 },
    procedureType: { type: String, enum: PROCEDURES, required: true },
    situation: { type: String, enum: ['libre', 'assigne', 'detenu', 'retention'] },
    status: { type: String, default: 'active', maxlength: 50 },
    urgency: { type: String, enum: URGENCY, default: 'moyen' },
    priority: { type: String, enum: ['low', 'medium', 'high', 'critical'], default: 'medium' },
    decisionDate: { type: Date },
    notificationDate: { type: Date },
    deadlineDate: { type: Date },
    assigneeId: { type: Schema.Types.ObjectId },
    tags: { type: [String], default: [] },
    customFields: { type: Schema.Types.Mixed, default: {} },
    archivedAt: { type: Date },
  },
  [{ clientId: 1 }, { status: 1, urgency: 1 }, { deadlineDate: 1 }, { assigneeId: 1, status: 1 }],
);

/** A procedure of a case (OQTF, refus de titre, asile…): what decides its délai de recours. */
export const procedureModelSchema = tenantSchema(
  {
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    clientId: { type: Schema.Types.ObjectId },
    procedureType: { type: String, enum: PROCEDURES, required: true },
    situation: { type: String, enum: ['libre', 'assigne', 'detenu', 'retention'] },
    status: {
      type: String,
      enum: ['draft', 'filed', 'instruction', 'hearing_scheduled', 'decided', 'closed', 'withdrawn'],
      default: 'draft',
    },
    decisionDate: { type: Date },
    notificationDate: { type: Date },
    notificationMode: {
      type: String,
      enum: ['hand', 'lrar-delivered', 'lrar-collected', 'lrar-unclaimed', 'electronic'],
    },
    authority: { type: String, maxlength: 200 },
    caseNumber: { type: String, maxlength: 50 },
    tags: { type: [String], default: [] },
    customFields: { type: Schema.Types.Mixed, default: {} },
  },
  [{ workspaceId: 1 }],
);

/** One document to collect for a case (from the procedure's checklist). */
export const checklistItemModelSchema = tenantSchema(
  {
    workspaceId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true, maxlength: 100 },
    label: { type: String, required: true, maxlength: 300 },
    required: { type: Boolean, default: true },
    status: { type: String, enum: ['missing', 'received', 'verified', 'invalid'], default: 'missing' },
    documentId: { type: Schema.Types.ObjectId },
    /** Every document received for this item, oldest first (`documentId` is the latest). */
    documentIds: { type: [String], default: [] },
    /** Why the last verification refused the document. */
    issues: { type: [String], default: undefined },
    expiresOn: { type: String },
    order: { type: Number, default: 0 },
    /** Ticked or unticked by hand: who (a user of the firm) and when. */
    checkedAt: { type: Date },
    checkedBy: { type: Schema.Types.ObjectId },
  },
  [{ workspaceId: 1, order: 1 }],
  [{ workspaceId: 1, key: 1 }],
);

/** Metadata of a stored document version; the bytes are in GridFS (`fileId`). */
export const documentModelSchema = tenantSchema(
  {
    workspaceId: { type: Schema.Types.ObjectId },
    /** Same for every version of one document. */
    documentKey: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    filename: { type: String, required: true, maxlength: 255 },
    contentType: { type: String, required: true },
    size: { type: Number, required: true, min: 0 },
    sha256: { type: String, required: true, match: /^[a-f0-9]{64}$/ },
    fileId: { type: Schema.Types.ObjectId, required: true },
    documentType: { type: String, maxlength: 100 },
    source: { type: String, enum: ['upload', 'email', 'generated'], default: 'upload' },
    uploadedBy: { type: String, enum: ['client', 'lawyer', 'system'], default: 'system' },
    tags: { type: [String], default: [] },
  },
  [{ workspaceId: 1, createdAt: -1 }],
  [{ documentKey: 1, version: 1 }],
);

/** A computed (or entered) deadline of a case, with its variants and trace. */
export const deadlineModelSchema = tenantSchema(
  {
    workspaceId: { type: Schema.Types.ObjectId },
    ruleId: { type: String },
    label: { type: String, required: true, maxlength: 300 },
    dueAt: { type: Date, required: true },
    alertAt: { type: Date },
    printedDueAt: { type: Date },
    variants: { type: [{ label: String, dueAt: Date }], default: [] },
    urgency: { type: String, enum: URGENCY, default: 'moyen' },
    status: { type: String, enum: ['open', 'met', 'missed', 'cancelled'], default: 'open' },
    legalRef: { type: String },
    trace: { type: Schema.Types.Mixed },
    notifiedThresholds: { type: [Number], default: [] },
    /** Closed by hand (met: the appeal filed on `filedOn`, with its `reference`; cancelled: `closeReason`). */
    closedAt: { type: Date },
    closedBy: { type: Schema.Types.ObjectId },
    filedOn: { type: String, maxlength: 10 },
    reference: { type: String, maxlength: 200 },
    closeReason: { type: String, maxlength: 500 },
  },
  [{ dueAt: 1, status: 1 }, { workspaceId: 1 }],
);

/** An alert shown to the firm (possibly tied to a case). */
export const alertModelSchema = tenantSchema(
  {
    workspaceId: { type: Schema.Types.ObjectId },
    level: { type: String, enum: ['info', 'warning', 'critical'], default: 'info' },
    title: { type: String, required: true, maxlength: 200 },
    message: { type: String, maxlength: 5000 },
    acknowledgedAt: { type: Date },
    acknowledgedBy: { type: Schema.Types.ObjectId },
  },
  [
    { workspaceId: 1, createdAt: -1 },
    { level: 1, acknowledgedAt: 1 },
  ],
);
