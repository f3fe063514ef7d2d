import type { Connection } from 'mongoose';
import type { PreparedGate, RunPolicy, Step } from '../core/types.ts';

/** What an action handler is given besides its params. */
export interface ActionContext {
  tenantId: string;
  runId: string;
  workflowId: string;
  nodeId: string;
  attempt: number;
  /** `runId:nodeId:n`: adapters must act at most once per key (see `claimOnce`). */
  idempotencyKey: string;
  connection: Connection;
  /** Aborted when the action's timeout passes. */
  signal: AbortSignal;
  now: Date;
  /** The event that started the run (ids for the causation chain). */
  eventId: string;
  /** Emits a domain event caused by this action (it carries the run's causation chain). */
  emit(type: string, payload: Record<string, unknown>): Promise<void>;
  /**
   * The run's steps as the engine holds them when the action is performed (the run document is written at
   * checkpoints, so it may be behind). Read-only.
   */
  steps?: readonly Step[];
  /**
   * Approves a pending gate of this firm in the name of its policy (`auto_approve`): ORANGE only. Answers
   * 'ok', 'not-found', 'conflict' (decided already) or 'refused' (not an ORANGE gate: a RED action is
   * approved by a person only; nothing is written).
   */
  decide?(validationKey: string, decision: { comment: string }): Promise<'ok' | 'not-found' | 'conflict' | 'refused'>;
}

/** A text in French and English (French first). */
export interface LocalizedText {
  fr: string;
  en: string;
}

/**
 * A failure an action reports; `retryable: false` skips the remaining attempts. Given `{fr, en}` (and the JSON
 * pointer of the param at fault), the words are kept apart for the studio and `message` reads
 * `pointer fr / en` for logs. A message built otherwise can still carry its words in `details`.
 */
export class ActionError extends Error {
  readonly text?: LocalizedText;
  readonly pointer?: string;

  constructor(
    readonly code: string,
    message: string | LocalizedText,
    readonly retryable = true,
    details: { pointer?: string; text?: LocalizedText } = {},
  ) {
    const pointer = details.pointer;
    super(typeof message === 'string' ? message : `${pointer ? `${pointer} ` : ''}${message.fr} / ${message.en}`);
    const text = typeof message === 'string' ? details.text : message;
    if (text) this.text = { fr: text.fr, en: text.en };
    if (pointer) this.pointer = pointer;
  }
}

/** The words of a list of issues (`{pointer, message: {fr, en}}`) for an ActionError's `details`. */
export function issuesInWords(issues: readonly { pointer: string; message: LocalizedText }[]): {
  pointer?: string;
  text: LocalizedText;
} {
  const first = issues[0];
  const text = {
    fr: issues.map((issue) => issue.message.fr).join(' ; '),
    en: issues.map((issue) => issue.message.en).join('; '),
  };
  return issues.length === 1 && first?.pointer ? { pointer: first.pointer, text } : { text };
}

/** One action type's implementation. `prepare` runs before a gate (a draft, a preview); default: params as they are. */
export interface ActionHandler {
  perform(params: unknown, context: ActionContext): Promise<unknown>;
  prepare?(
    params: unknown,
    context: ActionContext,
  ): Promise<{ params: unknown; confidence?: number; preview?: unknown; gate?: PreparedGate }>;
}

export type ActionHandlers = Record<string, ActionHandler>;

/** Time for the durable engine (a simulated one in tests). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Schedules wakes of waiting runs (Agenda in production; the same interface in every test). */
export interface WakeScheduler {
  scheduleWake(job: { tenantId: string; runId: string; wakeId: string; at: Date }): Promise<void>;
  cancelWake(runId: string, wakeId: string): Promise<void>;
}

/** Reads a firm's policy for a new run (from its WorkflowConfig). */
export type PolicyResolver = (tenantId: string) => Promise<RunPolicy>;
