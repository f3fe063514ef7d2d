import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putFirmSecret } from '../adapters/secrets.ts';
import { smsSegments, toE164 } from '../adapters/sms/sms-provider.ts';
import { getModels, type Models } from '../db/models/index.ts';
import { createTenantFixture, startEngine, until } from '../engine/engine-kit.ts';
import { type TestDatabase, useTestDatabase } from '../testing/test-database.ts';
import { chain, handlerContext, runThrough } from './action-test-kit.ts';
import { createActionHandlers } from './index.ts';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'twilio-token-7f3e';
const FROM = '+33700000001';

let db: TestDatabase;
let models: Models;
let twilioFirm: string;
let outboxFirm: string;
let app: Awaited<ReturnType<typeof startEngine>>;
let twilio: Server;
let twilioBase: string;
/** Requests the protocol double accepted, and the problems it found with the others. */
const accepted: { to: string; from: string; body: string }[] = [];
const refused: string[] = [];

/**
 * Twilio protocol double: answers Twilio's Messages API as Twilio documents it, and checks what a real
 * Twilio would check — the path with the account SID, POST, form encoding, Basic auth with SID and token,
 * and To/From/Body present (a To without + is refused with Twilio's error 21211).
 */
function startTwilioDouble(): Server {
  return createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const problems: string[] = [];
      if (req.method !== 'POST') problems.push('method');
      if (req.url !== `/2010-04-01/Accounts/${SID}/Messages.json`) problems.push(`path ${req.url}`);
      if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') problems.push('content-type');
      const auth = Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      if (auth !== `${SID}:${TOKEN}`) {
        refused.push('auth');
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 20003, message: 'Authenticate', status: 401 }));
        return;
      }
      const form = new URLSearchParams(raw);
      const to = form.get('To') ?? '';
      if (!/^\+[1-9]\d{6,14}$/.test(to)) {
        refused.push(`to ${to}`);
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 }),
        );
        return;
      }
      if (!form.get('From') || !form.get('Body')) problems.push('form');
      if (problems.length) {
        refused.push(...problems);
        res.writeHead(400).end();
        return;
      }
      accepted.push({ to, from: form.get('From') ?? '', body: form.get('Body') ?? '' });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          sid: `SM${String(accepted.length).padStart(32, '0')}`,
          account_sid: SID,
          to,
          from: form.get('From'),
          body: form.get('Body'),
          status: 'queued',
          num_segments: '1',
        }),
      );
    });
  });
}

beforeAll(async () => {
  db = await useTestDatabase(import.meta.url);
  models = getModels(db.connection);
  twilio = startTwilioDouble();
  twilio.listen(0, '127.0.0.1');
  await once(twilio, 'listening');
  twilioBase = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
  twilioFirm = await createTenantFixture(db.connection, {
    sms: { provider: 'twilio', twilio: { accountSid: SID, from: FROM, authTokenRef: 'TWILIO_AUTH_TOKEN' } },
  });
  await putFirmSecret(db.connection, twilioFirm, 'TWILIO_AUTH_TOKEN', TOKEN);
  outboxFirm = await createTenantFixture(db.connection);
  app = await startEngine(db.connection, { handlers: createActionHandlers({ twilioApiBase: twilioBase }) });
}, 60_000);
afterAll(async () => {
  await app.stop();
  twilio.closeAllConnections();
  twilio.close();
});

const event = {
  type: 'workspace:updated',
  payload: {
    workspaceId: '65f1b9e0a1b2c3d4e5f60718',
    changes: { phone: '06 12 34 56 78', firstName: 'Amina' },
    updatedAt: '2026-03-02T11:00:00+01:00',
  },
};
const smsFlow = (name: string) =>
  chain(name, 'workspace:updated', [
    {
      id: 'sms',
      action: 'send_sms',
      params: {
        to: '{{payload.changes.phone}}',
        body: 'Bonjour {{payload.changes.firstName}}, le cabinet a bien reçu votre document. Me Martin',
      },
    },
  ]);

describe('send_sms through the engine', () => {
  it('sends through Twilio (protocol double) after the gate, with the number in E.164', async () => {
    const before = accepted.length;
    const run = await runThrough(app, db, twilioFirm, smsFlow('SMS Twilio'), event);
    expect(run.error).toBeUndefined();
    expect(refused).toEqual([]);
    expect(accepted.slice(before)).toEqual([
      { to: '+33612345678', from: FROM, body: 'Bonjour Amina, le cabinet a bien reçu votre document. Me Martin' },
    ]);
    expect(run.state.nodes.sms.output).toEqual({
      messageId: `SM${String(accepted.length).padStart(32, '0')}`,
      provider: 'twilio',
      status: 'queued',
    });
    const step = run.state.steps.find((s: { nodeId: string }) => s.nodeId === 'sms');
    expect(step.validation.preparedParams.to).toBe('+33612345678');
    expect(await models.OutboxMessage.findOne({ tenantId: twilioFirm, channel: 'sms' }).lean()).toMatchObject({
      transport: 'twilio',
      status: 'sent',
      to: ['+33612345678'],
    });
    await until(
      async () => (await models.Event.countDocuments({ tenantId: twilioFirm, type: 'message:sent' })) === 1,
      5_000,
      'message:sent',
    );
    const sent = await models.Event.findOne({ tenantId: twilioFirm, type: 'message:sent' }).lean();
    expect(sent?.payload).toMatchObject({
      channel: 'sms',
      to: ['+33612345678'],
      providerMessageId: expect.any(String),
    });
  });

  it('puts the SMS in the outbox for a firm without a provider', async () => {
    const before = accepted.length;
    const run = await runThrough(app, db, outboxFirm, smsFlow('SMS boîte'), event);
    expect(run.state.nodes.sms.output).toMatchObject({ provider: 'outbox', status: 'queued' });
    expect(accepted.length).toBe(before);
    expect(await models.OutboxMessage.findOne({ tenantId: outboxFirm, channel: 'sms' }).lean()).toMatchObject({
      transport: 'outbox',
      status: 'queued',
      text: 'Bonjour Amina, le cabinet a bien reçu votre document. Me Martin',
    });
  });
});

describe('send_sms idempotency and failures', () => {
  const handlers = () => createActionHandlers({ twilioApiBase: twilioBase });

  it('the same idempotency key sends once', async () => {
    const before = accepted.length;
    const params = { to: '+33612345679', body: 'Rappel : rendez-vous demain 10 h.' };
    const first = await handlers().send_sms?.perform(params, handlerContext(db, twilioFirm, 'sms-once'));
    const second = await handlers().send_sms?.perform(params, handlerContext(db, twilioFirm, 'sms-once'));
    expect(second).toEqual(first);
    expect(accepted.length - before).toBe(1);
  });

  it("Twilio's refusal is final, a wrong token too, and the token never shows in the error", async () => {
    const wrongToken = await createTenantFixture(db.connection, {
      sms: { provider: 'twilio', twilio: { accountSid: SID, from: FROM } },
    });
    await putFirmSecret(db.connection, wrongToken, 'TWILIO_AUTH_TOKEN', 'not-the-token');
    const error = await handlers()
      .send_sms?.perform({ to: '+33612345670', body: 'x' }, handlerContext(db, wrongToken, 'sms-auth'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'sms.rejected', retryable: false, message: expect.stringContaining('20003') });
    expect(String((error as Error).message)).not.toContain('not-the-token');
  });

  it('refuses a number it cannot read, and an incomplete Twilio configuration', async () => {
    await expect(
      handlers().send_sms?.perform({ to: '12345678', body: 'x' }, handlerContext(db, outboxFirm, 'sms-bad')),
    ).rejects.toMatchObject({ code: 'sms.invalid-number' });
    const incomplete = await createTenantFixture(db.connection, { sms: { provider: 'twilio' } });
    await expect(
      handlers().send_sms?.perform({ to: '+33612345678', body: 'x' }, handlerContext(db, incomplete, 'sms-conf')),
    ).rejects.toMatchObject({ code: 'sms.not-configured', retryable: false });
  });
});

describe('numbers and segments', () => {
  it('normalises French and international numbers', () => {
    expect(toE164('06 12 34 56 78')).toBe('+33612345678');
    expect(toE164('06.12.34.56.78')).toBe('+33612345678');
    expect(toE164('0033 6 12 34 56 78')).toBe('+33612345678');
    expect(toE164('+221 77 123 45 67')).toBe('+221771234567');
    expect(toE164('612345678')).toBeUndefined();
  });

  it('counts GSM-7 and UCS-2 segments', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments(`${'a'.repeat(69)}ê`)).toBe(1);
    expect(smsSegments(`${'a'.repeat(70)}ç`)).toBe(2);
    expect(smsSegments('€'.repeat(80))).toBe(1);
    expect(smsSegments('€'.repeat(81))).toBe(2);
  });
});
