/**
 * Parsing `.eml` messages (RFC 5322 / MIME) with mailparser: encoded headers, quoted-printable and base64 bodies,
 * charsets, attachments, and HTML-only bodies turned into text. This reads a buffer, so it lives outside the pure
 * domain; the text it returns goes to the pure `extractCase`.
 */
import { type AddressObject, simpleParser } from 'mailparser';
import { domainError } from '../domain/errors.ts';

export interface EmlAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  content: Buffer;
}

export interface ParsedEml {
  subject: string | null;
  /** `Name <address>` of the first sender, or null. */
  from: string | null;
  /** The first sender's address and display name alone. */
  fromAddress: string | null;
  fromName: string | null;
  to: string[];
  /** Addresses alone (no display names) of To and Cc. */
  toAddresses: string[];
  ccAddresses: string[];
  /** Message-ID, In-Reply-To and References headers (threading). */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** ISO 8601 (UTC) of the Date header, or null. */
  date: string | null;
  /** The plain-text body; for an HTML-only message, the HTML converted to text. */
  text: string;
  html: string | null;
  attachments: EmlAttachment[];
}

/** Largest message read (25 MB, the usual mail server limit). */
export const MAX_EML_BYTES = 25 * 1024 * 1024;

function bareAddresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((entry) => entry.address ?? '')).filter(Boolean);
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) =>
    group.value.map((entry) => (entry.name ? `${entry.name} <${entry.address ?? ''}>` : (entry.address ?? ''))),
  );
}

/**
 * Parses a raw message. Throws a DomainError (`eml.unreadable`) for an empty or oversized buffer or a message with
 * neither headers nor body.
 */
export async function parseEml(buffer: Buffer | Uint8Array): Promise<ParsedEml> {
  if (!buffer || buffer.length === 0) throw domainError('eml.unreadable', '', { detail: 'fichier vide / empty file' });
  if (buffer.length > MAX_EML_BYTES) {
    throw domainError('eml.unreadable', '', { detail: `plus de / more than ${MAX_EML_BYTES} octets/bytes` });
  }
  const parsed = await simpleParser(Buffer.from(buffer), { skipImageLinks: true });
  const text = (parsed.text ?? '').trim();
  if (parsed.headerLines.length === 0 && text === '') {
    throw domainError('eml.unreadable', '', { detail: 'ni en-têtes ni corps / no headers and no body' });
  }
  return {
    subject: parsed.subject ?? null,
    from: addresses(parsed.from)[0] ?? null,
    fromAddress: parsed.from?.value[0]?.address || null,
    fromName: parsed.from?.value[0]?.name || null,
    to: addresses(parsed.to),
    toAddresses: bareAddresses(parsed.to),
    ccAddresses: bareAddresses(parsed.cc),
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: typeof parsed.references === 'string' ? [parsed.references] : (parsed.references ?? []),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
    text,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ?? null,
      contentType: attachment.contentType,
      size: attachment.size,
      content: attachment.content,
    })),
  };
}
