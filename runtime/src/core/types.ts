import type { WorkflowDocument } from '@iapm/schemas';

export type Autonomy = 'GREEN' | 'ORANGE' | 'RED';
export type RunStatus = 'running' | 'waiting' | 'awaiting_validation' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus =
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'waiting'
  | 'awaiting_validation'
  | 'cancelled';
export type Decision = 'APPROVED' | 'MODIFIED_APPROVED' | 'REJECTED';
/** A decision at a gate: a person's, or `AUTO_APPROVED` by the firm's policy (ORANGE only — never RED). */
export type GateDecision = Decision | 'AUTO_APPROVED';

/** What a handler's `prepare` may say about the gate it prepares (over the node's own `gate` settings). */
export interface PreparedGate {
  /** When the gate times out (ISO 8601): its `timeout` port is followed then. */
  dueAt?: string;
  assigneeId?: string;
  instructions?: string;
  workspaceId?: string;
  /** One line saying what is to be decided (the validation request's title). */
  summary?: string;
}
export type ValidationStatus = Decision | 'PENDING' | 'AUTO_APPROVED' | 'EXPIRED';

/** The event that started a run (or that a correlated wait received). */
export interface RunEvent {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  occurredAt: string;
  /** Ids of the events that led to this one, first cause first. */
  causation: string[];
}

/** The firm's policy as it was when the run started (so that a replay decides the same way). */
export interface RunPolicy {
  /** Per action type, a level above the catalog floor. */
  raise: Record<string, Autonomy>;
  orangeAutoApprove: { enabled: boolean; minConfidence: number };
  /** Attempts for an action node that does not say (WorkflowConfig.performance.retryAttempts). */
  defaultAttempts: number;
  /** Timeout of an action node that does not say (WorkflowConfig.performance.timeoutSeconds). */
  defaultTimeoutSeconds: number;
  maxSubflowDepth: number;
}

/** What a gate recorded. */
export interface StepValidation {
  status: ValidationStatus;
  validationId?: string;
  autonomy: Autonomy;
  confidence?: number;
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
  preparedParams?: unknown;
  finalParams?: unknown;
}

/**
 * Why a step or a run failed. `message` is the text for logs (`pointer fr / en`); an action that names its
 * failure in words gives them in `text`, and the JSON pointer of the param at fault in `pointer` (both absent
 * from runs recorded before they existed).
 */
export interface StepError {
  code: string;
  message: string;
  text?: { fr: string; en: string };
  pointer?: string;
}

/** One entry of the run's trace. */
export interface Step {
  nodeId: string;
  kind: string;
  action?: string;
  status: StepStatus;
  port?: string;
  autonomy?: Autonomy;
  validation?: StepValidation;
  /** When the node started (simulated time in the sandbox). */
  at: string;
  endedAt?: string;
  /** When a waiting step is due to resume. */
  wakeAt?: string;
  attempt?: number;
  input?: unknown;
  output?: unknown;
  error?: StepError;
}

/** What the expressions see of a node that has run. */
export interface NodeRecord {
  status: StepStatus;
  output?: unknown;
  validation?: StepValidation;
  error?: StepError;
}

/** Where a token is blocked, waiting for an input. */
export type TokenWait =
  | { kind: 'prepare'; attempt: number }
  | { kind: 'gate'; validationId: string; params: unknown; timeoutWakeId?: string; attempt: number }
  | { kind: 'action'; attempt: number; params: unknown }
  | { kind: 'retry'; wakeId: string; attempt: number; params: unknown }
  | { kind: 'timer'; wakeId: string; at: string }
  | { kind: 'event'; subscriptionId: string; timeoutWakeId: string }
  | { kind: 'child'; childKey: string }
  | { kind: 'join' };

/** A position of execution. Parallel branches and loop bodies each have their own token. */
export interface Token {
  id: string;
  nodeId: string;
  /** The edge it arrived by (joins and loops need it). */
  fromNodeId?: string;
  wait?: TokenWait;
  /** Index of this token's open step in `steps`. */
  stepIndex?: number;
  /** Innermost loop last: the loops this token is inside. */
  loops: string[];
}

export interface LoopFrame {
  items: unknown[];
  index: number;
  truncated: boolean;
  /** Id of the token that runs the current iteration. */
  tokenId: string;
  loops: string[];
}

/** The whole state of a run: plain JSON, saved after every advance. */
export interface RunState {
  stateVersion: 1;
  runId: string;
  workflowId: string;
  version: number;
  status: RunStatus;
  startedAt: string;
  endedAt?: string;
  event: RunEvent;
  policy: RunPolicy;
  /** Subflow depth (0 for a run started by an event). */
  depth: number;
  tokens: Token[];
  nodes: Record<string, NodeRecord>;
  loops: Record<string, LoopFrame>;
  /** Join node id → node ids of the branches that arrived. */
  joins: Record<string, string[]>;
  steps: Step[];
  /** Node id → how many times its action was performed (the last part of the idempotency key). */
  executions: Record<string, number>;
  /** Counter for deterministic ids (tokens, wakes, subscriptions). */
  seq: number;
  output?: Record<string, unknown>;
  error?: StepError & { nodeId?: string };
}

/** Inputs fed to `advance`. */
export type RunInput =
  | { type: 'run.resume' }
  | {
      type: 'action.prepared';
      nodeId: string;
      params: unknown;
      confidence?: number;
      preview?: unknown;
      gate?: PreparedGate;
    }
  | { type: 'action.succeeded'; nodeId: string; attempt: number; output: unknown }
  | {
      type: 'action.failed';
      nodeId: string;
      attempt: number;
      error: StepError & { retryable?: boolean };
    }
  | { type: 'timer.fired'; wakeId: string }
  | {
      type: 'decision';
      nodeId: string;
      validationId: string;
      decision: GateDecision;
      params?: unknown;
      /** The person; absent for an automatic approval made in the name of the firm's policy. */
      decidedBy?: string;
      decidedAt: string;
      comment?: string;
    }
  | {
      type: 'child.finished';
      childKey: string;
      status: 'succeeded' | 'failed' | 'cancelled';
      runId?: string;
      output?: unknown;
    }
  | { type: 'event.correlated'; subscriptionId: string; event: RunEvent }
  | { type: 'run.cancel'; reason?: string }
  | { type: 'run.retry' };

/** Effects returned by `advance`: data, executed by the shell, whose results come back as inputs. */
export type Effect =
  | { type: 'action.prepare'; nodeId: string; action: string; params: unknown; autonomy: Autonomy }
  | {
      type: 'action.perform';
      nodeId: string;
      action: string;
      params: unknown;
      attempt: number;
      /** `runId:nodeId:attempt` — adapters act once per key. */
      idempotencyKey: string;
      timeoutSeconds: number;
      autonomy: Autonomy;
    }
  | {
      type: 'wake.schedule';
      wakeId: string;
      at: string;
      nodeId: string;
      reason: 'wait' | 'retry' | 'gate-timeout' | 'event-timeout';
    }
  | { type: 'wake.cancel'; wakeId: string }
  | {
      type: 'validation.open';
      validationId: string;
      nodeId: string;
      action: string;
      autonomy: Autonomy;
      preparedParams: unknown;
      confidence?: number;
      /** What the handler prepared for the lawyer to read (a document's text, an e-mail, the AI's answer), ≤ 100 KB of JSON. */
      preview?: unknown;
      /** Where an AI answer came from (provider, model, prompt version), when the preview says. */
      provenance?: Record<string, unknown>;
      dueAt?: string;
      assigneeId?: string;
      instructions?: string;
      workspaceId?: string;
    }
  | { type: 'validation.close'; validationId: string; status: ValidationStatus; finalParams?: unknown }
  | {
      type: 'child.start';
      childKey: string;
      nodeId: string;
      workflowId: string;
      version: number | 'latest';
      input: unknown;
      wait: boolean;
      depth: number;
    }
  | {
      type: 'event.subscribe';
      subscriptionId: string;
      nodeId: string;
      eventType: string;
      match: Record<string, unknown>;
      filter?: unknown;
    }
  | { type: 'event.unsubscribe'; subscriptionId: string }
  | { type: 'event.emit'; eventType: string; payload: Record<string, unknown>; causation: string[] }
  | {
      type: 'run.finished';
      status: 'succeeded' | 'failed' | 'cancelled';
      output?: Record<string, unknown>;
      error?: RunState['error'];
    };

export type Workflow = WorkflowDocument;
export type WorkflowNode = Workflow['nodes'][number];
