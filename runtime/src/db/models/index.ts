import type { Connection, InferSchemaType, Model, Schema } from 'mongoose';
import {
  alertModelSchema,
  checklistItemModelSchema,
  clientModelSchema,
  deadlineModelSchema,
  documentModelSchema,
  procedureModelSchema,
  workspaceModelSchema,
} from './case.model.ts';
import { apiKeyModelSchema, sessionModelSchema, tenantModelSchema, userModelSchema } from './identity.model.ts';
import { auditEntryModelSchema, eventModelSchema, runModelSchema, validationRequestModelSchema } from './run.model.ts';
import {
  invoiceModelSchema,
  messageModelSchema,
  noteModelSchema,
  notificationModelSchema,
  outboxMessageModelSchema,
  taskModelSchema,
  timelineEventModelSchema,
} from './work.model.ts';
import { testCaseModelSchema, workflowModelSchema, workflowVersionModelSchema } from './workflow.model.ts';

/** Model name → [schema, collection name]. Tenant-scoped ones are listed in `TENANT_SCOPED`. */
const DEFINITIONS = {
  Tenant: [tenantModelSchema, 'tenants'],
  User: [userModelSchema, 'users'],
  ApiKey: [apiKeyModelSchema, 'api_keys'],
  Session: [sessionModelSchema, 'sessions'],
  Workflow: [workflowModelSchema, 'workflows'],
  WorkflowVersion: [workflowVersionModelSchema, 'workflow_versions'],
  TestCase: [testCaseModelSchema, 'workflow_test_cases'],
  Event: [eventModelSchema, 'events'],
  Run: [runModelSchema, 'runs'],
  ValidationRequest: [validationRequestModelSchema, 'validation_requests'],
  AuditEntry: [auditEntryModelSchema, 'audit_log'],
  Client: [clientModelSchema, 'clients'],
  Workspace: [workspaceModelSchema, 'workspaces'],
  Procedure: [procedureModelSchema, 'procedures'],
  ChecklistItem: [checklistItemModelSchema, 'checklist_items'],
  Document: [documentModelSchema, 'documents'],
  Deadline: [deadlineModelSchema, 'deadlines'],
  Alert: [alertModelSchema, 'alerts'],
  Task: [taskModelSchema, 'tasks'],
  Note: [noteModelSchema, 'notes'],
  Message: [messageModelSchema, 'messages'],
  Invoice: [invoiceModelSchema, 'invoices'],
  TimelineEvent: [timelineEventModelSchema, 'timeline_events'],
  Notification: [notificationModelSchema, 'notifications'],
  OutboxMessage: [outboxMessageModelSchema, 'outbox'],
} as const;

type Definitions = typeof DEFINITIONS;
export type ModelName = keyof Definitions;
type SchemaOf<N extends ModelName> = Definitions[N][0];
export type DocOf<N extends ModelName> = InferSchemaType<SchemaOf<N>>;
export type Models = { [N in ModelName]: Model<DocOf<N>> };

/** Models whose documents belong to one firm and carry a required `tenantId`. */
export const TENANT_SCOPED: readonly ModelName[] = (Object.keys(DEFINITIONS) as ModelName[]).filter(
  (name) => !['Tenant', 'User', 'Session'].includes(name),
);

const cache = new WeakMap<Connection, Models>();

/** The models bound to a connection (created once per connection). */
export function getModels(connection: Connection): Models {
  let models = cache.get(connection);
  if (!models) {
    models = {} as Models;
    for (const [name, [schema, collection]] of Object.entries(DEFINITIONS) as [ModelName, [Schema, string]][]) {
      (models as Record<string, unknown>)[name] = connection.models[name] ?? connection.model(name, schema, collection);
    }
    cache.set(connection, models);
  }
  return models;
}

/** Builds every index the queries need (idempotent; run at start-up). */
export async function ensureIndexes(connection: Connection): Promise<void> {
  const models = getModels(connection);
  for (const model of Object.values(models)) await (model as Model<unknown>).createIndexes();
}
