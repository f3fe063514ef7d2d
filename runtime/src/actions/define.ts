import { createHash } from 'node:crypto';
import { findAction, validateWith } from '@iapm/schemas';
import { Types } from 'mongoose';
import type { PreparedGate } from '../core/types.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { type ActionContext, ActionError, type ActionHandler, issuesInWords } from '../engine/ports.ts';

/** What a handler body receives: its validated params, the context, and the firm's models. */
export interface HandlerInput<P> {
  params: P;
  context: ActionContext;
  models: Models;
  tenantId: Types.ObjectId;
  /** The id of the entity this execution creates: the same for the same idempotency key. */
  entityId: Types.ObjectId;
}

/** What a compensation receives: what the step performed (its final params) and what it returned. */
export interface CompensationInput<P, O> {
  params: P;
  output: O;
  context: ActionContext;
  models: Models;
  tenantId: Types.ObjectId;
}

/** A handler that can undo what it did (actions the catalog marks `x-compensable`); `rollback` calls it. */
export interface CompensableHandler extends ActionHandler {
  /** Undoes one completed execution. Safe to call again for the same execution (it finds nothing left to undo). */
  compensate?(done: { params: unknown; output: unknown }, context: ActionContext): Promise<void>;
}

/** Validates params against the action's schema: a mistake is a non-retryable failure naming the pointers. */
function checkParams<P>(paramsRef: string, params: unknown): P {
  const checked = validateWith<P>(paramsRef, params);
  if (!checked.ok) {
    throw new ActionError(
      'params.invalid',
      checked.issues.map((i) => `${i.pointer} ${i.message.fr} / ${i.message.en}`).join('; '),
      false,
      issuesInWords(checked.issues),
    );
  }
  return checked.value;
}

const inputFor = <P>(params: P, context: ActionContext): HandlerInput<P> => ({
  params,
  context,
  models: getModels(context.connection),
  tenantId: new Types.ObjectId(context.tenantId),
  entityId: keyedObjectId(context.idempotencyKey),
});

/**
 * Declares an action handler: the params are validated against the action's parameter schema (a mistake is
 * a non-retryable failure with the pointers), the output against its output schema (a mistake is a bug, and
 * fails the step rather than passing bad data on). `prepare`, for a gated action, turns the params into what
 * the lawyer approves (a rendered draft); `compensate`, for a compensable action, undoes one completed
 * execution.
 */
export function defineHandler<P, O>(
  action: string,
  body: (input: HandlerInput<P>) => Promise<O>,
  options: {
    prepare?: (
      input: HandlerInput<P>,
    ) => Promise<{ params: P; confidence?: number; preview?: unknown; gate?: PreparedGate }>;
    compensate?: (input: CompensationInput<P, O>) => Promise<void>;
  } = {},
): CompensableHandler {
  const entry = findAction(action);
  if (!entry?.paramsRef || !entry.outputRef) throw new Error(`${action} is not an action of the catalog`);
  const { paramsRef, outputRef } = entry;
  return {
    async perform(params, context) {
      const output = await body(inputFor(checkParams<P>(paramsRef, params), context));
      const valid = validateWith(outputRef, output);
      if (!valid.ok)
        throw new ActionError(
          'output.invalid',
          valid.issues.map((i) => `${i.pointer} ${i.message.en}`).join('; '),
          false,
        );
      return output;
    },
    ...(options.prepare
      ? {
          async prepare(params: unknown, context: ActionContext) {
            const prepared = await options.prepare?.(inputFor(checkParams<P>(paramsRef, params), context));
            return prepared ?? { params };
          },
        }
      : {}),
    ...(options.compensate
      ? {
          async compensate(done: { params: unknown; output: unknown }, context: ActionContext) {
            await options.compensate?.({
              params: done.params as P,
              output: done.output as O,
              context,
              models: getModels(context.connection),
              tenantId: new Types.ObjectId(context.tenantId),
            });
          },
        }
      : {}),
  };
}

/** A deterministic ObjectId from an idempotency key: creating "the same" entity twice hits its unique `_id`. */
export function keyedObjectId(key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(key).digest('hex').slice(0, 24));
}

/** Inserts a document under its keyed id; a repeat (same key) returns the existing one. */
export async function insertOnce<T extends { _id: Types.ObjectId }>(
  model: { create(doc: unknown): Promise<unknown>; findById(id: Types.ObjectId): { lean(): Promise<unknown> } },
  doc: T,
): Promise<{ created: boolean; doc: T }> {
  try {
    await model.create(doc);
    return { created: true, doc };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    return { created: false, doc: (await model.findById(doc._id).lean()) as T };
  }
}

/** Appends to a case's timeline (once per idempotency key). */
export async function appendTimeline(
  input: HandlerInput<unknown>,
  workspaceId: string | undefined,
  kind: string,
  title: string,
  details?: unknown,
): Promise<void> {
  if (!workspaceId || !Types.ObjectId.isValid(workspaceId)) return;
  await insertOnce(input.models.TimelineEvent, {
    _id: keyedObjectId(`${input.context.idempotencyKey}:timeline`),
    tenantId: input.tenantId,
    workspaceId: new Types.ObjectId(workspaceId),
    at: input.context.now,
    kind,
    title,
    details,
    ...(objectIdOrUndefined(input.context.runId) ? { runId: objectIdOrUndefined(input.context.runId) } : {}),
    eventId: input.context.eventId,
  });
}

/** An ObjectId from a param, or undefined for ids that are not database ids (external references). */
export const objectIdOrUndefined = (id: string | undefined) =>
  id && Types.ObjectId.isValid(id) && id.length === 24 ? new Types.ObjectId(id) : undefined;
