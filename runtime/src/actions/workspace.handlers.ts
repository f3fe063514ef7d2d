import { Types } from 'mongoose';
import { attachChecklist, removeChecklist } from '../cases/checklist-store.ts';
import { findOwned } from '../db/owned.ts';
import type { ActionHandlers } from '../engine/ports.ts';
import type { ActionAdapters } from './adapters.ts';
import { appendTimeline, defineHandler, type HandlerInput, insertOnce, keyedObjectId } from './define.ts';
import { cesedaOf, objectIdAt, refused, requireWorkspace } from './entity-kit.ts';

type Situation = 'libre' | 'assigne' | 'detenu' | 'retention';
type NotificationMode = 'hand' | 'lrar-delivered' | 'lrar-collected' | 'lrar-unclaimed' | 'electronic';

interface WorkspaceParams {
  clientId?: string;
  client?: {
    firstName: string;
    lastName: string;
    email?: string;
    phone?: string;
    nationality?: string;
    language?: string;
  };
  procedureType: string;
  situation?: Situation;
  title?: string;
  reference?: string;
  notificationDate?: string;
  decisionDate?: string;
  urgency?: 'faible' | 'moyen' | 'eleve' | 'critique';
  attachChecklist?: boolean;
}
interface WorkspaceOutput {
  workspaceId: string;
  clientId: string;
  clientCreated: boolean;
  checklistItems: number;
}
interface ProcedureParams {
  workspaceId: string;
  procedureType: string;
  situation?: Situation;
  decisionDate?: string;
  notificationDate?: string;
  notificationMode?: NotificationMode;
  authority?: string;
}

/** How a case is titled when the workflow gives no title. */
const PROCEDURE_TITLES: Record<string, string> = {
  OQTF: 'OQTF',
  REFUS_TITRE: 'Refus de titre de séjour',
  RETRAIT_TITRE: 'Retrait de titre de séjour',
  ASILE: 'Asile',
  DUBLIN: 'Transfert Dublin',
  REGROUPEMENT_FAMILIAL: 'Regroupement familial',
  NATURALISATION: 'Naturalisation',
  VISA: 'Refus de visa',
  EXPULSION: 'Expulsion',
  AUTRE: 'Dossier',
};

/** The authority named in free text, as the kinds `procedure:created` knows (else `autre`). */
export function authorityKind(text: string | undefined): string | undefined {
  if (!text) return undefined;
  // Whole words only: lower case, accents removed, anything but letters and digits as one space.
  const words = ` ${text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
  const kinds: [string, string[]][] = [
    ['cour_administrative_appel', ['cour administrative d appel', 'caa']],
    ['tribunal_administratif', ['tribunal administratif', 'ta']],
    ['conseil_etat', ['conseil d etat']],
    ['cnda', ['cnda', 'cour nationale du droit d asile']],
    ['ofpra', ['ofpra', 'office francais de protection des refugies et apatrides']],
    ['crrv', ['crrv', 'commission de recours contre les refus de visa']],
    ['jld', ['jld', 'juge des libertes et de la detention']],
    ['consulat', ['consulat', 'ambassade', 'consul', 'consulaire']],
    ['prefecture', ['prefecture', 'prefet', 'sous prefecture', 'prefete']],
  ];
  for (const [kind, names] of kinds) if (names.some((name) => words.includes(` ${name} `))) return kind;
  return 'autre';
}

const dateOf = (day: string | undefined) => (day ? new Date(`${day}T00:00:00.000Z`) : undefined);

/** The client of a new case: the one named (it must belong to the firm), or a new record created once. */
async function clientFor(input: HandlerInput<WorkspaceParams>) {
  const { params, models, tenantId } = input;
  if (params.clientId) {
    const client = await findOwned<{
      _id: Types.ObjectId;
      firstName: string;
      lastName: string;
      email?: string | null;
      phone?: string | null;
      nationality?: string | null;
      language?: string | null;
    }>(models.Client, objectIdAt(params.clientId, '/clientId'), tenantId);
    if (!client) {
      throw refused(
        'entity.not-found',
        '/clientId',
        `Le client ${params.clientId} est introuvable dans ce cabinet.`,
        `Client ${params.clientId} cannot be found in this firm.`,
      );
    }
    return { client, created: false, own: false };
  }
  const data = params.client as NonNullable<WorkspaceParams['client']>;
  const { doc, created } = await insertOnce(models.Client, {
    _id: keyedObjectId(`${input.context.idempotencyKey}:client`),
    tenantId,
    firstName: data.firstName,
    lastName: data.lastName,
    ...(data.email ? { email: data.email } : {}),
    ...(data.phone ? { phone: data.phone } : {}),
    ...(data.nationality ? { nationality: data.nationality } : {}),
    language: data.language ?? 'fr',
    status: 'active',
    source: 'api',
  });
  // `own`: the client is this execution's (the same on a repeat); `created`: this very call inserted it.
  return { client: doc, created, own: true };
}

/**
 * create_workspace (a case for a client, new or existing, with its procedure's checklist) and
 * create_procedure (a procedure of a case with what decides its délai de recours). Each creates its records
 * once per idempotency key, writes the case's timeline, emits its events and can be compensated.
 */
export function workspaceHandlers(adapters: ActionAdapters): ActionHandlers {
  return {
    create_workspace: defineHandler<WorkspaceParams, WorkspaceOutput>(
      'create_workspace',
      async (input) => {
        const { params, models, tenantId, entityId, context } = input;
        const { client, created: clientInserted, own: clientCreated } = await clientFor(input);
        const clientId = String(client._id);
        const name = `${client.firstName.slice(0, 1)}. ${client.lastName}`;
        const { doc: workspace, created } = await insertOnce(models.Workspace, {
          _id: entityId,
          tenantId,
          clientId: client._id,
          title: params.title ?? `${PROCEDURE_TITLES[params.procedureType] ?? 'Dossier'} — ${name}`.slice(0, 200),
          reference: params.reference ?? `${context.now.getUTCFullYear()}-${String(entityId).slice(-6).toUpperCase()}`,
          procedureType: params.procedureType,
          ...(params.situation ? { situation: params.situation } : {}),
          status: 'active',
          urgency: params.urgency ?? 'moyen',
          ...(params.notificationDate ? { notificationDate: dateOf(params.notificationDate) } : {}),
          ...(params.decisionDate ? { decisionDate: dateOf(params.decisionDate) } : {}),
        });
        const checklistItems =
          params.attachChecklist === false
            ? 0
            : await attachChecklist(
                models,
                String(tenantId),
                { _id: entityId, procedureType: params.procedureType, situation: params.situation ?? null },
                cesedaOf(adapters).checklists,
              );
        const workspaceId = String(entityId);
        await appendTimeline(
          input,
          workspaceId,
          'workspace',
          `Dossier ouvert : ${workspace.title}${checklistItems ? ` — ${checklistItems} pièces à réunir` : ''}`,
          { clientId, checklistItems },
        );
        const at = context.now.toISOString();
        if (clientInserted) {
          await context.emit('client:created', {
            clientId,
            firstName: client.firstName,
            lastName: client.lastName,
            ...(client.email ? { email: client.email } : {}),
            ...(client.phone ? { phone: client.phone } : {}),
            ...(client.nationality ? { nationality: client.nationality } : {}),
            ...(client.language ? { language: client.language } : {}),
            status: 'active',
            source: 'api',
            workspaceId,
            createdAt: at,
          });
        }
        if (created) {
          await context.emit('workspace:created', {
            workspaceId,
            clientId,
            title: workspace.title,
            ...(workspace.reference ? { reference: workspace.reference } : {}),
            procedureType: params.procedureType,
            ...(params.situation ? { situation: params.situation } : {}),
            status: 'active',
            source: 'api',
            createdAt: at,
          });
        }
        return { workspaceId, clientId, clientCreated, checklistItems };
      },
      {
        // Removes the case, its checklist and timeline, and the client when this execution created it and
        // no other case of the firm refers to it.
        compensate: async ({ output, models, tenantId }) => {
          const workspaceId = new Types.ObjectId(output.workspaceId);
          await removeChecklist(models, String(tenantId), output.workspaceId);
          await models.TimelineEvent.deleteMany({ tenantId, workspaceId });
          await models.Workspace.deleteOne({ _id: workspaceId, tenantId });
          if (output.clientCreated && !(await models.Workspace.exists({ tenantId, clientId: output.clientId }))) {
            await models.Client.deleteOne({ _id: output.clientId, tenantId });
          }
        },
      },
    ),
    create_procedure: defineHandler<ProcedureParams, { procedureId: string }>(
      'create_procedure',
      async (input) => {
        const { params, models, tenantId, entityId, context } = input;
        const workspace = await requireWorkspace(input, params.workspaceId);
        const { created } = await insertOnce(models.Procedure, {
          _id: entityId,
          tenantId,
          workspaceId: workspace._id,
          clientId: workspace.clientId,
          procedureType: params.procedureType,
          ...(params.situation ? { situation: params.situation } : {}),
          status: 'draft',
          ...(params.decisionDate ? { decisionDate: dateOf(params.decisionDate) } : {}),
          ...(params.notificationDate ? { notificationDate: dateOf(params.notificationDate) } : {}),
          ...(params.notificationMode ? { notificationMode: params.notificationMode } : {}),
          ...(params.authority ? { authority: params.authority } : {}),
        });
        const procedureId = String(entityId);
        await appendTimeline(
          input,
          params.workspaceId,
          'procedure',
          `Procédure ${PROCEDURE_TITLES[params.procedureType] ?? params.procedureType}${params.authority ? ` — ${params.authority}` : ''}`,
          { procedureId },
        );
        if (created) {
          const authority = authorityKind(params.authority);
          await context.emit('procedure:created', {
            procedureId,
            workspaceId: params.workspaceId,
            clientId: String(workspace.clientId),
            procedureType: params.procedureType,
            status: 'draft',
            ...(params.situation ? { situation: params.situation } : {}),
            ...(authority ? { authority } : {}),
            ...(params.decisionDate ? { decisionDate: params.decisionDate } : {}),
            ...(params.notificationDate ? { notificationDate: params.notificationDate } : {}),
            createdAt: context.now.toISOString(),
          });
        }
        return { procedureId };
      },
      {
        compensate: async ({ output, models, tenantId }) => {
          await models.Procedure.deleteOne({ _id: output.procedureId, tenantId });
        },
      },
    ),
  };
}
