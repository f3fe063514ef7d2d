import type { CesedaRule } from '@iapm/schemas';
import { DateTime } from 'luxon';
import { missingMandatory } from '../cases/checklist-store.ts';
import { unwatchDeadline, watchDeadline } from '../cases/deadline-watcher.ts';
import { computeDeadline } from '../domain/deadlines/compute.ts';
import type { DeadlineResult, NotificationMode } from '../domain/deadlines/types.ts';
import { DomainError } from '../domain/errors.ts';
import { type ProcedureType, type Situation, selectRule } from '../domain/rules.ts';
import { computeUrgency, type Urgency } from '../domain/urgency.ts';
import { ActionError, type ActionHandler, issuesInWords } from '../engine/ports.ts';
import type { ActionAdapters } from './adapters.ts';
import { appendTimeline, defineHandler, type HandlerInput, insertOnce } from './define.ts';
import { cesedaOf, isoDay, refused, requireWorkspace, type WorkspaceDoc } from './entity-kit.ts';
import { firmConfig } from './outside.ts';

interface DeadlineParams {
  workspaceId: string;
  ruleId?: string;
  procedure?: ProcedureType;
  situation?: Situation;
  notifiedAt?: string;
  decisionDate?: string;
  notificationMode?: NotificationMode;
  printedDeadline?: string;
  label?: string;
  dueAt?: string;
}
interface DeadlineOutput {
  deadlineId: string;
  ruleId: string | null;
  dueAt: string;
  alertAt?: string;
  urgency?: Urgency;
  variants?: { label: string; dueAt: string }[];
  legalRef?: string;
}

/** The domain's input pointers, as the action's params name them. */
const PARAM_POINTERS: Record<string, string> = {
  '/mode': '/notificationMode',
  '/printedDecisionDate': '/printedDeadline',
  '/procedureType': '/procedure',
  '/firstPresentationAt': '/notifiedAt',
  '/madeAvailableAt': '/notifiedAt',
  '': '/ruleId',
};

/** A domain refusal (bad date, rule not in force, missing notification) as the action's refusal. */
function asActionError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  const text = error.issues
    .map((issue) => `${PARAM_POINTERS[issue.pointer] ?? issue.pointer} ${issue.message.fr} / ${issue.message.en}`)
    .join('; ');
  const pointed = error.issues.map((issue) => ({ ...issue, pointer: PARAM_POINTERS[issue.pointer] ?? issue.pointer }));
  return new ActionError(error.code, text, false, issuesInWords(pointed));
}

const ISO_UNITS = { hours: 'H', days: 'D', months: 'M' } as const;
const isoDuration = (rule: CesedaRule) =>
  rule.unit === 'hours' ? `PT${rule.amount}H` : `P${rule.amount}${ISO_UNITS[rule.unit]}`;

/** The computed deadline (from a rule) or the one entered by hand, as it is stored. */
function compute(
  input: HandlerInput<DeadlineParams>,
  workspace: WorkspaceDoc,
  rules: readonly CesedaRule[],
): { result: DeadlineResult | null; rule: CesedaRule | null; dueAt: Date; alertAt: Date } {
  const { params, context } = input;
  if (params.dueAt) {
    const dueAt = new Date(params.dueAt);
    // The date printed on the decision counts to the end of that day, Paris time.
    const printed = params.printedDeadline
      ? DateTime.fromISO(params.printedDeadline, { zone: 'Europe/Paris' }).endOf('day').toJSDate()
      : undefined;
    return { result: null, rule: null, dueAt, alertAt: printed && printed < dueAt ? printed : dueAt };
  }
  const decisionDate = params.decisionDate ?? isoDay(workspace.decisionDate);
  const notifiedAt = params.notifiedAt ?? isoDay(workspace.notificationDate);
  try {
    const { rule } = selectRule(rules, {
      ...(params.ruleId ? { ruleId: params.ruleId } : {}),
      ...(params.procedure ? { procedureType: params.procedure } : {}),
      ...((params.situation ?? workspace.situation)
        ? { situation: (params.situation ?? workspace.situation) as Situation }
        : {}),
      ...(decisionDate ? { decisionDate } : {}),
    });
    const result = computeDeadline(
      rule,
      {
        ...(notifiedAt ? { notifiedAt } : {}),
        ...(params.notificationMode ? { mode: params.notificationMode } : {}),
        ...(decisionDate ? { decisionDate } : {}),
        ...(params.printedDeadline ? { printedDecisionDate: params.printedDeadline } : {}),
      },
      context.now,
    );
    return { result, rule, dueAt: new Date(result.dueAt), alertAt: new Date(result.alertAt) };
  } catch (error) {
    throw asActionError(error);
  }
}

/**
 * create_deadline: computes the deadline with the domain engine — the rule named, or the one chosen from the
 * procedure and the situation for the decision date, the notification (date-time and mode, else the case's
 * notification date), the deadline printed on the decision — or takes the one entered by hand; stores it with
 * its variants, alert date, trace and urgency (the firm's thresholds, the mandatory documents missing); moves
 * the case's deadline date forward when this one is nearer; starts watching it (deadline:approaching /
 * deadline:critical); appends to the timeline and emits `deadline:created`.
 */
export function deadlineHandler(adapters: ActionAdapters): ActionHandler {
  return defineHandler<DeadlineParams, DeadlineOutput>(
    'create_deadline',
    async (input) => {
      const { params, models, tenantId, entityId, context } = input;
      const ceseda = cesedaOf(adapters);
      const workspace = await requireWorkspace(input, params.workspaceId);
      const { result, rule, dueAt, alertAt } = compute(input, workspace, ceseda.rules);
      if (Number.isNaN(dueAt.getTime())) {
        throw refused('deadline.invalid', '/dueAt', 'Échéance invalide.', 'Invalid due date.');
      }
      const { config } = await firmConfig(input);
      const missing = await missingMandatory(models, String(tenantId), workspace, ceseda.checklists);
      const urgency = computeUrgency({
        dueAt: alertAt,
        rule,
        missingDocuments: missing.length,
        now: context.now,
        thresholds: { criticalHours: config.runtime?.criticalBelowHours ?? 48 },
      });
      const label = (params.label ?? result?.label ?? 'Échéance').slice(0, 300);
      const variants = (result?.variants ?? [])
        .slice(0, 10)
        .map((v) => ({ label: v.label.slice(0, 200), dueAt: v.dueAt }));
      const { created } = await insertOnce(models.Deadline, {
        _id: entityId,
        tenantId,
        workspaceId: workspace._id,
        ...(rule ? { ruleId: rule.id } : {}),
        label,
        dueAt,
        alertAt,
        ...(params.printedDeadline ? { printedDueAt: new Date(`${params.printedDeadline}T00:00:00Z`) } : {}),
        variants: variants.map((v) => ({ label: v.label, dueAt: new Date(v.dueAt) })),
        urgency,
        status: 'open',
        ...(result?.legalRef ? { legalRef: result.legalRef } : {}),
        trace: result?.trace ?? [{ step: 'end', fr: 'Échéance saisie à la main.', en: 'Deadline entered by hand.' }],
      });
      const deadlineId = String(entityId);
      await watchDeadline(context.connection, {
        tenantId: String(tenantId),
        deadlineId,
        workspaceId: params.workspaceId,
        at: context.now,
      });
      if (!workspace.deadlineDate || new Date(workspace.deadlineDate) > alertAt) {
        // By `_id` alone (indexed): the case was read as this firm's.
        await models.Workspace.updateOne({ _id: workspace._id }, { $set: { deadlineDate: alertAt, urgency } });
      }
      const day = alertAt.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
      await appendTimeline(input, params.workspaceId, 'deadline', `Délai : ${label} — à traiter avant le ${day}`, {
        deadlineId,
        ...(rule ? { ruleId: rule.id } : {}),
      });
      const legalRef = result?.legalRef?.slice(0, 300);
      if (created) {
        await context.emit('deadline:created', {
          deadlineId,
          workspaceId: params.workspaceId,
          clientId: String(workspace.clientId),
          ...(rule ? { ruleId: rule.id, duration: isoDuration(rule) } : {}),
          label,
          dueAt: result?.dueAt ?? dueAt.toISOString(),
          alertAt: result?.alertAt ?? alertAt.toISOString(),
          urgency,
          hoursLeft: Math.round(((alertAt.getTime() - context.now.getTime()) / 3_600_000) * 10) / 10,
          procedureType: params.procedure ?? workspace.procedureType,
          ...((params.situation ?? workspace.situation) ? { situation: params.situation ?? workspace.situation } : {}),
          ...(result ? { startsAt: result.startAt } : {}),
          ...(legalRef ? { legalBasis: legalRef } : {}),
          createdAt: context.now.toISOString(),
        });
      }
      return {
        deadlineId,
        ruleId: rule?.id ?? null,
        dueAt: result?.dueAt ?? dueAt.toISOString(),
        alertAt: result?.alertAt ?? alertAt.toISOString(),
        urgency,
        variants,
        ...(legalRef ? { legalRef } : {}),
      };
    },
    {
      // Removes the deadline, stops watching it, and gives the case the nearest of its other open deadlines.
      compensate: async ({ params, output, models, tenantId, context }) => {
        await models.Deadline.deleteOne({ _id: output.deadlineId, tenantId });
        await unwatchDeadline(context.connection, String(tenantId), output.deadlineId);
        const open = await models.Deadline.find(
          { tenantId, workspaceId: params.workspaceId, status: 'open' },
          {
            alertAt: 1,
            dueAt: 1,
          },
        ).lean();
        const nearest = open
          .map((d) => new Date(d.alertAt ?? d.dueAt).getTime())
          .sort((a, b) => a - b)
          .at(0);
        await models.Workspace.updateOne(
          { _id: params.workspaceId, tenantId },
          nearest === undefined ? { $unset: { deadlineDate: 1 } } : { $set: { deadlineDate: new Date(nearest) } },
        );
      },
    },
  );
}
