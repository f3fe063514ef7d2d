/** What the AI actions ask a provider, and what every answer carries. */

export const EXTRACT_FIELDS = [
  'procedureType',
  'situation',
  'decisionDate',
  'notificationDate',
  'trackingNumbers',
  'phones',
  'emails',
  'people',
  'agdrefNumbers',
] as const;
export type ExtractField = (typeof EXTRACT_FIELDS)[number];

export type AiTask =
  | { kind: 'classify'; text: string; subject?: string; categories: string[] }
  | { kind: 'extract'; text: string; receivedAt?: string; fields: ExtractField[] }
  | { kind: 'analyze'; text: string; instructions?: string; depth: 'quick' | 'standard' | 'deep' };

/** The action whose output schema an answer to a task must match. */
export const ACTION_OF: Record<AiTask['kind'], string> = {
  classify: 'classify_content',
  extract: 'extract_data',
  analyze: 'analyze_with_ai',
};

export type FallbackReason = 'unreachable' | 'timeout' | 'model-missing' | 'invalid-json' | 'schema-mismatch' | 'error';

/** Who answered, with which model and prompt version; `fallback` when the configured provider failed. */
export interface AiProvenance {
  provider: 'ollama' | 'builtin';
  model: string;
  promptVersion: string;
  fallback?: { from: 'ollama'; reason: FallbackReason };
}

/** An answer: the action's output fields, with the confidence and the provenance every answer carries. */
export interface AiAnswer {
  value: Record<string, unknown>;
  confidence: number;
  provenance: AiProvenance;
}

/** What a provider is given besides the task. */
export interface AiCallOptions {
  signal?: AbortSignal;
  /** Names known to belong to the case (its client): pseudonymised even where no pattern finds them. */
  knownNames?: string[];
  /** Sampling temperature (the firm's `ai.temperature`). */
  temperature?: number;
}

export interface AiProvider {
  readonly name: 'ollama' | 'builtin';
  answer(task: AiTask, options?: AiCallOptions): Promise<AiAnswer>;
}

/** A provider's failure, with the reason the step output reports when the built-in provider answers instead. */
export class AiFailure extends Error {
  constructor(
    readonly reason: FallbackReason,
    message: string,
  ) {
    super(message);
  }
}
