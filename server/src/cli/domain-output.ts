import type { Issue } from '@iapm/schemas';
import type { CliIo } from './main.ts';

/** Prints domain issues (pointer, code, message in the chosen language) on stderr; returns exit code 1. */
export function printIssues(io: CliIo, command: string, issues: readonly Issue[], lang: 'fr' | 'en' = 'fr'): number {
  for (const issue of issues)
    io.err(`iapm ${command}: ${issue.pointer || '/'} ${issue.code} — ${issue.message[lang]}\n`);
  return 1;
}

/** Errors that carry issues (DomainError, CesedaDataError). */
export function issuesOf(error: unknown): Issue[] | undefined {
  const issues = (error as { issues?: unknown } | null)?.issues;
  return Array.isArray(issues) ? (issues as Issue[]) : undefined;
}
