import { databaseSecrets } from '../adapters/secrets.ts';
import { type SmsProvider, smsSegments, toE164 } from '../adapters/sms/sms-provider.ts';
import { TwilioSmsProvider } from '../adapters/sms/twilio-provider.ts';
import type { ActionHandler } from '../engine/ports.ts';
import type { ActionAdapters } from './adapters.ts';
import { appendTimeline, defineHandler, type HandlerInput, insertOnce, keyedObjectId } from './define.ts';
import { actOnce, failure, firmConfig } from './outside.ts';

interface SmsParams {
  to: string;
  body: string;
  workspaceId?: string;
}
interface SmsOutput {
  messageId: string;
  provider: 'outbox' | 'twilio';
  status: 'queued' | 'sent' | 'failed';
}

const TWILIO_API = 'https://api.twilio.com';

/** The firm's SMS provider from its configuration (`sms.provider`), or undefined for the outbox. */
async function providerFor(input: HandlerInput<unknown>, adapters: ActionAdapters): Promise<SmsProvider | undefined> {
  const { config } = await firmConfig(input);
  if (config.sms?.provider !== 'twilio') return undefined;
  const twilio = config.sms.twilio ?? {};
  const tokenRef = twilio.authTokenRef ?? 'TWILIO_AUTH_TOKEN';
  const secrets = adapters.secrets ?? databaseSecrets(input.context.connection);
  const authToken = await secrets(input.context.tenantId, tokenRef);
  if (!twilio.accountSid || !twilio.from || !authToken) {
    throw failure(
      'sms.not-configured',
      `Twilio est choisi mais incomplet : il faut l'Account SID, le numéro d'expédition et le secret ${tokenRef}.`,
      `Twilio is chosen but incomplete: the Account SID, the sender number and secret ${tokenRef} are needed.`,
    );
  }
  return new TwilioSmsProvider({
    apiBase: adapters.twilioApiBase ?? TWILIO_API,
    accountSid: twilio.accountSid,
    authToken,
    from: twilio.from,
  });
}

function e164(to: string): string {
  const number = toE164(to);
  if (!number) {
    throw failure(
      'sms.invalid-number',
      `Numéro non reconnu : ${to} (format international +33… ou national 06…).`,
      `Unrecognised number: ${to} (international +33… or French national 06… form).`,
    );
  }
  return number;
}

/**
 * send_sms: through the firm's hosted provider (Twilio) when it has configured one, else into the firm's
 * outbox to be sent by hand. At most one sending per execution; every SMS is kept in the outbox collection
 * as the record of what was sent.
 */
export function smsHandler(adapters: ActionAdapters): ActionHandler {
  return defineHandler<SmsParams, SmsOutput>(
    'send_sms',
    async (input) => {
      const { params, context, models, tenantId } = input;
      const to = e164(params.to);
      const provider = await providerFor(input, adapters);
      const recordId = keyedObjectId(`${context.idempotencyKey}:sms`);
      const record = (output: SmsOutput) =>
        insertOnce(models.OutboxMessage, {
          _id: recordId,
          tenantId,
          channel: 'sms',
          to: [to],
          text: params.body,
          idempotencyKey: context.idempotencyKey,
          transport: output.provider,
          status: output.provider === 'twilio' ? 'sent' : 'queued',
          ...(output.provider === 'twilio' ? { sentAt: context.now, providerId: output.messageId } : {}),
          ...(params.workspaceId && /^[a-f0-9]{24}$/.test(params.workspaceId)
            ? { workspaceId: params.workspaceId }
            : {}),
          ...(/^[a-f0-9]{24}$/.test(context.runId) ? { runId: context.runId } : {}),
        });
      const output = await actOnce(
        input,
        'sms',
        'refuse',
        async (): Promise<SmsOutput> => {
          if (!provider) {
            // The outbox is the sending: the keyed record is written once.
            const queued: SmsOutput = { messageId: String(recordId), provider: 'outbox', status: 'queued' };
            await record(queued);
            return queued;
          }
          const receipt = await provider.send({ to, body: params.body }, context.signal);
          return { messageId: receipt.providerId, provider: 'twilio', status: receipt.status };
        },
        // Once sent, a failure to record it must not send it again.
        async (sent) => {
          if (sent.provider !== 'twilio') return;
          await record(sent);
          await context.emit('message:sent', {
            messageId: String(recordId),
            ...(params.workspaceId ? { workspaceId: params.workspaceId } : {}),
            channel: 'sms',
            to: [to],
            providerMessageId: sent.messageId,
            sentAt: context.now.toISOString(),
          });
        },
      );
      await appendTimeline(
        input,
        params.workspaceId,
        'sms',
        output.provider === 'twilio' ? 'SMS envoyé' : "SMS dans la boîte d'envoi",
        { recordId: String(recordId), segments: smsSegments(params.body) },
      );
      return output;
    },
    {
      // The lawyer sees the number as it will be dialled and what the text costs in segments.
      prepare: async ({ params }) => ({
        params: { ...params, to: e164(params.to) },
        preview: { segments: smsSegments(params.body) },
      }),
    },
  );
}
