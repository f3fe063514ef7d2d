import { Types } from 'mongoose';
import type { CesedaData } from '../cases/ceseda-data.ts';
import { findOwned } from '../db/owned.ts';
import { ActionError } from '../engine/ports.ts';
import type { ActionAdapters } from './adapters.ts';
import type { HandlerInput } from './define.ts';

/**
 * A refusal the workflow author must fix (not retried): the JSON pointer of the param at fault, then the
 * message in French and in English — the same shape as the params' schema errors.
 */
export function refused(code: string, pointer: string, fr: string, en: string): ActionError {
  return new ActionError(code, { fr, en }, false, { pointer });
}

/** The param at `pointer` as an ObjectId of this database, or a refusal naming it. */
export function objectIdAt(value: string | undefined, pointer: string): Types.ObjectId {
  if (!value || !Types.ObjectId.isValid(value) || value.length !== 24) {
    throw refused(
      'entity.invalid-id',
      pointer,
      `« ${value ?? ''} » n'est pas un identifiant de ce cabinet.`,
      `"${value ?? ''}" is not an id of this firm.`,
    );
  }
  return new Types.ObjectId(value);
}

/** What the handlers read of a case. */
export interface WorkspaceDoc {
  _id: Types.ObjectId;
  clientId: Types.ObjectId;
  title: string;
  procedureType: string;
  situation?: string | null;
  status?: string;
  urgency?: string;
  assigneeId?: Types.ObjectId | null;
  notificationDate?: Date | null;
  decisionDate?: Date | null;
  deadlineDate?: Date | null;
}

/** The case `id` of this firm, or a refusal naming the param. */
export async function requireWorkspace(
  input: HandlerInput<unknown>,
  id: string | undefined,
  pointer = '/workspaceId',
): Promise<WorkspaceDoc> {
  const workspace = await findOwned<WorkspaceDoc>(input.models.Workspace, objectIdAt(id, pointer), input.tenantId);
  if (!workspace) {
    throw refused(
      'entity.not-found',
      pointer,
      `Le dossier ${id} est introuvable dans ce cabinet.`,
      `Case ${id} cannot be found in this firm.`,
    );
  }
  return workspace;
}

/** The CESEDA rules and checklists the handlers compute with (handed in by the installation). */
export function cesedaOf(adapters: ActionAdapters): CesedaData {
  if (!adapters.ceseda) {
    throw new ActionError(
      'ceseda.unconfigured',
      {
        fr: 'Les règles et listes de pièces CESEDA ne sont pas chargées sur ce serveur.',
        en: 'The CESEDA rules and checklists are not loaded on this server.',
      },
      false,
    );
  }
  return adapters.ceseda;
}

/** A date as `YYYY-MM-DD` (UTC day of a stored date-only value). */
export const isoDay = (date: Date | null | undefined): string | undefined =>
  date ? new Date(date).toISOString().slice(0, 10) : undefined;
