import nodemailer, { type Transporter } from 'nodemailer';
import { ActionError } from '../../engine/ports.ts';

/** The installation's SMTP server (server settings `SMTP_HOST`, `SMTP_PORT`, `SMTP_SECURE`, `SMTP_USER`…). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string | undefined;
  pass?: string | undefined;
  /** Sender used when the firm sets none (`SMTP_FROM`). */
  from: string;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A message ready to leave: recipients, rendered subject and bodies, attachment bytes. */
export interface OutgoingMail {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
  attachments: MailAttachment[];
  /** `<…@…>`: the same for every attempt of one execution, so that mail systems can recognise a repeat. */
  messageId: string;
}

export interface MailReceipt {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

/** Sends mail somewhere real. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<MailReceipt>;
}

const transporters = new Map<string, Transporter>();

/**
 * A nodemailer SMTP transport (one transporter per server setting, reused). An answer 5xx from the server
 * is final (not retried); a 4xx or a connection failure may be retried.
 */
export function smtpTransport(settings: SmtpSettings): MailTransport {
  const id = JSON.stringify([settings.host, settings.port, settings.secure, settings.user]);
  let transporter = transporters.get(id);
  if (!transporter) {
    transporter = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.user ? { auth: { user: settings.user, pass: settings.pass ?? '' } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transporters.set(id, transporter);
  }
  const smtp = transporter;
  return {
    async send(mail) {
      try {
        const info = await smtp.sendMail({
          from: mail.from,
          to: mail.to,
          cc: mail.cc,
          bcc: mail.bcc,
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          subject: mail.subject,
          ...(mail.text !== undefined ? { text: mail.text } : {}),
          ...(mail.html !== undefined ? { html: mail.html } : {}),
          attachments: mail.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: a.content,
          })),
          messageId: mail.messageId,
        });
        const addresses = (list: unknown) =>
          ((list as (string | { address: string })[] | undefined) ?? []).map((a) =>
            typeof a === 'string' ? a : a.address,
          );
        return { messageId: info.messageId, accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
      } catch (error) {
        const e = error as { responseCode?: number; code?: string; message?: string };
        const permanent = (e.responseCode ?? 0) >= 500;
        // The server's answer may quote recipients but never credentials; keep its first line only.
        const detail = String(e.message ?? e.code ?? 'error')
          .split('\n')[0]
          ?.slice(0, 300);
        throw new ActionError(
          permanent ? 'smtp.rejected' : 'smtp.unavailable',
          { fr: `Envoi SMTP impossible : ${detail}`, en: `SMTP sending failed: ${detail}` },
          !permanent,
        );
      }
    },
  };
}

/** Closes the SMTP transporters (at shutdown). */
export function closeSmtpTransports(): void {
  for (const transporter of transporters.values()) transporter.close();
  transporters.clear();
}
