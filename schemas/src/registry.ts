import communicationActions from './actions/communication.actions.schema.json' with { type: 'json' };
import documentsAiActions from './actions/documents-ai.actions.schema.json' with { type: 'json' };
import entitiesActions from './actions/entities.actions.schema.json' with { type: 'json' };
import flowActions from './actions/flow.actions.schema.json' with { type: 'json' };
import integrationsActions from './actions/integrations.actions.schema.json' with { type: 'json' };
import systemActions from './actions/system.actions.schema.json' with { type: 'json' };
import updatesActions from './actions/updates.actions.schema.json' with { type: 'json' };
import validationActions from './actions/validation.actions.schema.json' with { type: 'json' };
import authApi from './api/auth.api.schema.json' with { type: 'json' };
import domainApi from './api/domain.api.schema.json' with { type: 'json' };
import liveApi from './api/live.api.schema.json' with { type: 'json' };
import peopleApi from './api/people.api.schema.json' with { type: 'json' };
import platformApi from './api/platform.api.schema.json' with { type: 'json' };
import presetsApi from './api/presets.api.schema.json' with { type: 'json' };
import runsApi from './api/runs.api.schema.json' with { type: 'json' };
import workflowsApi from './api/workflows.api.schema.json' with { type: 'json' };
import cesedaChecklists from './ceseda-checklists.schema.json' with { type: 'json' };
import cesedaRules from './ceseda-rules.schema.json' with { type: 'json' };
import domain from './domain.schema.json' with { type: 'json' };
import aiValidationEvents from './events/ai-validation.events.schema.json' with { type: 'json' };
import deadlineAlertEvents from './events/deadline-alert.events.schema.json' with { type: 'json' };
import documentEvents from './events/document.events.schema.json' with { type: 'json' };
import emailMessageEvents from './events/email-message.events.schema.json' with { type: 'json' };
import factureEvents from './events/facture.events.schema.json' with { type: 'json' };
import procedureDossierEvents from './events/procedure-dossier.events.schema.json' with { type: 'json' };
import systemEvents from './events/system.events.schema.json' with { type: 'json' };
import workspaceClientEvents from './events/workspace-client.events.schema.json' with { type: 'json' };
import operators from './operators.json' with { type: 'json' };
import operatorsSchema from './operators.schema.json' with { type: 'json' };
import preset from './preset.schema.json' with { type: 'json' };
import workflow from './workflow.schema.json' with { type: 'json' };
import workflowConfig from './workflow-config.schema.json' with { type: 'json' };

/** A JSON Schema object as read from a file (annotations included). */
export type JsonSchema = { [keyword: string]: unknown };

/** A schema file that groups entries under `$defs` (events, actions, domain). */
export interface SchemaGroupFile extends JsonSchema {
  $id: string;
  title: string;
  'x-title-en': string;
  $defs: Record<string, JsonSchema>;
}

/** Files whose `$defs` are event payload schemas, one entry per event type. */
export const EVENT_FILES = [
  workspaceClientEvents,
  emailMessageEvents,
  procedureDossierEvents,
  documentEvents,
  deadlineAlertEvents,
  factureEvents,
  aiValidationEvents,
  systemEvents,
] as unknown as SchemaGroupFile[];

/** Files whose `$defs` are action parameter (`NAME`) and output (`NAME.output`) schemas. */
export const ACTION_FILES = [
  communicationActions,
  entitiesActions,
  updatesActions,
  documentsAiActions,
  flowActions,
  validationActions,
  integrationsActions,
  systemActions,
] as unknown as SchemaGroupFile[];

/** Files whose `$defs` are the HTTP API's request bodies and query strings (PascalCase names are the public ones). */
export const API_FILES = [
  authApi,
  peopleApi,
  platformApi,
  workflowsApi,
  runsApi,
  presetsApi,
  domainApi,
  liveApi,
] as unknown as SchemaGroupFile[];

export const DOMAIN_SCHEMA = domain as unknown as SchemaGroupFile;
export const WORKFLOW_SCHEMA = workflow as unknown as JsonSchema & { $id: string };
export const WORKFLOW_CONFIG_SCHEMA = workflowConfig as unknown as JsonSchema & { $id: string };
/** The CESEDA deadline rules (data in presets/ceseda/rules.json). */
export const CESEDA_RULES_SCHEMA = cesedaRules as unknown as JsonSchema & { $id: string };
/** The per-procedure document checklists (data in presets/ceseda/checklists.json). */
export const CESEDA_CHECKLISTS_SCHEMA = cesedaChecklists as unknown as JsonSchema & { $id: string };
/** A preset's card (presets/<id>/preset.json) and its scenarios, sample events (`$defs`). */
export const PRESET_SCHEMA = preset as unknown as JsonSchema & { $id: string; $defs: Record<string, JsonSchema> };
export const OPERATORS_SCHEMA = operatorsSchema as unknown as JsonSchema & { $id: string };
export const OPERATORS_DATA = operators as unknown as { operators: OperatorEntry[] };

/** One of the 15 condition operators of the condition builder. */
export interface OperatorEntry {
  id: string;
  jsonLogic: string;
  arity: 1 | 2;
  valueType: 'scalar' | 'number' | 'list' | 'regex' | 'none';
  form: Record<string, unknown>;
  label: { fr: string; en: string };
  description?: { fr: string; en: string };
}

/** Every schema document, for registering with Ajv and for `$ref` resolution. */
export const ALL_SCHEMAS: (JsonSchema & { $id: string })[] = [
  DOMAIN_SCHEMA,
  WORKFLOW_SCHEMA,
  WORKFLOW_CONFIG_SCHEMA,
  OPERATORS_SCHEMA,
  CESEDA_RULES_SCHEMA,
  CESEDA_CHECKLISTS_SCHEMA,
  PRESET_SCHEMA,
  ...EVENT_FILES,
  ...ACTION_FILES,
  ...API_FILES,
];

/** Well-known schema ids. */
export const SCHEMA_IDS = {
  domain: DOMAIN_SCHEMA.$id,
  workflow: WORKFLOW_SCHEMA.$id,
  workflowConfig: WORKFLOW_CONFIG_SCHEMA.$id,
  operators: OPERATORS_SCHEMA.$id,
  cesedaRules: CESEDA_RULES_SCHEMA.$id,
  cesedaChecklists: CESEDA_CHECKLISTS_SCHEMA.$id,
  preset: PRESET_SCHEMA.$id,
} as const;
