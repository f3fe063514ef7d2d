/**
 * Turns a value into text for templates and regex inputs: null/undefined → `''`, strings as they are,
 * Date → ISO 8601 (`''` when invalid), other objects and arrays → JSON (`''` when not serialisable, e.g.
 * cycles or BigInt inside), everything else → `String(value)`. Never throws.
 */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? '';
    } catch {
      return '';
    }
  }
  return String(value);
}

/**
 * Cuts `text` to at most `max` UTF-16 code units, without leaving half of a surrogate pair at the end.
 * Returns `text` unchanged when it is short enough.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}
