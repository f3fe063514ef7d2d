import type { Types } from 'mongoose';
import type { Models } from '../db/models/index.ts';
import { findOwned } from '../db/owned.ts';
import type { ActionHandler } from '../engine/ports.ts';
import { appendTimeline, defineHandler } from './define.ts';
import { objectIdAt, refused } from './entity-kit.ts';
import { actOnce } from './outside.ts';

type Entity = 'workspace' | 'procedure' | 'task' | 'client' | 'invoice';
interface StatusParams {
  entity: Entity;
  entityId: string;
  status: string;
}
interface StatusOutput {
  entity: Entity;
  entityId: string;
  previousStatus?: string | null;
  status: string;
}

/** The statuses each entity may take (what its events and screens know). */
export const STATUSES: Record<Entity, readonly string[]> = {
  workspace: ['active', 'pending', 'closed', 'archived'],
  procedure: ['draft', 'filed', 'instruction', 'hearing_scheduled', 'decided', 'closed', 'withdrawn'],
  task: ['open', 'in_progress', 'done', 'cancelled'],
  client: ['prospect', 'active', 'inactive', 'archived'],
  invoice: ['draft', 'sent', 'paid', 'overdue', 'cancelled'],
};

const LABELS: Record<Entity, string> = {
  workspace: 'dossier',
  procedure: 'procédure',
  task: 'tâche',
  client: 'client',
  invoice: 'facture',
};

/** The model of an entity (typed loosely: each has a `status` and a tenant). */
export const entityModel = (models: Models, entity: Entity | 'task' | 'client' | 'procedure' | 'workspace') =>
  ({
    workspace: models.Workspace,
    procedure: models.Procedure,
    task: models.Task,
    client: models.Client,
    invoice: models.Invoice,
  })[entity] as unknown as Models['Task'];

interface EntityDoc {
  _id: Types.ObjectId;
  status?: string;
  workspaceId?: Types.ObjectId;
  clientId?: Types.ObjectId;
  procedureType?: string;
  firstName?: string;
  lastName?: string;
}

/**
 * update_status: sets the status of a case, procedure, task, client or invoice among those the entity knows
 * (another one is refused, naming `/status` and the statuses allowed). Asking for the current status changes
 * nothing and emits nothing. Emits workspace:updated, procedure:status_changed or client:status_changed, and
 * writes the case's timeline. The compensation puts the previous status back unless it changed again since.
 */
export function statusHandler(): ActionHandler {
  return defineHandler<StatusParams, StatusOutput>(
    'update_status',
    async (input) => {
      const { params, models, tenantId, context } = input;
      const allowed = STATUSES[params.entity];
      if (!allowed.includes(params.status)) {
        throw refused(
          'status.unknown',
          '/status',
          `Statut « ${params.status} » inconnu pour un(e) ${LABELS[params.entity]} ; statuts possibles : ${allowed.join(', ')}.`,
          `Unknown status "${params.status}" for a ${params.entity}; allowed: ${allowed.join(', ')}.`,
        );
      }
      const id = objectIdAt(params.entityId, '/entityId');
      const model = entityModel(models, params.entity);
      let before: EntityDoc | null = null;
      return actOnce<StatusOutput>(
        input,
        'update_status',
        'repeat',
        async () => {
          before = await findOwned<EntityDoc>(model, id, tenantId);
          if (!before) {
            throw refused(
              'entity.not-found',
              '/entityId',
              `${LABELS[params.entity]} ${params.entityId} introuvable dans ce cabinet.`,
              `${params.entity} ${params.entityId} cannot be found in this firm.`,
            );
          }
          if (before.status !== params.status) {
            // By `_id` alone (indexed): the firm was checked on read and never changes.
            await model.updateOne({ _id: id }, { $set: { status: params.status } });
          }
          return {
            entity: params.entity,
            entityId: params.entityId,
            previousStatus: before.status ?? null,
            status: params.status,
          };
        },
        async (result) => {
          const doc = before as EntityDoc | null;
          if (!doc || result.previousStatus === result.status) return;
          const at = context.now.toISOString();
          const workspaceId =
            params.entity === 'workspace' ? params.entityId : doc.workspaceId && String(doc.workspaceId);
          await appendTimeline(
            input,
            workspaceId,
            'status',
            `Statut ${LABELS[params.entity] === 'dossier' ? 'du dossier' : `(${LABELS[params.entity]})`} : ${result.previousStatus ?? '—'} → ${result.status}`,
            { entity: params.entity, entityId: params.entityId },
          );
          if (params.entity === 'workspace') {
            await context.emit('workspace:updated', {
              workspaceId: params.entityId,
              ...(doc.clientId ? { clientId: String(doc.clientId) } : {}),
              ...(doc.procedureType ? { procedureType: doc.procedureType } : {}),
              status: result.status,
              changes: { status: result.status },
              previous: { status: result.previousStatus ?? null },
              changedFields: ['status'],
              updatedAt: at,
            });
          } else if (params.entity === 'procedure' && doc.workspaceId) {
            await context.emit('procedure:status_changed', {
              procedureId: params.entityId,
              workspaceId: String(doc.workspaceId),
              ...(doc.clientId ? { clientId: String(doc.clientId) } : {}),
              ...(doc.procedureType ? { procedureType: doc.procedureType } : {}),
              previousStatus: result.previousStatus ?? 'draft',
              status: result.status,
              changedAt: at,
            });
          } else if (params.entity === 'client') {
            await context.emit('client:status_changed', {
              clientId: params.entityId,
              ...(doc.firstName ? { firstName: doc.firstName } : {}),
              ...(doc.lastName ? { lastName: doc.lastName } : {}),
              previousStatus: result.previousStatus ?? 'prospect',
              status: result.status,
              changedAt: at,
            });
          }
        },
      );
    },
    {
      compensate: async ({ params, output, models, tenantId }) => {
        if (!output.previousStatus || output.previousStatus === output.status) return;
        await entityModel(models, params.entity).updateOne(
          { _id: params.entityId, tenantId, status: output.status },
          { $set: { status: output.previousStatus } },
        );
      },
    },
  );
}
