import type { CesedaRule } from '@iapm/schemas';
import { toOutput } from '../ai/ai-service.ts';
import { answerByRules } from '../ai/builtin-provider.ts';
import { EXTRACT_FIELDS, type ExtractField } from '../ai/types.ts';
import { computeDeadline } from '../domain/deadlines/compute.ts';
import type { NotificationMode } from '../domain/deadlines/types.ts';
import { DomainError } from '../domain/errors.ts';
import { type ProcedureType, type Situation, selectRule } from '../domain/rules.ts';
import type { SandboxHandler } from './sandbox.ts';

/**
 * Sandbox handlers that compute what the built-in rules (no model, no I/O) would answer, instead of a
 * stand-in: a test run of `extract_data` on a letter about an OQTF finds « OQTF » as a real run with the
 * built-in provider would. Pure.
 */
export const ruleHandlers: Record<string, SandboxHandler> = {
  extract_data: (params) => {
    const p = (params ?? {}) as { text?: unknown; receivedAt?: unknown; fields?: unknown };
    const fields = (Array.isArray(p.fields) && p.fields.length ? p.fields : [...EXTRACT_FIELDS]) as ExtractField[];
    const task = {
      kind: 'extract' as const,
      text: typeof p.text === 'string' ? p.text : '',
      ...(typeof p.receivedAt === 'string' ? { receivedAt: p.receivedAt } : {}),
      fields,
    };
    return toOutput(task, answerByRules(task));
  },
};

interface DeadlineParams {
  ruleId?: string;
  procedure?: ProcedureType;
  situation?: Situation;
  notifiedAt?: string;
  decisionDate?: string;
  notificationMode?: NotificationMode;
  printedDeadline?: string;
  dueAt?: string;
}

/**
 * `create_deadline` computed by the CESEDA rules, as a real run computes it, when its params say enough: a rule
 * or a procedure, and the notification date. A deadline entered by hand, or one whose dates a real run reads
 * from the case (unknown here), gets the stand-in output (`undefined`: the sandbox simulates it and says so).
 * A rule that does not apply (not in force at the decision date, no notification) fails the step with the
 * domain's words, as it would in a real run. Pure.
 */
export function deadlineHandler(rules: readonly CesedaRule[]): SandboxHandler {
  return (params, { now, nodeId }) => {
    const p = (params ?? {}) as DeadlineParams;
    if (typeof p.dueAt === 'string' || typeof p.notifiedAt !== 'string' || !p.notifiedAt || !(p.ruleId || p.procedure))
      return undefined;
    try {
      const { rule } = selectRule(rules, {
        ...(p.ruleId ? { ruleId: p.ruleId } : {}),
        ...(p.procedure ? { procedureType: p.procedure } : {}),
        ...(p.situation ? { situation: p.situation } : {}),
        ...(p.decisionDate ? { decisionDate: p.decisionDate } : {}),
      });
      const result = computeDeadline(
        rule,
        {
          notifiedAt: p.notifiedAt,
          ...(p.notificationMode ? { mode: p.notificationMode } : {}),
          ...(p.decisionDate ? { decisionDate: p.decisionDate } : {}),
          ...(p.printedDeadline ? { printedDecisionDate: p.printedDeadline } : {}),
        },
        now,
      );
      return {
        deadlineId: `sandbox-deadline-${nodeId}`,
        ruleId: result.ruleId,
        dueAt: result.dueAt,
        alertAt: result.alertAt,
        ...(result.urgency ? { urgency: result.urgency } : {}),
        variants: result.variants.slice(0, 10).map((v) => ({ label: v.label.slice(0, 200), dueAt: v.dueAt })),
        legalRef: result.legalRef.slice(0, 300),
      };
    } catch (error) {
      if (error instanceof DomainError)
        throw new Error(error.issues.map((i) => `${i.message.fr} / ${i.message.en}`).join('; ') || error.message);
      throw error;
    }
  };
}

/** The sandbox's computed handlers: extraction by the built-in rules, and deadlines by the CESEDA rules given. */
export function sandboxHandlers(ceseda?: { rules: readonly CesedaRule[] }): Record<string, SandboxHandler> {
  return ceseda ? { ...ruleHandlers, create_deadline: deadlineHandler(ceseda.rules) } : ruleHandlers;
}
