import { createHash } from 'node:crypto';
import { type MailAttachment, type OutgoingMail, smtpTransport } from '../adapters/mail/mail-transport.ts';
import { resolveValue, toText } from '../core/conditions/index.ts';
import { findOwned } from '../db/owned.ts';
import { getDocument } from '../documents/document-store.ts';
import type { ActionContext, ActionHandler } from '../engine/ports.ts';
import type { ActionAdapters } from './adapters.ts';
import { appendTimeline, defineHandler, type HandlerInput, insertOnce, keyedObjectId } from './define.ts';
import { actOnce, failure, firmConfig } from './outside.ts';

export interface EmailParams {
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
  template?: string;
  attachments?: { documentId: string }[];
  workspaceId?: string;
}
interface EmailOutput {
  messageId: string;
  accepted: string[];
  rejected: string[];
  transport: 'smtp' | 'outbox';
  sentAt?: string;
}

/** Attachments of one email, in bytes, at most (what common mail servers accept, with encoding overhead). */
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
const DEFAULT_FROM = 'IA Poste Manager <no-reply@localhost>';

/** What `{{path}}` placeholders of a firm template see: the run's event and node outputs, as in params. */
async function templateData(input: HandlerInput<unknown>): Promise<Record<string, unknown>> {
  const { context, models, tenantId } = input;
  const run = await findOwned<{
    state?: { event?: { payload?: unknown }; nodes?: unknown; workflowId?: string; version?: number };
  }>(models.Run, context.runId, tenantId, { state: 1 });
  const state = run?.state;
  return {
    payload: state?.event?.payload ?? {},
    event: state?.event ?? {},
    nodes: state?.nodes ?? {},
    run: { id: context.runId, workflowId: context.workflowId, version: state?.version },
    now: context.now.toISOString(),
  };
}

/** Replaces a firm template (`template`) by its rendered subject and body; other params are kept as given. */
export async function renderEmail(input: HandlerInput<EmailParams>): Promise<EmailParams> {
  const { params } = input;
  if (!params.template) return params;
  const { config } = await firmConfig(input);
  const template = (config.email?.templates ?? []).find((t) => t.id === params.template);
  if (!template) {
    throw failure(
      'email.template-unknown',
      `Le modèle d'e-mail « ${params.template} » n'existe pas dans la configuration du cabinet.`,
      `Email template "${params.template}" is not in the firm's configuration.`,
    );
  }
  const data = await templateData(input);
  const render = (text: string) => toText(resolveValue(text, data));
  const { template: _used, ...rest } = params;
  return {
    ...rest,
    subject: template.subject ? render(template.subject) : params.subject,
    text: render(template.body),
  };
}

/** The Message-ID of one execution: stable across attempts, on the sender's domain. */
function messageIdFor(key: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'localhost';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

async function loadAttachments(input: HandlerInput<EmailParams>): Promise<(MailAttachment & { documentId: string })[]> {
  const out: (MailAttachment & { documentId: string })[] = [];
  let total = 0;
  for (const { documentId } of input.params.attachments ?? []) {
    let document: Awaited<ReturnType<typeof getDocument>>;
    try {
      document = await getDocument(input.context.connection, input.context.tenantId, documentId);
    } catch (error) {
      const corrupt = (error as { code?: string }).code === 'document.corrupt';
      throw failure(
        corrupt ? 'email.attachment-corrupt' : 'email.attachment-missing',
        corrupt
          ? `La pièce jointe ${documentId} ne correspond plus à son empreinte SHA-256 : envoi refusé.`
          : `La pièce jointe ${documentId} est introuvable dans les documents du cabinet.`,
        corrupt
          ? `Attachment ${documentId} no longer matches its SHA-256: sending refused.`
          : `Attachment ${documentId} is not among the firm's documents.`,
      );
    }
    total += document.bytes.length;
    if (total > MAX_ATTACHMENT_BYTES) {
      throw failure(
        'email.attachments-too-large',
        'Les pièces jointes dépassent 20 Mo.',
        'The attachments are larger than 20 MB.',
      );
    }
    out.push({
      documentId,
      filename: document.meta.filename,
      contentType: document.meta.contentType,
      content: document.bytes,
    });
  }
  return out;
}

/**
 * send_email: renders the firm template (at the gate already, so that the lawyer approves the very text that
 * leaves), takes the attachments from the document store, and sends through SMTP when the installation has
 * one, else puts the message in the firm's outbox. Each execution sends at most once; the message is kept in
 * the outbox collection either way (as the record of what was sent).
 */
export function emailHandler(adapters: ActionAdapters): ActionHandler {
  return defineHandler<EmailParams, EmailOutput>(
    'send_email',
    async (input) => {
      const { context, models, tenantId } = input;
      const params = await renderEmail(input);
      if (params.text === undefined && params.html === undefined) {
        throw failure('email.no-body', "L'e-mail n'a pas de corps.", 'The email has no body.');
      }
      const { config } = await firmConfig(input);
      const from = config.email?.from || adapters.smtp?.from || DEFAULT_FROM;
      const attachments = await loadAttachments({ ...input, params });
      const messageId = messageIdFor(context.idempotencyKey, from);
      const mail: OutgoingMail = {
        from,
        to: params.to,
        cc: params.cc ?? [],
        bcc: params.bcc ?? [],
        ...(params.replyTo ? { replyTo: params.replyTo } : {}),
        subject: params.subject,
        ...(params.text !== undefined ? { text: params.text } : {}),
        ...(params.html !== undefined ? { html: params.html } : {}),
        attachments,
        messageId,
      };
      const recordId = keyedObjectId(`${context.idempotencyKey}:email`);
      const record = (output: EmailOutput) =>
        insertOnce(models.OutboxMessage, {
          _id: recordId,
          tenantId,
          channel: 'email',
          to: mail.to,
          cc: mail.cc,
          bcc: mail.bcc,
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          subject: mail.subject,
          ...(mail.text !== undefined ? { text: mail.text } : {}),
          ...(mail.html !== undefined ? { html: mail.html } : {}),
          attachments: attachments.map((a) => ({ documentId: a.documentId, filename: a.filename })),
          idempotencyKey: context.idempotencyKey,
          transport: output.transport,
          status: output.transport === 'smtp' ? 'sent' : 'queued',
          ...(output.sentAt ? { sentAt: new Date(output.sentAt) } : {}),
          providerId: output.messageId,
          ...(params.workspaceId && /^[a-f0-9]{24}$/.test(params.workspaceId)
            ? { workspaceId: params.workspaceId }
            : {}),
          ...(/^[a-f0-9]{24}$/.test(context.runId) ? { runId: context.runId } : {}),
        });
      const output = await actOnce(
        input,
        'email',
        'refuse',
        async (): Promise<EmailOutput> => {
          if (!adapters.smtp) {
            // The outbox is the sending: the keyed record is written once.
            const queued: EmailOutput = { messageId, accepted: [], rejected: [], transport: 'outbox' };
            await record(queued);
            return queued;
          }
          const receipt = await smtpTransport(adapters.smtp).send(mail);
          return {
            messageId: receipt.messageId,
            accepted: receipt.accepted,
            rejected: receipt.rejected,
            transport: 'smtp',
            sentAt: context.now.toISOString(),
          };
        },
        // Once sent, a failure to record it must not send it again.
        async (sent) => {
          if (sent.transport !== 'smtp' || !sent.sentAt) return;
          await record(sent);
          await emitSent(context, String(recordId), mail, sent.messageId, sent.sentAt, params);
        },
      );
      await appendTimeline(
        input,
        params.workspaceId,
        'email',
        output.transport === 'smtp'
          ? `E-mail envoyé : ${params.subject}`
          : `E-mail dans la boîte d'envoi : ${params.subject}`,
        { recordId: String(recordId), to: params.to.length },
      );
      return output;
    },
    {
      // The lawyer approves the rendered text, not the template's placeholders.
      prepare: async (input) => {
        const params = await renderEmail(input);
        const attachments = params.attachments?.length ?? 0;
        return { params, preview: { subject: params.subject, to: params.to, attachments } };
      },
    },
  );
}

async function emitSent(
  context: ActionContext,
  recordId: string,
  mail: OutgoingMail,
  providerMessageId: string,
  sentAt: string,
  params: EmailParams,
) {
  await context.emit('message:sent', {
    messageId: recordId,
    ...(params.workspaceId ? { workspaceId: params.workspaceId } : {}),
    channel: 'email',
    to: mail.to,
    subject: mail.subject.slice(0, 998),
    providerMessageId,
    sentAt,
  });
}
