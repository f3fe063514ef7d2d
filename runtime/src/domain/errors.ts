/**
 * The error thrown by the CESEDA domain functions on bad input: one or more issues, each with a JSON pointer into
 * the input, a stable code from the schemas' catalogue and a message in French and English.
 */
import { type Issue, type IssueCode, message, type Text } from '@iapm/schemas';

/** Bad input to a domain function. `issues[0]` is the first problem found; `message` is its French text. */
export class DomainError extends Error {
  readonly issues: Issue[];

  constructor(issues: Issue[]) {
    super(issues.map((issue) => `${issue.pointer || '/'}: ${issue.message.fr}`).join('; '));
    this.name = 'DomainError';
    this.issues = issues;
  }

  /** The stable code of the first issue. */
  get code(): string {
    return this.issues[0]?.code ?? 'schema.invalid';
  }
}

/**
 * Builds a {@link DomainError} with one issue.
 * Pure: no clock, no I/O.
 */
export function domainError(
  code: IssueCode,
  pointer: string,
  params: Record<string, string | number | Text> = {},
): DomainError {
  return new DomainError([{ pointer, code, message: message(code, params), severity: 'error' }]);
}
