import { effectiveAutonomy } from '@iapm/schemas';
import { addCalendarDuration } from '../calendar/index.ts';
import { resolveValue } from '../conditions/index.ts';
import { closeStep, currentStep, dataFor, failNode, follow, type Machine, nextId, openStep } from '../machine.ts';
import type { Autonomy, RunInput, StepValidation, Token, WorkflowNode } from '../types.ts';

type ActionNode = Extract<WorkflowNode, { kind: 'action' }>;

const errorOf = (error: unknown) => ({
  code: (error as { code?: string }).code ?? 'expression.error',
  message: (error as Error).message ?? String(error),
});

function autonomyOf(m: Machine, node: ActionNode): Autonomy {
  return effectiveAutonomy(node as never, { raise: m.state.policy.raise });
}

/** A token arrives at an action node: resolve params, then perform (GREEN) or prepare for a gate. */
export function enterAction(m: Machine, token: Token, node: ActionNode): void {
  const autonomy = autonomyOf(m, node);
  const step = openStep(m, token, { autonomy });
  let params: unknown;
  try {
    params = resolveValue(node.params ?? {}, dataFor(m, token));
  } catch (error) {
    failNode(m, token, errorOf(error));
    return;
  }
  step.input = params;
  if (autonomy === 'GREEN') {
    step.validation = { status: 'AUTO_APPROVED', autonomy };
    perform(m, token, node, params, 1, autonomy);
    return;
  }
  token.wait = { kind: 'prepare', attempt: 1 };
  m.effects.push({ type: 'action.prepare', nodeId: node.id, action: node.action, params, autonomy });
}

function perform(
  m: Machine,
  token: Token,
  node: ActionNode,
  params: unknown,
  attempt: number,
  autonomy: Autonomy,
): void {
  // Counted over the whole run, so that a node inside a loop gets a new key at every execution.
  const execution = (m.state.executions[node.id] ?? 0) + 1;
  m.state.executions[node.id] = execution;
  const key = `${m.state.runId}:${node.id}:${execution}`;
  token.wait = { kind: 'action', attempt, params };
  const step = currentStep(m, token);
  if (step) step.attempt = attempt;
  m.effects.push({
    type: 'action.perform',
    nodeId: node.id,
    action: node.action,
    params,
    attempt,
    idempotencyKey: key,
    timeoutSeconds: node.timeoutSeconds ?? m.state.policy.defaultTimeoutSeconds,
    autonomy,
  });
}

/** Applies an input addressed to an action node's token. Returns false when the input does not fit. */
export function resumeAction(m: Machine, token: Token, node: ActionNode, input: RunInput): boolean {
  if ('nodeId' in input && input.nodeId !== node.id) return false;
  const wait = token.wait;
  const step = currentStep(m, token);
  const autonomy = autonomyOf(m, node);
  if (input.type === 'action.prepared' && wait?.kind === 'prepare') {
    return openGate(m, token, node, input, autonomy);
  }
  // A draft that cannot be prepared (unknown template, missing data) opens no gate: the node fails.
  if (input.type === 'action.failed' && wait?.kind === 'prepare') {
    failNode(m, token, input.error);
    return true;
  }
  if (input.type === 'decision' && wait?.kind === 'gate' && wait.validationId === input.validationId) {
    // Policy approves only ORANGE, and only where the firm's policy (as of the run's start) allows it.
    if (input.decision === 'AUTO_APPROVED' && !(autonomy === 'ORANGE' && m.state.policy.orangeAutoApprove.enabled)) {
      return false;
    }
    if (wait.timeoutWakeId) m.effects.push({ type: 'wake.cancel', wakeId: wait.timeoutWakeId });
    const validation: StepValidation = {
      ...(step?.validation as StepValidation),
      status: input.decision,
      ...(input.decidedBy ? { decidedBy: input.decidedBy } : {}),
      decidedAt: input.decidedAt,
      ...(input.comment ? { comment: input.comment } : {}),
    };
    const finalParams = input.decision === 'MODIFIED_APPROVED' ? input.params : wait.params;
    if (input.decision !== 'REJECTED') validation.finalParams = finalParams;
    m.effects.push({
      type: 'validation.close',
      validationId: wait.validationId,
      status: input.decision,
      ...(input.decision !== 'REJECTED' ? { finalParams } : {}),
    });
    m.effects.push({
      type: 'event.emit',
      eventType: input.decision === 'REJECTED' ? 'validation:rejected' : 'validation:approved',
      payload: {
        validationId: wait.validationId,
        runId: m.state.runId,
        workflowId: m.state.workflowId,
        nodeId: node.id,
        action: node.action,
        autonomy,
        status: input.decision,
        ...(input.decidedBy ? { decidedBy: input.decidedBy } : {}),
        decidedAt: input.decidedAt,
        ...(input.comment ? { comment: input.comment } : {}),
      },
      causation: [...m.state.event.causation, m.state.event.id],
    });
    if (step) step.validation = validation;
    if (input.decision === 'REJECTED') {
      closeStep(m, token, 'succeeded', { port: 'rejected', validation });
      follow(m, token, 'rejected');
      return true;
    }
    if (step) step.status = 'running';
    perform(m, token, node, finalParams, 1, autonomy);
    return true;
  }
  if (input.type === 'timer.fired' && wait?.kind === 'gate' && wait.timeoutWakeId === input.wakeId) {
    m.effects.push({ type: 'validation.close', validationId: wait.validationId, status: 'EXPIRED' });
    const validation = { ...(step?.validation as StepValidation), status: 'EXPIRED' as const };
    closeStep(m, token, 'succeeded', { port: 'timeout', validation });
    follow(m, token, 'timeout');
    return true;
  }
  if (input.type === 'timer.fired' && wait?.kind === 'retry' && wait.wakeId === input.wakeId) {
    if (step) {
      step.status = 'running';
      step.wakeAt = undefined;
    }
    perform(m, token, node, wait.params, wait.attempt, autonomy);
    return true;
  }
  if (input.type === 'action.succeeded' && wait?.kind === 'action') {
    // On a gated action the success port is shown as the "approved" one (they are the same port).
    const port = autonomy === 'GREEN' ? 'success' : 'approved';
    closeStep(m, token, 'succeeded', {
      port,
      output: input.output,
      ...(step?.validation ? { validation: step.validation } : {}),
    });
    follow(m, token, 'success');
    return true;
  }
  if (input.type === 'action.failed' && wait?.kind === 'action') {
    const attempts = node.retry?.attempts ?? m.state.policy.defaultAttempts;
    if (wait.attempt < attempts && input.error.retryable !== false) {
      const wakeId = nextId(m, 'wake');
      const at = new Date(Date.parse(m.now) + backoffMs(node, wait.attempt)).toISOString();
      token.wait = { kind: 'retry', wakeId, attempt: wait.attempt + 1, params: wait.params };
      if (step) {
        step.status = 'waiting';
        step.wakeAt = at;
        step.error = input.error;
      }
      m.effects.push({ type: 'wake.schedule', wakeId, at, nodeId: node.id, reason: 'retry' });
      return true;
    }
    failNode(m, token, input.error);
    return true;
  }
  return false;
}

function openGate(
  m: Machine,
  token: Token,
  node: ActionNode,
  input: Extract<RunInput, { type: 'action.prepared' }>,
  autonomy: Autonomy,
): boolean {
  const step = currentStep(m, token);
  let confidence = input.confidence;
  if (confidence === undefined && node.gate && 'confidence' in node.gate) {
    const value = resolveValue((node.gate as { confidence?: unknown }).confidence, dataFor(m, token));
    if (typeof value === 'number' && value >= 0 && value <= 1) confidence = value;
  }
  const policy = m.state.policy.orangeAutoApprove;
  // RED is never approved by anything but a person: no policy, no confidence, no document setting.
  if (autonomy === 'ORANGE' && policy.enabled && confidence !== undefined && confidence >= policy.minConfidence) {
    if (step) step.validation = { status: 'AUTO_APPROVED', autonomy, confidence, preparedParams: input.params };
    perform(m, token, node, input.params, 1, autonomy);
    return true;
  }
  const validationId = `${m.state.runId}:${node.id}:${nextId(m, 'v')}`;
  // What the handler prepared about the gate (a human task's own due date, assignee, instructions) comes
  // before the node's settings.
  const prepared = input.gate ?? {};
  let timeoutWakeId: string | undefined;
  let dueAt: string | undefined;
  if (prepared.dueAt && !Number.isNaN(Date.parse(prepared.dueAt))) {
    dueAt = new Date(prepared.dueAt).toISOString();
  } else if (node.gate?.timeout) {
    dueAt = addCalendarDuration(new Date(m.now), node.gate.timeout, { timeZone: timeZoneOf(m) }).toISOString();
  }
  const assigneeId = prepared.assigneeId ?? node.gate?.assigneeId;
  const instructions = prepared.instructions ?? node.gate?.instructions;
  // The case the decision is about: the one prepared, else the action's own `workspaceId` param.
  const paramCase = (input.params as { workspaceId?: unknown } | null)?.workspaceId;
  const workspaceId =
    prepared.workspaceId ?? (typeof paramCase === 'string' && ID_PATTERN.test(paramCase) ? paramCase : undefined);
  if (dueAt) {
    timeoutWakeId = nextId(m, 'wake');
    m.effects.push({
      type: 'wake.schedule',
      wakeId: timeoutWakeId,
      at: dueAt,
      nodeId: node.id,
      reason: 'gate-timeout',
    });
  }
  token.wait = {
    kind: 'gate',
    validationId,
    params: input.params,
    attempt: 1,
    ...(timeoutWakeId ? { timeoutWakeId } : {}),
  };
  if (step) {
    step.status = 'awaiting_validation';
    step.validation = {
      status: 'PENDING',
      validationId,
      autonomy,
      preparedParams: input.params,
      ...(confidence !== undefined ? { confidence } : {}),
    };
    if (dueAt) step.wakeAt = dueAt;
  }
  m.effects.push({
    type: 'validation.open',
    validationId,
    nodeId: node.id,
    action: node.action,
    autonomy,
    preparedParams: input.params,
    ...(confidence !== undefined ? { confidence } : {}),
    ...gatePreview(input.preview),
    ...(dueAt ? { dueAt } : {}),
    ...(assigneeId ? { assigneeId } : {}),
    ...(instructions ? { instructions } : {}),
    ...(workspaceId ? { workspaceId } : {}),
  });
  // Announced only with what its schema accepts (an event refused would hold the run's effects back).
  if (ID_PATTERN.test(validationId)) {
    m.effects.push({
      type: 'event.emit',
      eventType: 'ai:validation_required',
      payload: validationRequired(m, node, {
        validationId,
        autonomy,
        params: input.params,
        summary: prepared.summary ?? instructions,
        ...(confidence !== undefined && confidence >= 0 && confidence <= 1 ? { confidence } : {}),
        ...(typeof input.preview === 'string' ? { preview: input.preview } : {}),
        ...(assigneeId && ID_PATTERN.test(assigneeId) ? { assignedTo: assigneeId } : {}),
        ...(dueAt ? { expiresAt: dueAt } : {}),
        ...(workspaceId ? { workspaceId } : {}),
      }),
      causation: [...m.state.event.causation, m.state.event.id],
    });
  }
  return true;
}

/** Largest prepared preview kept with a gate (JSON characters); a larger one is left out, never cut mid-value. */
const MAX_PREVIEW_CHARS = 100_000;

/**
 * What a gate keeps of the handler's preview for the lawyer: the preview itself when it is JSON of a bounded
 * size, and the AI's provenance when the preview carries one (`{provenance: {provider, model, …}}`).
 */
function gatePreview(preview: unknown): { preview?: unknown; provenance?: Record<string, unknown> } {
  if (preview === undefined) return {};
  let json: string | undefined;
  try {
    json = JSON.stringify(preview);
  } catch {
    return {};
  }
  if (json === undefined || json.length > MAX_PREVIEW_CHARS) return {};
  const copy = JSON.parse(json) as unknown;
  const provenance =
    copy && typeof copy === 'object' && !Array.isArray(copy)
      ? (copy as { provenance?: unknown }).provenance
      : undefined;
  return {
    preview: copy,
    ...(provenance && typeof provenance === 'object' && !Array.isArray(provenance)
      ? { provenance: provenance as Record<string, unknown> }
      : {}),
  };
}

/** An id as the event schemas accept it. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** The `ai:validation_required` payload announcing an open gate (to the inbox, and to workflows that react). */
function validationRequired(
  m: Machine,
  node: ActionNode,
  gate: {
    validationId: string;
    autonomy: Autonomy;
    params: unknown;
    summary: string | undefined;
    confidence?: number;
    preview?: string;
    assignedTo?: string;
    expiresAt?: string;
    workspaceId?: string;
  },
): Record<string, unknown> {
  const { params, summary, ...rest } = gate;
  const isObject = typeof params === 'object' && params !== null && !Array.isArray(params);
  return {
    ...rest,
    runId: m.state.runId,
    workflowId: m.state.workflowId,
    nodeId: node.id,
    action: node.action,
    summary: (summary ?? `${node.label ?? node.action} (${node.id})`).slice(0, 2000),
    ...(isObject ? { params } : {}),
    ...(rest.preview !== undefined ? { preview: rest.preview.slice(0, 100_000) } : {}),
    requestedAt: m.now,
  };
}

/** Delay before attempt `attempt + 1`: fixed, or doubling from `delayMs`, never above `maxDelayMs`. */
export function backoffMs(node: ActionNode, attempt: number): number {
  const delay = node.retry?.delayMs ?? 1000;
  const max = node.retry?.maxDelayMs ?? 3_600_000;
  const raw = (node.retry?.backoff ?? 'exponential') === 'fixed' ? delay : delay * 2 ** (attempt - 1);
  return Math.min(raw, max);
}

export function timeZoneOf(m: Machine): string {
  return m.workflow.settings?.timezone ?? 'Europe/Paris';
}
