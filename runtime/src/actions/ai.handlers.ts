import { createHash, randomUUID } from 'node:crypto';
import { findEvent, validateWith } from '@iapm/schemas';
import { Types } from 'mongoose';
import { type AiOutput, answerTask } from '../ai/ai-service.ts';
import { type AiTask, EXTRACT_FIELDS, type ExtractField } from '../ai/types.ts';
import { claimOnce, readClaim } from '../db/claims.ts';
import type { ActionHandlers } from '../engine/ports.ts';
import type { ActionAdapters } from './adapters.ts';
import { defineHandler, type HandlerInput, keyedObjectId } from './define.ts';
import { actOnce, firmConfig } from './outside.ts';

interface ClassifyParams {
  text: string;
  subject?: string;
  categories?: string[];
}
interface ExtractParams {
  text: string;
  receivedAt?: string;
  fields?: ExtractField[];
}
interface AnalyzeParams {
  text: string;
  instructions?: string;
  workspaceId?: string;
  depth?: 'quick' | 'standard' | 'deep';
}
type TriggerPayload = Record<string, unknown>;

const DEFAULT_CATEGORIES = ['nouveau_client', 'ceseda', 'urgent', 'facture', 'information', 'spam'];
const EMAIL_CATEGORIES = new Set(DEFAULT_CATEGORIES);
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

const isOwn = (doc: { tenantId?: unknown } | null | undefined, tenantId: Types.ObjectId) =>
  !!doc && String(doc.tenantId) === String(tenantId);
const idOrUndefined = (value: unknown) => (typeof value === 'string' && ID.test(value) ? value : undefined);

/** The payload of the event that started the run (an `_id` lookup, checked against the firm). */
async function triggerPayload(input: HandlerInput<unknown>): Promise<TriggerPayload> {
  const { eventId } = input.context;
  if (!Types.ObjectId.isValid(eventId) || eventId.length !== 24) return {};
  const event = await input.models.Event.findById(eventId, { tenantId: 1, payload: 1 }).lean();
  return isOwn(event, input.tenantId) ? ((event?.payload as TriggerPayload) ?? {}) : {};
}

/** Names that belong to the case (its client, the email's sender): pseudonymised wherever they appear. */
async function knownNames(input: HandlerInput<unknown>, payload: TriggerPayload, workspaceId?: string) {
  const names: string[] = [];
  if (typeof payload.fromName === 'string') names.push(payload.fromName);
  const { models, tenantId } = input;
  let clientId = idOrUndefined(payload.clientId);
  const wsId = workspaceId ?? idOrUndefined(payload.workspaceId);
  if (wsId && Types.ObjectId.isValid(wsId) && wsId.length === 24) {
    const workspace = await models.Workspace.findById(wsId, { tenantId: 1, clientId: 1 }).lean();
    if (isOwn(workspace, tenantId)) clientId = String(workspace?.clientId);
  }
  if (clientId && Types.ObjectId.isValid(clientId) && clientId.length === 24) {
    const client = await models.Client.findById(clientId, { tenantId: 1, firstName: 1, lastName: 1 }).lean();
    if (client && isOwn(client, tenantId)) names.push(`${client.firstName} ${client.lastName}`);
  }
  return names;
}

/**
 * Runs an AI task for one execution. At a gate (`prepare`), the answer is kept under the run, the node and the
 * params, so that the execution the lawyer (or the firm's policy, on its confidence) approves returns the very
 * answer shown; params edited at the gate get a new answer.
 */
function aiHandler<P extends { text: string }>(
  action: 'classify_content' | 'extract_data' | 'analyze_with_ai',
  adapters: ActionAdapters,
  taskOf: (params: P, config: Awaited<ReturnType<typeof firmConfig>>['config']) => AiTask,
  emit: (input: HandlerInput<P>, output: AiOutput, payload: TriggerPayload, durationMs: number) => Promise<void>,
) {
  const preparedKey = (input: HandlerInput<P>) => {
    const digest = createHash('sha256')
      .update(`${action}\n${JSON.stringify(input.params)}`)
      .digest('hex');
    return `ai-prepared:${String(input.tenantId)}:${input.context.runId}:${input.context.nodeId}:${digest}`;
  };
  const answer = async (input: HandlerInput<P>, payload: TriggerPayload) => {
    const { config, raw } = await firmConfig(input);
    const workspaceId = (input.params as { workspaceId?: string }).workspaceId;
    return answerTask(taskOf(input.params, config), {
      settings: adapters.ai ?? {},
      config,
      raw,
      signal: input.context.signal,
      knownNames: await knownNames(input, payload, workspaceId),
    });
  };
  return defineHandler<P, AiOutput>(
    action,
    async (input) => {
      const payload = await triggerPayload(input);
      const started = Date.now();
      return actOnce(
        input,
        'ai',
        'repeat',
        async () => {
          const prepared = await readClaim(input.context.connection, preparedKey(input));
          return (prepared?.result as AiOutput | undefined) ?? (await answer(input, payload));
        },
        (output) => emit(input, output, payload, Date.now() - started),
      );
    },
    {
      prepare: async (input) => {
        const key = preparedKey(input);
        const existing = await readClaim(input.context.connection, key);
        let output = existing?.result as AiOutput | undefined;
        if (!output) {
          output = await answer(input, await triggerPayload(input));
          const claim = await claimOnce(input.context.connection, key, randomUUID(), output);
          if (!claim.claimed && claim.existing?.result) output = claim.existing.result as AiOutput;
        }
        return { params: input.params, confidence: output.confidence, preview: output };
      },
    },
  );
}

/** Emits an event when its payload is valid (an event the catalog would refuse is not sent half-made). */
async function emitIfValid(input: HandlerInput<unknown>, type: string, payload: Record<string, unknown>) {
  const entry = findEvent(type);
  if (entry && validateWith(entry.schemaRef, payload).ok) await input.context.emit(type, payload);
}

/**
 * classify_content, extract_data, analyze_with_ai: through the AI provider the firm and the installation
 * allow (Ollama, else the built-in rules), each output carrying its confidence and provenance. Catalog floor
 * GREEN; a firm or a node may raise them to ORANGE, and the answer's confidence is then what the firm's policy
 * compares with its threshold to approve without a person.
 */
export function aiHandlers(adapters: ActionAdapters): ActionHandlers {
  return {
    classify_content: aiHandler<ClassifyParams>(
      'classify_content',
      adapters,
      (params) => ({
        kind: 'classify',
        text: params.text,
        ...(params.subject ? { subject: params.subject } : {}),
        categories: params.categories ?? DEFAULT_CATEGORIES,
      }),
      // email:classified when the text is an email (its trigger has a Message-ID) and the category is one of
      // the event's; other classifications are read from the step output.
      async (input, output, payload) => {
        if (typeof payload.messageId !== 'string' || !EMAIL_CATEGORIES.has(String(output.category))) return;
        await emitIfValid(input, 'email:classified', {
          messageId: payload.messageId,
          ...(idOrUndefined(payload.emailId) ? { emailId: payload.emailId } : {}),
          ...(idOrUndefined(payload.workspaceId) ? { workspaceId: payload.workspaceId } : {}),
          ...(idOrUndefined(payload.clientId) ? { clientId: payload.clientId } : {}),
          category: output.category,
          ...(output.procedureType ? { procedureType: output.procedureType } : {}),
          ...(output.situation ? { situation: output.situation } : {}),
          ...(output.urgency ? { urgency: output.urgency } : {}),
          confidence: output.confidence,
          provenance: output.provenance,
        });
      },
    ),
    extract_data: aiHandler<ExtractParams>(
      'extract_data',
      adapters,
      (params) => ({
        kind: 'extract',
        text: params.text,
        ...(params.receivedAt ? { receivedAt: params.receivedAt } : {}),
        fields: params.fields ?? [...EXTRACT_FIELDS],
      }),
      async () => {},
    ),
    analyze_with_ai: aiHandler<AnalyzeParams>(
      'analyze_with_ai',
      adapters,
      (params, config) => ({
        kind: 'analyze',
        text: params.text,
        ...(params.instructions ? { instructions: params.instructions } : {}),
        depth: params.depth ?? config.ai?.analysisDepth ?? 'standard',
      }),
      // ai:analysis_complete about what was analysed: the email of the trigger, its document, or the case.
      async (input, output, payload, durationMs) => {
        const target =
          typeof payload.messageId === 'string'
            ? { targetType: 'email', targetId: payload.messageId }
            : idOrUndefined(payload.documentId)
              ? { targetType: 'document', targetId: payload.documentId }
              : input.params.workspaceId
                ? { targetType: 'workspace', targetId: input.params.workspaceId }
                : undefined;
        if (!target) return;
        const findings = (output.findings as { label: string; detail?: string }[]) ?? [];
        const workspaceId = input.params.workspaceId ?? idOrUndefined(payload.workspaceId);
        await emitIfValid(input, 'ai:analysis_complete', {
          analysisId: String(keyedObjectId(`${input.context.idempotencyKey}:analysis`)),
          ...target,
          ...(workspaceId ? { workspaceId } : {}),
          ...(idOrUndefined(payload.clientId) ? { clientId: payload.clientId } : {}),
          ...(idOrUndefined(input.context.runId) ? { runId: input.context.runId } : {}),
          summary: String(output.summary ?? '').slice(0, 5000),
          keyFacts: findings.slice(0, 50).map((f) => (f.detail ? `${f.label} : ${f.detail}` : f.label).slice(0, 500)),
          confidence: output.confidence,
          provenance: output.provenance,
          durationMs,
        });
      },
    ),
  };
}
