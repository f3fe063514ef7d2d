import { ActionError } from '../../engine/ports.ts';
import type { SmsMessage, SmsProvider, SmsReceipt } from './sms-provider.ts';

export interface TwilioSettings {
  /** `https://api.twilio.com` unless the installation says otherwise. */
  apiBase: string;
  accountSid: string;
  authToken: string;
  /** The sender number (E.164). */
  from: string;
  timeoutMs?: number;
}

/**
 * Twilio's Messages API: `POST {apiBase}/2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded
 * `To`, `From`, `Body`, HTTP Basic authentication with the account SID and the auth token. A 4xx answer is
 * final (Twilio's code and message are kept, never the token); a 5xx, a 429 or a network failure may be
 * retried.
 */
export class TwilioSmsProvider implements SmsProvider {
  readonly name = 'twilio';

  constructor(private readonly settings: TwilioSettings) {}

  async send(message: SmsMessage, signal?: AbortSignal): Promise<SmsReceipt> {
    const { apiBase, accountSid, authToken, from } = this.settings;
    const url = `${apiBase.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    const timeout = AbortSignal.timeout(this.settings.timeoutMs ?? 15_000);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ To: message.to, From: from, Body: message.body }).toString(),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        redirect: 'error',
      });
    } catch (error) {
      const e = error as { name?: string; cause?: { code?: string } };
      const what = e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name ?? 'error');
      throw new ActionError(
        'sms.unavailable',
        { fr: `Twilio injoignable (${what}).`, en: `Twilio unreachable (${what}).` },
        true,
      );
    }
    const text = await response.text();
    let body: { sid?: string; status?: string; code?: number; message?: string } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // A non-JSON answer (a proxy's error page): the status code says enough.
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      const detail = `${response.status}${body.code ? ` ${body.code}` : ''}${body.message ? ` ${body.message.slice(0, 200)}` : ''}`;
      throw new ActionError(
        retryable ? 'sms.unavailable' : 'sms.rejected',
        { fr: `Twilio a refusé le SMS (${detail}).`, en: `Twilio refused the SMS (${detail}).` },
        retryable,
      );
    }
    if (!body.sid) {
      throw new ActionError(
        'sms.unavailable',
        { fr: 'Réponse de Twilio illisible.', en: 'Unreadable answer from Twilio.' },
        true,
      );
    }
    return { providerId: body.sid, status: body.status === 'sent' || body.status === 'delivered' ? 'sent' : 'queued' };
  }
}
