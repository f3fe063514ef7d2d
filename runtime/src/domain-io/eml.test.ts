import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { parseEml } from './eml.ts';

const corpus = (file: string) => readFileSync(join(import.meta.dirname, '..', 'domain', 'extraction', 'corpus', file));

describe('parseEml', () => {
  it('turns an HTML-only, quoted-printable body into text, with entities decoded', async () => {
    const mail = await parseEml(corpus('41-eml-html-qp.eml'));
    expect(mail.subject).toBe('OQTF reçue ce matin');
    expect(mail.from).toBe('Aminata Sylla <aminata.sylla@example.com>');
    expect(mail.date).toBe('2026-11-02T11:41:07.000Z');
    expect(mail.html).toMatch(/<b>obligation de quitter/);
    expect(mail.text).toMatch(/obligation de quitter le territoire français/);
    expect(mail.text).toMatch(/L'arrêté est daté du 29 octobre 2026/);
    expect(mail.text).not.toMatch(/<p>|&eacute;/);
  });

  it('decodes a base64 ISO-8859-1 body and lists the attachment', async () => {
    const mail = await parseEml(corpus('42-eml-base64-attachment.eml'));
    expect(mail.text).toMatch(/visa long séjour « famille de réfugié »/);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'décision-refus-visa.pdf', contentType: 'application/pdf' });
    expect(mail.attachments[0]?.content.subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(mail.attachments[0]?.size).toBe(mail.attachments[0]?.content.length);
  });

  it('prefers the text part of multipart/alternative and decodes encoded subjects and ISO quoted-printable', async () => {
    expect((await parseEml(corpus('43-eml-alternative.eml'))).text).toMatch(/^Bonjour,\n\nMme Eden Tesfamariam/);
    expect((await parseEml(corpus('45-eml-encoded-subject.eml'))).subject).toBe(
      'Décision relative à votre demande de naturalisation',
    );
    expect((await parseEml(corpus('46-eml-iso-qp.eml'))).text).toMatch(/préfecture\nde la Drôme/);
  });

  it('gives the threading headers and bare addresses', async () => {
    const raw = Buffer.from(
      [
        'From: "Awa Traoré" <awa.traore@example.org>',
        'To: Cabinet <contact@cabinet.example>, autre@cabinet.example',
        'Cc: copie@example.org',
        'Subject: Re: dossier',
        'Message-ID: <m2@example.org>',
        'In-Reply-To: <m1@cabinet.example>',
        'References: <m0@cabinet.example> <m1@cabinet.example>',
        '',
        'Bonjour',
      ].join('\r\n'),
    );
    const mail = await parseEml(raw);
    expect(mail).toMatchObject({
      fromAddress: 'awa.traore@example.org',
      fromName: 'Awa Traoré',
      toAddresses: ['contact@cabinet.example', 'autre@cabinet.example'],
      ccAddresses: ['copie@example.org'],
      messageId: '<m2@example.org>',
      inReplyTo: '<m1@cabinet.example>',
      references: ['<m0@cabinet.example>', '<m1@cabinet.example>'],
    });
  });

  it('refuses an empty buffer with a bilingual message', async () => {
    await expect(parseEml(Buffer.alloc(0))).rejects.toBeInstanceOf(DomainError);
    await expect(parseEml(Buffer.alloc(0))).rejects.toMatchObject({ issues: [{ code: 'eml.unreadable' }] });
  });
});
