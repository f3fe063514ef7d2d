import { configWithDefaults } from '@iapm/schemas';
import { Types } from 'mongoose';
import { addCalendarDuration } from '../core/calendar/index.ts';
import type { RunPolicy, StepValidation } from '../core/types.ts';
import { findOwned } from '../db/owned.ts';
import type { ActionHandlers } from '../engine/ports.ts';
import { findValidationRequest } from '../engine/validation-requests.ts';
import { appendTimeline, defineHandler } from './define.ts';
import { refused, requireWorkspace } from './entity-kit.ts';
import { actOnce } from './outside.ts';

interface RequestParams {
  title: string;
  instructions?: string;
  assigneeId?: string;
  dueIn?: string;
  dueAt?: string;
  workspaceId?: string;
  payload?: Record<string, unknown>;
}
interface RequestOutput {
  validationId: string;
  status: 'APPROVED' | 'MODIFIED_APPROVED' | 'AUTO_APPROVED';
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
}
interface AutoParams {
  validationId: string;
  confidence: number;
  reason: string;
}
interface AutoOutput {
  validationId: string;
  status: 'AUTO_APPROVED' | 'PENDING';
  reason: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const STATUS_WORDS = {
  APPROVED: 'approuvée',
  MODIFIED_APPROVED: 'modifiée puis approuvée',
  AUTO_APPROVED: 'approuvée',
};

/** Why the policy leaves a request to a person, in French then English. */
const stays = (validationId: string, fr: string, en: string): AutoOutput => ({
  validationId,
  status: 'PENDING',
  reason: `${fr} / ${en}`.slice(0, 1000),
});

/**
 * request_validation — an explicit task for a lawyer: its `prepare` gives the gate its assignee (the one
 * named, else the case's), its due date (`dueAt`, or `dueIn` from now in Paris time), its instructions and
 * case; the core opens the validation request, announces it (`ai:validation_required`) and parks the run.
 * The lawyer approves (port `approved`, after which this handler reports the decision: who, when, comment),
 * modifies then approves (the edited `payload` is what the step performed), or rejects (port `rejected`);
 * past the due date the gate follows `timeout`.
 *
 * auto_approve — approves a pending request in the name of the firm's policy: only an ORANGE request, only
 * when the firm's `autonomy.orangeAutoApprove` allows it (now, and when the request's run started) and the
 * confidence reaches its threshold. A RED request is never approved this way; otherwise, and whenever the
 * policy does not allow it, the request stays PENDING for a person and the output says why.
 */
export function validationHandlers(): ActionHandlers {
  return {
    request_validation: defineHandler<RequestParams, RequestOutput>(
      'request_validation',
      async (input) => {
        const { params, context, models, tenantId, entityId } = input;
        const step = [...(context.steps ?? [])].reverse().find((s) => s.nodeId === context.nodeId && s.validation);
        const validation = step?.validation as StepValidation | undefined;
        if (!validation || !['APPROVED', 'MODIFIED_APPROVED', 'AUTO_APPROVED'].includes(validation.status)) {
          throw refused(
            'validation.no-decision',
            '/title',
            "La demande de validation n'a pas encore de décision d'avocat.",
            'The validation request has no lawyer decision yet.',
          );
        }
        let validationId = validation.validationId ?? String(entityId);
        if (!ID.test(validationId)) {
          const stored = await findValidationRequest(models, String(tenantId), validationId, { _id: 1 });
          validationId = stored ? String(stored._id) : String(entityId);
        }
        const status = validation.status as RequestOutput['status'];
        await appendTimeline(
          input,
          params.workspaceId,
          'validation',
          `Validation ${STATUS_WORDS[status]} : ${params.title}`,
          {
            validationId,
            ...(validation.decidedBy ? { decidedBy: validation.decidedBy } : {}),
          },
        );
        return {
          validationId,
          status,
          ...(validation.decidedBy && ID.test(validation.decidedBy) ? { decidedBy: validation.decidedBy } : {}),
          ...(validation.decidedAt ? { decidedAt: validation.decidedAt } : {}),
          ...(validation.comment ? { comment: validation.comment.slice(0, 5000) } : {}),
        };
      },
      {
        prepare: async (input) => {
          const { params, context } = input;
          let assigneeId = params.assigneeId;
          if (params.workspaceId) {
            const workspace = await requireWorkspace(input, params.workspaceId);
            assigneeId ??= workspace.assigneeId ? String(workspace.assigneeId) : undefined;
          }
          const dueAt = params.dueAt
            ? new Date(params.dueAt).toISOString()
            : params.dueIn
              ? addCalendarDuration(context.now, params.dueIn, { timeZone: 'Europe/Paris' }).toISOString()
              : undefined;
          return {
            params,
            ...(params.instructions ? { preview: params.instructions } : {}),
            gate: {
              summary: params.title,
              ...(params.instructions ? { instructions: params.instructions } : {}),
              ...(assigneeId ? { assigneeId } : {}),
              ...(dueAt ? { dueAt } : {}),
              ...(params.workspaceId ? { workspaceId: params.workspaceId } : {}),
            },
          };
        },
      },
    ),
    auto_approve: defineHandler<AutoParams, AutoOutput>('auto_approve', async (input) => {
      const { params, models, tenantId, context } = input;
      return actOnce<AutoOutput>(input, 'auto_approve', 'repeat', async () => {
        const byId = Types.ObjectId.isValid(params.validationId) && params.validationId.length === 24;
        // By `_id` (indexed), or by the gate's key (a query; the inbox gives the `_id`).
        const request = byId
          ? await findOwned<NonNullable<Awaited<ReturnType<typeof models.ValidationRequest.findOne>>>>(
              models.ValidationRequest,
              params.validationId,
              tenantId,
            )
          : await findValidationRequest(models, String(tenantId), params.validationId);
        if (!request) {
          throw refused(
            'validation.not-found',
            '/validationId',
            `Demande de validation ${params.validationId} introuvable dans ce cabinet.`,
            `Validation request ${params.validationId} cannot be found in this firm.`,
          );
        }
        if (request.status === 'AUTO_APPROVED') {
          return {
            validationId: params.validationId,
            status: 'AUTO_APPROVED',
            reason: request.comment ?? params.reason,
          };
        }
        if (request.status !== 'PENDING') {
          throw refused(
            'validation.decided',
            '/validationId',
            `La demande ${params.validationId} est déjà décidée (${request.status}).`,
            `Request ${params.validationId} is already decided (${request.status}).`,
          );
        }
        if (request.autonomy === 'RED') {
          return stays(
            params.validationId,
            'Action ROUGE : seule une personne peut l’approuver, quelle que soit la confiance ou la politique du cabinet',
            'RED action: only a person can approve it, whatever the confidence or the firm’s policy',
          );
        }
        if (request.autonomy !== 'ORANGE') {
          return stays(
            params.validationId,
            `Niveau ${request.autonomy} non approuvable automatiquement`,
            `Level ${request.autonomy} cannot be auto-approved`,
          );
        }
        const tenant = await models.Tenant.findById(tenantId, { config: 1 }).lean();
        const firm = configWithDefaults(tenant?.config ?? {}).autonomy?.orangeAutoApprove;
        const run = await findOwned<{ state?: { policy?: RunPolicy } }>(models.Run, request.runId, tenantId, {
          'state.policy': 1,
        });
        const started = run?.state?.policy?.orangeAutoApprove;
        if (!firm?.enabled || !started?.enabled) {
          return stays(
            params.validationId,
            `La politique du cabinet ${firm?.enabled ? "ne l'autorisait pas au début de l'exécution" : "n'autorise pas l'approbation automatique"}`,
            `The firm's policy ${firm?.enabled ? 'did not allow it when the run started' : 'does not allow automatic approval'}`,
          );
        }
        const threshold = Math.max(firm.minConfidence ?? 0.95, started.minConfidence);
        if (params.confidence < threshold) {
          return stays(
            params.validationId,
            `Confiance ${params.confidence} sous le seuil du cabinet (${threshold})`,
            `Confidence ${params.confidence} below the firm's threshold (${threshold})`,
          );
        }
        if (!context.decide) {
          throw refused(
            'validation.unavailable',
            '/validationId',
            'Aucun moteur pour transmettre la décision.',
            'No engine to pass the decision to.',
          );
        }
        const comment =
          `Approbation automatique (confiance ${params.confidence} ≥ ${threshold}) : ${params.reason}`.slice(0, 5000);
        const outcome = await context.decide(request.key, { comment });
        if (outcome === 'refused') {
          return stays(
            params.validationId,
            'Seule une demande ORANGE s’approuve automatiquement',
            'Only an ORANGE request can be approved automatically',
          );
        }
        if (outcome !== 'ok') {
          throw refused(
            'validation.decided',
            '/validationId',
            `La demande ${params.validationId} a été décidée entre-temps.`,
            `Request ${params.validationId} was decided in the meantime.`,
          );
        }
        if (request.workspaceId) {
          await appendTimeline(
            input,
            String(request.workspaceId),
            'validation',
            `Validation approuvée automatiquement (${request.action})`,
            {
              validationId: params.validationId,
              confidence: params.confidence,
            },
          );
        }
        return { validationId: params.validationId, status: 'AUTO_APPROVED', reason: params.reason };
      });
    }),
  };
}
