export { AddressPolicy, isForbiddenAddress } from './http/address-policy.ts';
export { type SafeRequest, type SafeResponse, safeRequest } from './http/safe-request.ts';
export { InProcessLiveChannel, type LiveChannel, type LiveListener, type LiveMessage } from './live-channel.ts';
export { closeSmtpTransports, type MailTransport, type SmtpSettings, smtpTransport } from './mail/mail-transport.ts';
export { runScript, type ScriptRequest, type ScriptResult } from './script/run-script.ts';
export { databaseSecrets, putFirmSecret, type SecretResolver } from './secrets.ts';
export { type SmsProvider, smsSegments, toE164 } from './sms/sms-provider.ts';
export { TwilioSmsProvider } from './sms/twilio-provider.ts';
