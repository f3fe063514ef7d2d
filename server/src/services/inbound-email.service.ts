import { createHash } from 'node:crypto';
import {
  type AcceptedEvent,
  DOCUMENT_BUCKET,
  DomainError,
  EventRejected,
  type EventService,
  type ParsedEml,
  parseEml,
  putDocument,
} from '@iapm/runtime';
import type { Models } from '@iapm/runtime/db';
import { mongo, Types } from 'mongoose';
import { TenantRepository } from '../db/tenant-repository.ts';
import { invalid } from '../http/problem.ts';
import { issue } from '../http/validate.ts';

/** Limits of the `email:received` payload schema. */
const MAX_TEXT = 1_000_000;
const MAX_HTML = 2_000_000;
const MAX_ATTACHMENTS = 50;
const MAX_ADDRESSES = 100;
const MAX_HEADER = 998;
/** The same syntax as the schema's `format: email` (ajv-formats), so that a kept address always validates. */
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const isEmail = (a: string) => a.length <= 320 && EMAIL.test(a);

export interface InboundResult extends AcceptedEvent {
  emailId: string;
  attachments: { documentId: string; filename: string; contentType: string; size: number; sha256: string }[];
}

const bounded = (text: string | null, max: number) => (text && text.length > max ? text.slice(0, max) : text);

/** The idempotency key of a message: given, else its Message-ID, else its bytes (the same message twice is one). */
export function inboundKey(raw: Buffer, messageId: string | null, given?: string): string {
  if (given) return given;
  const basis = messageId ? `message-id:${messageId}` : `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  return `email:${createHash('sha256').update(basis).digest('hex').slice(0, 40)}`;
}

/**
 * Inbound email: a raw RFC 822 message is parsed (mailparser), the message itself and each attachment are
 * stored through the document store (GridFS, SHA-256 per version), and an `email:received` event is accepted
 * with the ids of what was stored. The same message posted twice (same Message-ID, or the same bytes) is a
 * duplicate: the first answer comes back and nothing is stored again. When the event is refused, what was
 * stored for it is deleted, so nothing half-written stays behind.
 */
export class InboundEmailService {
  constructor(
    private readonly models: Models,
    private readonly events: EventService,
  ) {}

  async receive(
    tenantId: string,
    raw: Buffer,
    options: { mailbox?: string; idempotencyKey?: string } = {},
  ): Promise<InboundResult> {
    let mail: ParsedEml;
    try {
      mail = await parseEml(raw);
    } catch (error) {
      if (error instanceof DomainError) throw invalid(error.issues.map((i) => ({ ...i, pointer: '' })));
      throw error;
    }
    const issues = [];
    if (!mail.fromAddress || !isEmail(mail.fromAddress))
      issues.push(issue('/from', 'schema.format', { format: 'email' }));
    if (mail.attachments.length > MAX_ATTACHMENTS)
      issues.push(issue('/attachments', 'schema.maxItems', { limit: MAX_ATTACHMENTS }));
    if (issues.length) throw invalid(issues);

    const key = inboundKey(raw, mail.messageId, options.idempotencyKey);
    const stored: { id: string; fileId: string }[] = [];
    try {
      const original = await putDocument(this.models.Tenant.db, tenantId, {
        filename: `${(mail.subject ?? 'message').replace(/[^\p{L}\p{N} _-]+/gu, '').slice(0, 80) || 'message'}.eml`,
        contentType: 'message/rfc822',
        bytes: raw,
        source: 'email',
        documentType: 'email',
        uploadedBy: 'system',
      });
      stored.push({ id: original.id, fileId: original.fileId });
      const attachments: InboundResult['attachments'] = [];
      for (const [i, attachment] of mail.attachments.entries()) {
        const filename = (attachment.filename ?? `piece-jointe-${i + 1}`).slice(0, 255);
        const contentType = (attachment.contentType || 'application/octet-stream').slice(0, 255);
        const doc = await putDocument(this.models.Tenant.db, tenantId, {
          filename,
          contentType,
          bytes: attachment.content,
          source: 'email',
          uploadedBy: 'system',
        });
        stored.push({ id: doc.id, fileId: doc.fileId });
        attachments.push({ documentId: doc.id, filename, contentType, size: doc.size, sha256: doc.sha256 });
      }
      const payload = await this.payload(tenantId, mail, original.id, attachments, options.mailbox, raw);
      const accepted = await this.events.accept(tenantId, {
        type: 'email:received',
        payload,
        idempotencyKey: key,
        source: 'inbound-email',
      });
      // The message was received before (a relay retrying): the first answer stands, and what was just
      // stored goes.
      if (accepted.duplicate) {
        await this.remove(tenantId, stored);
        return this.first(tenantId, accepted);
      }
      return { ...accepted, emailId: original.id, attachments };
    } catch (error) {
      await this.remove(tenantId, stored);
      if (error instanceof EventRejected) throw invalid(error.issues);
      throw error;
    }
  }

  /** The `email:received` payload; the sender is matched to a known client of the firm by address. */
  private async payload(
    tenantId: string,
    mail: ParsedEml,
    emailId: string,
    attachments: InboundResult['attachments'],
    mailbox: string | undefined,
    raw: Buffer,
  ): Promise<Record<string, unknown>> {
    const from = (mail.fromAddress as string).toLowerCase();
    const repo = new TenantRepository(this.models, tenantId);
    const client = await repo.of('Client').findOne({ email: from }, { _id: 1 }).lean();
    const workspaces = client
      ? await repo
          .of('Workspace')
          .find({ clientId: client._id, archivedAt: { $exists: false } }, { _id: 1 })
          .limit(2)
          .lean()
      : [];
    const messageId =
      bounded(mail.messageId, MAX_HEADER) ||
      `<${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@inbound.iapm.invalid>`;
    const references = mail.references.filter((r) => r.length <= MAX_HEADER).slice(0, 100);
    return {
      emailId,
      messageId,
      ...(mail.inReplyTo && mail.inReplyTo.length <= MAX_HEADER ? { inReplyTo: mail.inReplyTo } : {}),
      references,
      ...(mailbox ? { mailbox } : {}),
      from,
      ...(mail.fromName ? { fromName: mail.fromName.slice(0, 200) } : {}),
      to: mail.toAddresses.filter(isEmail).slice(0, MAX_ADDRESSES),
      cc: mail.ccAddresses.filter(isEmail).slice(0, MAX_ADDRESSES),
      subject: bounded(mail.subject, MAX_HEADER) ?? '',
      text: bounded(mail.text, MAX_TEXT) ?? '',
      ...(mail.html ? { html: bounded(mail.html, MAX_HTML) } : {}),
      receivedAt: new Date().toISOString(),
      attachments: attachments.map(({ filename, contentType, size, documentId, sha256 }) => ({
        filename,
        contentType,
        size,
        documentId,
        sha256,
      })),
      attachmentCount: attachments.length,
      ...(client ? { clientId: String(client._id) } : {}),
      ...(workspaces.length === 1 ? { workspaceId: String(workspaces[0]?._id) } : {}),
    };
  }

  /** The first answer for a message already received: the ids of what was stored then. */
  private async first(tenantId: string, accepted: AcceptedEvent): Promise<InboundResult> {
    const event = await new TenantRepository(this.models, tenantId)
      .of('Event')
      .findById(accepted.eventId, { payload: 1 })
      .lean();
    const payload = (event?.payload ?? {}) as { emailId?: string; attachments?: InboundResult['attachments'] };
    return {
      ...accepted,
      emailId: payload.emailId ?? '',
      attachments: (payload.attachments ?? []).map((a) => ({
        documentId: a.documentId,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        sha256: a.sha256,
      })),
    };
  }

  private async remove(tenantId: string, stored: { id: string; fileId: string }[]): Promise<void> {
    const bucket = new mongo.GridFSBucket(this.models.Tenant.db.db as never, { bucketName: DOCUMENT_BUCKET });
    const documents = new TenantRepository(this.models, tenantId).of('Document');
    for (const doc of stored) {
      await documents.deleteOne({ _id: doc.id }).catch(() => {});
      await bucket.delete(new Types.ObjectId(doc.fileId) as never).catch(() => {});
    }
  }
}
