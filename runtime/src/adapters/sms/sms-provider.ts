/** An SMS ready to leave: the number in E.164 form and the text. */
export interface SmsMessage {
  to: string;
  body: string;
}

/** What the provider answered. */
export interface SmsReceipt {
  /** The provider's id of the message (Twilio: `SM…`). */
  providerId: string;
  status: 'queued' | 'sent';
}

/** A hosted SMS provider. (Without one, messages go to the firm's outbox: see the send_sms handler.) */
export interface SmsProvider {
  readonly name: 'twilio';
  send(message: SmsMessage, signal?: AbortSignal): Promise<SmsReceipt>;
}

/**
 * A phone number in E.164 form: `+33612345678` stays, French national numbers (`06 12 34 56 78`,
 * `06.12.34.56.78`) get +33, `0033…` becomes `+33…`. Undefined when it cannot be a number.
 */
export function toE164(phone: string): string | undefined {
  const compact = phone.replace(/[\s.\-()]/g, '');
  let e164: string;
  if (compact.startsWith('+')) e164 = compact;
  else if (compact.startsWith('00')) e164 = `+${compact.slice(2)}`;
  else if (/^0[1-9][0-9]{8}$/.test(compact)) e164 = `+33${compact.slice(1)}`;
  else return undefined;
  return /^\+[1-9][0-9]{6,14}$/.test(e164) ? e164 : undefined;
}

// The GSM 03.38 alphabet (basic set and the extension table, whose characters count twice).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/**
 * How many SMS segments a text takes: 160 GSM-7 characters in one (153 per segment beyond), or 70 UCS-2
 * characters (67 per segment beyond) as soon as one character is outside the GSM alphabet (« ê », « ç »…).
 */
export function smsSegments(body: string): number {
  let units = 0;
  let gsm = true;
  for (const ch of body) {
    if (GSM_BASIC.includes(ch)) units += 1;
    else if (GSM_EXTENDED.includes(ch)) units += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (!gsm) {
    const length = [...body].reduce((n, ch) => n + ((ch.codePointAt(0) as number) > 0xffff ? 2 : 1), 0);
    return length <= 70 ? 1 : Math.ceil(length / 67);
  }
  return units <= 160 ? 1 : Math.ceil(units / 153);
}
