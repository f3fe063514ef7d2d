import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * One-time passwords: HOTP (RFC 4226) and TOTP (RFC 6238) on node:crypto, with the base32 alphabet of
 * RFC 4648 that authenticator apps read. Pure functions of their arguments (the time is a parameter).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32; without padding unless asked (authenticator apps take it either way). */
export function base32Encode(bytes: Uint8Array, options: { padding?: boolean } = {}): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  if (options.padding) while (out.length % 8 !== 0) out += '=';
  return out;
}

/** Decodes base32 (case-insensitive, padding and spaces ignored); throws on a character outside the alphabet. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new Error(`not a base32 character: ${char}`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

export type OtpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** HOTP(K, C) = Truncate(HMAC(K, C)) mod 10^digits, left-padded with zeros (RFC 4226 §5.3). */
export function hotp(secret: Uint8Array, counter: number, digits = 6, algorithm: OtpAlgorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export interface TotpOptions {
  /** Seconds per time step (30, as every authenticator app uses). */
  step?: number;
  digits?: number;
  algorithm?: OtpAlgorithm;
}

/** The time step of a moment: floor(unix seconds / step) (RFC 6238 §4.2, T0 = 0). */
export const timeStep = (timeMs: number, step = 30) => Math.floor(timeMs / 1000 / step);

/** TOTP at a moment. */
export function totp(secret: Uint8Array, timeMs: number, options: TotpOptions = {}): string {
  return hotp(secret, timeStep(timeMs, options.step), options.digits ?? 6, options.algorithm);
}

/**
 * Checks a code against the time steps around `timeMs` (one step either side by default, for clock drift),
 * in constant time per step. Returns the matched step (the caller refuses a step already used), or undefined.
 */
export function verifyTotp(
  secret: Uint8Array,
  code: string,
  timeMs: number,
  options: TotpOptions & { window?: number } = {},
): number | undefined {
  const digits = options.digits ?? 6;
  if (!new RegExp(`^[0-9]{${digits}}$`).test(code)) return undefined;
  const now = timeStep(timeMs, options.step);
  const window = options.window ?? 1;
  let matched: number | undefined;
  for (let delta = -window; delta <= window; delta++) {
    const expected = Buffer.from(hotp(secret, now + delta, digits, options.algorithm));
    if (timingSafeEqual(expected, Buffer.from(code)) && matched === undefined) matched = now + delta;
  }
  return matched;
}

/** A new secret: 20 random bytes (160 bits, RFC 4226's recommendation) as 32 base32 characters. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The `otpauth://` URI authenticator apps import (usually shown as a QR code). */
export function otpauthUri(secret: string, account: string, issuer = 'IA Poste Manager'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
