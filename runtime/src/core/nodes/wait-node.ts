import { addCalendarDuration, addWorkingDuration } from '../calendar/index.ts';
import { resolveValue } from '../conditions/index.ts';
import { closeStep, dataFor, failNode, follow, type Machine, nextId, openStep } from '../machine.ts';
import type { RunInput, Token, WorkflowNode } from '../types.ts';
import { timeZoneOf } from './action-node.ts';

type WaitNode = Extract<WorkflowNode, { kind: 'wait' }>;

/**
 * A token arrives at a wait: for a duration (calendar or French working days, in the workflow's time zone),
 * until a computed date, or until a correlated event with a timeout (also counted in working days when the
 * wait's calendar says so). Schedules the wake (or subscription).
 */
export function enterWait(m: Machine, token: Token, node: WaitNode): void {
  const step = openStep(m, token);
  const data = dataFor(m, token);
  try {
    if (node.event) {
      const match: Record<string, unknown> = {};
      for (const [path, value] of Object.entries(node.correlate ?? {})) match[path] = resolveValue(value, data);
      const subscriptionId = nextId(m, 'sub');
      const timeoutWakeId = nextId(m, 'wake');
      // The timeout counts French working days when the wait says so ("up to 3 working days").
      const at = afterDuration(m, node.timeout as string, node.calendar);
      token.wait = { kind: 'event', subscriptionId, timeoutWakeId };
      Object.assign(step, { status: 'waiting', wakeAt: at, input: { event: node.event, match } });
      m.effects.push({
        type: 'event.subscribe',
        subscriptionId,
        nodeId: node.id,
        eventType: node.event,
        match,
        ...(node.filter !== undefined ? { filter: node.filter } : {}),
      });
      m.effects.push({ type: 'wake.schedule', wakeId: timeoutWakeId, at, nodeId: node.id, reason: 'event-timeout' });
      return;
    }
    const at =
      node.for !== undefined ? afterDuration(m, node.for, node.calendar) : untilDate(resolveValue(node.until, data));
    if (at <= m.now) {
      closeStep(m, token, 'succeeded', { port: 'next', output: { resumedAt: m.now, timedOut: false } });
      follow(m, token, 'next');
      return;
    }
    const wakeId = nextId(m, 'wake');
    token.wait = { kind: 'timer', wakeId, at };
    Object.assign(step, { status: 'waiting', wakeAt: at });
    m.effects.push({ type: 'wake.schedule', wakeId, at, nodeId: node.id, reason: 'wait' });
  } catch (error) {
    failNode(
      m,
      token,
      { code: (error as { code?: string }).code ?? 'wait.invalid', message: (error as Error).message },
      false,
    );
  }
}

function afterDuration(m: Machine, duration: string, calendar: string | undefined): string {
  const from = new Date(m.now);
  const opts = { timeZone: timeZoneOf(m) };
  const at =
    calendar === 'working-days' ? addWorkingDuration(from, duration, opts) : addCalendarDuration(from, duration, opts);
  return at.toISOString();
}

function untilDate(value: unknown): string {
  const date =
    value instanceof Date
      ? value
      : typeof value === 'string' || typeof value === 'number'
        ? new Date(value)
        : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw Object.assign(new Error(`"until" did not give a date (${JSON.stringify(value)})`), {
      code: 'wait.invalid-date',
    });
  }
  return date.toISOString();
}

/** Applies a timer or a correlated event to a waiting token. Returns false when the input does not fit. */
export function resumeWait(m: Machine, token: Token, input: RunInput): boolean {
  const wait = token.wait;
  if (input.type === 'timer.fired' && wait?.kind === 'timer' && wait.wakeId === input.wakeId) {
    closeStep(m, token, 'succeeded', { port: 'next', output: { resumedAt: m.now, timedOut: false } });
    follow(m, token, 'next');
    return true;
  }
  if (wait?.kind !== 'event') return false;
  if (input.type === 'event.correlated' && wait.subscriptionId === input.subscriptionId) {
    m.effects.push({ type: 'event.unsubscribe', subscriptionId: wait.subscriptionId });
    m.effects.push({ type: 'wake.cancel', wakeId: wait.timeoutWakeId });
    closeStep(m, token, 'succeeded', {
      port: 'event',
      output: { resumedAt: m.now, timedOut: false, event: input.event },
    });
    follow(m, token, 'event');
    return true;
  }
  if (input.type === 'timer.fired' && wait.timeoutWakeId === input.wakeId) {
    m.effects.push({ type: 'event.unsubscribe', subscriptionId: wait.subscriptionId });
    closeStep(m, token, 'succeeded', { port: 'timeout', output: { resumedAt: m.now, timedOut: true } });
    follow(m, token, 'timeout');
    return true;
  }
  return false;
}
