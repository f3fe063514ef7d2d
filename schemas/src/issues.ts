/** A readable text in both languages of the studio. */
export interface Text {
  fr: string;
  en: string;
}

/** One problem found in a document: where (JSON pointer, node), what (stable code) and why (fr/en). */
export interface Issue {
  /** RFC 6901 JSON pointer into the checked document ("" is the whole document). */
  pointer: string;
  /** Id of the workflow node the problem belongs to, when there is one. */
  nodeId?: string;
  /** Stable code from the catalogue in `issue-codes.ts` (e.g. `schema.required`, `graph.unreachable`). */
  code: string;
  message: Text;
  /** `error` blocks publishing and running; `warning` is shown but does not block. */
  severity: 'error' | 'warning';
}

/** Result of a validation: the typed value, or the issues that prevent accepting it. */
export type Validation<T> = { ok: true; value: T; issues: Issue[] } | { ok: false; issues: Issue[] };

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON pointer from segments. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${escapePointerSegment(s)}`).join('');
}

/** True when at least one issue is an error. */
export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}
