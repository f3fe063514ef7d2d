import type { ChecklistCatalog } from '@iapm/schemas';
import type { Connection } from 'mongoose';
import { keyedObjectId } from '../actions/define.ts';
import { getModels } from '../db/models/index.ts';
import type { ChecklistEvent } from '../domain/checklists.ts';
import type { EventReaction } from '../engine/event-service.ts';
import { tickChecklist } from './checklist-store.ts';
import { recheckDeadlines } from './deadline-watcher.ts';

const STATUS_LABELS = {
  missing: 'manquante',
  uploaded: 'reçue',
  verified: 'vérifiée',
  rejected: 'refusée',
} as const;

/**
 * Ticks the case's checklist when a `document:uploaded` or `document:verified` event is accepted, before the
 * workflows it triggers start (so that they see the checklist as it now stands), and reports the change:
 * a timeline entry on the case, and a `workspace:updated` event whose `changes.checklist` holds the item
 * ticked and the progress (`complete` once every mandatory document is received and none refused),
 * `previous.checklist` the progress before. A workflow that reacts to a complete checklist triggers on
 * `workspace:updated` with the filter `changes.checklist.complete == true and previous.checklist.complete ==
 * false`. When the mandatory documents missing change, the next pass of the deadline watcher looks at the
 * case's deadlines again (urgency). The same event delivered again ticks nothing more and emits nothing more.
 */
export function checklistReaction(connection: Connection, catalog: ChecklistCatalog): EventReaction {
  return async (tenantId, event, emit) => {
    if (event.type !== 'document:uploaded' && event.type !== 'document:verified') return;
    const models = getModels(connection);
    const tick = await tickChecklist(models, tenantId, event as unknown as ChecklistEvent, catalog);
    if (!tick) return;
    const at = new Date(event.occurredAt);
    try {
      await models.TimelineEvent.create({
        _id: keyedObjectId(`checklist:${tenantId}:${event.id}`),
        tenantId,
        workspaceId: tick.workspaceId,
        at,
        kind: 'checklist',
        title: `Pièce ${STATUS_LABELS[tick.status]} : ${tick.itemKey}${tick.after.complete ? ' — liste complète' : ''}`,
        details: { itemKey: tick.itemKey, status: tick.status, documentId: event.payload.documentId },
        eventId: event.id,
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    const { after, before } = tick;
    // Missing documents count in the urgency of the case's deadlines: the watcher looks at them again.
    if (after.missingMandatory.length !== before.missingMandatory.length) {
      await recheckDeadlines(connection, tenantId, tick.workspaceId, at);
    }
    await emit({
      type: 'workspace:updated',
      idempotencyKey: `checklist:${event.id}`,
      payload: {
        workspaceId: tick.workspaceId,
        changes: {
          checklist: {
            itemKey: tick.itemKey,
            itemStatus: tick.status,
            received: after.received,
            verified: after.verified,
            mandatory: after.mandatory,
            missingMandatory: after.missingMandatory,
            rejected: after.rejected,
            complete: after.complete,
            allVerified: after.allVerified,
          },
        },
        previous: { checklist: { complete: before.complete, allVerified: before.allVerified } },
        changedFields: ['checklist'],
        updatedAt: at.toISOString(),
      },
    });
  };
}
