import { Types } from 'mongoose';
import { deleteDocumentVersion, putDocument } from '../documents/document-store.ts';
import { fillPlaceholders, missingPaths, PlaceholderError } from '../documents/placeholders.ts';
import { parseBlocks, renderDocx, renderPdf } from '../documents/render.ts';
import { type DocumentTemplate, findDocumentTemplate } from '../documents/templates.ts';
import type { ActionHandler } from '../engine/ports.ts';
import { appendTimeline, defineHandler, type HandlerInput, keyedObjectId } from './define.ts';
import { failure } from './outside.ts';

export interface GenerateParams {
  template: string;
  workspaceId: string;
  data?: Record<string, unknown>;
  format?: 'pdf' | 'docx';
  filename?: string;
  title?: string;
}
interface GenerateOutput {
  documentId: string;
  version: number;
  sha256: string;
  format: 'pdf' | 'docx';
  size: number;
  filename: string;
}

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;
/** Names the template sees besides the action's `data` (they win over a `data` value of the same name). */
const RESERVED = ['client', 'workspace', 'firm', 'today', 'now'];

const frenchDate = (date: Date | undefined | null) =>
  date
    ? new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' })
        .format(date)
        .replace(/^1 /, '1er ')
    : undefined;

/** The case, its client and the firm, as the template's placeholders see them (dates written in French). */
async function templateData(input: HandlerInput<GenerateParams>): Promise<Record<string, unknown>> {
  const { params, models, tenantId, context } = input;
  const workspaceId = Types.ObjectId.isValid(params.workspaceId) ? new Types.ObjectId(params.workspaceId) : undefined;
  // By _id, then checked: a case of another firm is as unknown as a missing one.
  const workspace = workspaceId ? await models.Workspace.findById(workspaceId).lean() : null;
  if (!workspace || String(workspace.tenantId) !== String(tenantId)) {
    throw failure(
      'document.workspace-unknown',
      `Le dossier ${params.workspaceId} est introuvable dans ce cabinet (/workspaceId).`,
      `Case ${params.workspaceId} is not one of this firm's (/workspaceId).`,
    );
  }
  const client = await models.Client.findById(workspace.clientId).lean();
  const firm = await models.Tenant.findById(tenantId, { name: 1 }).lean();
  const ownClient = client && String(client.tenantId) === String(tenantId) ? client : undefined;
  return {
    ...(params.data ?? {}),
    workspace: {
      id: String(workspace._id),
      title: workspace.title,
      reference: workspace.reference,
      procedureType: workspace.procedureType,
      situation: workspace.situation,
      status: workspace.status,
      decisionDate: frenchDate(workspace.decisionDate),
      notificationDate: frenchDate(workspace.notificationDate),
      deadlineDate: frenchDate(workspace.deadlineDate),
    },
    client: ownClient
      ? {
          id: String(ownClient._id),
          firstName: ownClient.firstName,
          lastName: ownClient.lastName,
          fullName: `${ownClient.firstName} ${ownClient.lastName}`,
          email: ownClient.email,
          phone: ownClient.phone,
        }
      : {},
    firm: { name: firm?.name },
    today: frenchDate(context.now),
    now: context.now.toISOString(),
  };
}

/** A file name without path, control characters or a leading dot, ending with the format's extension. */
function safeFilename(name: string, format: 'pdf' | 'docx'): string {
  const base = name
    .normalize('NFC')
    .replace(/\p{Cc}+/gu, '')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s-]+/, '')
    .trim()
    .replace(new RegExp(`\\.${format}$`, 'i'), '')
    .slice(0, 240);
  return `${base || 'document'}.${format}`;
}

/** The template's title, body and file name with their placeholders replaced; a missing value is an error. */
export async function renderTemplate(input: HandlerInput<GenerateParams>): Promise<{
  template: DocumentTemplate & { source: 'firm' | 'builtin' };
  title: string;
  body: string;
  filename: string;
  format: 'pdf' | 'docx';
}> {
  const { params, context } = input;
  const template = await findDocumentTemplate(context.connection, context.tenantId, params.template);
  if (!template) {
    throw failure(
      'document.template-unknown',
      `Le modèle de document « ${params.template} » n'existe pas pour ce cabinet (/template).`,
      `Document template "${params.template}" does not exist for this firm (/template).`,
    );
  }
  const data = await templateData(input);
  for (const key of Object.keys(params.data ?? {})) {
    if (RESERVED.includes(key)) {
      throw failure(
        'document.data-reserved',
        `/data/${key} : ce nom est réservé aux données du dossier, du client et du cabinet.`,
        `/data/${key}: this name is reserved for the case, client and firm data.`,
      );
    }
  }
  const titleSource = params.title ?? template.title;
  const missing = missingPaths([titleSource, template.body, template.filename ?? ''], data);
  if (missing.length) {
    const list = missing.map((p) => `{{${p}}}`).join(', ');
    throw failure(
      'document.placeholder-missing',
      `Valeurs manquantes pour le modèle « ${template.id} » : ${list} (à fournir dans /data ou dans le dossier).`,
      `Missing values for template "${template.id}": ${list} (give them in /data or in the case).`,
    );
  }
  const render = (text: string) => {
    try {
      return fillPlaceholders(text, data);
    } catch (error) {
      if (!(error instanceof PlaceholderError)) throw error;
      throw failure(
        error.code,
        `Modèle « ${template.id} », ${error.placeholder} : ${error.fr}.`,
        `Template "${template.id}", ${error.placeholder}: ${error.en}.`,
      );
    }
  };
  const format = params.format ?? template.format ?? 'pdf';
  return {
    template,
    title: render(titleSource),
    body: render(template.body),
    filename: safeFilename(params.filename ?? render(template.filename ?? template.id), format),
    format,
  };
}

/**
 * generate_document: renders a template (the firm's `document_templates`, else a built-in one) with the case,
 * its client, the firm and the action's `data`, to PDF or DOCX, and stores it as a new version of the case's
 * document of that file name (SHA-256 kept; an earlier version is never overwritten). The version's id comes
 * from the idempotency key, so a repeated execution finds its version instead of adding one. At a gate, the
 * lawyer sees the rendered text. Rollback deletes the version created.
 */
export function documentHandler(): ActionHandler {
  return defineHandler<GenerateParams, GenerateOutput>(
    'generate_document',
    async (input) => {
      const { params, context } = input;
      const rendered = await renderTemplate(input);
      const firm = await input.models.Tenant.findById(input.tenantId, { name: 1 }).lean();
      const layout = {
        title: rendered.title,
        blocks: parseBlocks(rendered.body),
        ...(firm?.name ? { author: firm.name } : {}),
        language: rendered.template.language ?? 'fr',
        createdAt: context.now,
      };
      const bytes = rendered.format === 'pdf' ? await renderPdf(layout) : await renderDocx(layout);
      const stored = await putDocument(context.connection, context.tenantId, {
        documentKey: `generated:${params.workspaceId}:${rendered.filename}`,
        versionId: String(keyedObjectId(`${context.idempotencyKey}:document`)),
        filename: rendered.filename,
        contentType: CONTENT_TYPES[rendered.format],
        bytes,
        workspaceId: params.workspaceId,
        source: 'generated',
        uploadedBy: 'system',
        tags: ['generated', `template:${rendered.template.id}`],
      });
      await appendTimeline(
        input,
        params.workspaceId,
        'document',
        `Document généré : ${stored.filename} (version ${stored.version})`.slice(0, 300),
        { documentId: stored.id, template: rendered.template.id, sha256: stored.sha256 },
      );
      return {
        documentId: stored.id,
        version: stored.version,
        sha256: stored.sha256,
        format: rendered.format,
        size: stored.size,
        filename: stored.filename,
      };
    },
    {
      prepare: async (input) => {
        const rendered = await renderTemplate(input);
        return {
          params: input.params,
          preview: {
            template: rendered.template.id,
            templateSource: rendered.template.source,
            format: rendered.format,
            filename: rendered.filename,
            title: rendered.title,
            text: rendered.body,
          },
        };
      },
      compensate: async ({ output, context }) => {
        await deleteDocumentVersion(context.connection, context.tenantId, output.documentId);
      },
    },
  );
}
