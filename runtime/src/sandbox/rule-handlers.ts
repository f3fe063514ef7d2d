import { toOutput } from '../ai/ai-service.ts';
import { answerByRules } from '../ai/builtin-provider.ts';
import { EXTRACT_FIELDS, type ExtractField } from '../ai/types.ts';
import type { SandboxHandler } from './sandbox.ts';

/**
 * Sandbox handlers that compute what the built-in rules (no model, no I/O) would answer, instead of a
 * stand-in: a test run of `extract_data` on a letter about an OQTF finds « OQTF » as a real run with the
 * built-in provider would. Pure.
 */
export const ruleHandlers: Record<string, SandboxHandler> = {
  extract_data: (params) => {
    const p = (params ?? {}) as { text?: unknown; receivedAt?: unknown; fields?: unknown };
    const fields = (Array.isArray(p.fields) && p.fields.length ? p.fields : [...EXTRACT_FIELDS]) as ExtractField[];
    const task = {
      kind: 'extract' as const,
      text: typeof p.text === 'string' ? p.text : '',
      ...(typeof p.receivedAt === 'string' ? { receivedAt: p.receivedAt } : {}),
      fields,
    };
    return toOutput(task, answerByRules(task));
  },
};
