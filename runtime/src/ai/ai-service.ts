/**
 * Which provider answers an AI task, and the fallback: the firm's choice (`ai.provider`, `ai.model`) within
 * what the installation offers (`OLLAMA_HOST`, `OLLAMA_MODEL`). Ollama answers when both allow it; the
 * built-in provider answers otherwise, and whenever Ollama fails (unreachable, timeout, model missing, an
 * answer that is not JSON or not of the action's output schema) — its provenance then says so.
 */
import { findAction, validateWith, type WorkflowConfig } from '@iapm/schemas';
import { builtinProvider } from './builtin-provider.ts';
import { OllamaProvider, type OllamaSettings } from './ollama-provider.ts';
import { ACTION_OF, type AiAnswer, AiFailure, type AiProvenance, type AiTask } from './types.ts';

/** The installation's AI settings (the server's environment). */
export interface AiSettings {
  /** Absent: no Ollama server, the built-in provider answers every firm. */
  ollama?: OllamaSettings;
}

/** A model's self-assessed confidence is capped: a small local model is not calibrated. */
export const MAX_MODEL_CONFIDENCE = 0.9;
/** Confidence kept when the model and the rules disagree on a procedure the rules are sure of. */
export const DISAGREEMENT_CONFIDENCE = 0.5;

/** The output of an AI action: the answer's fields, its confidence and its provenance. */
export type AiOutput = Record<string, unknown> & { confidence: number; provenance: AiProvenance };

/** What one call needs: the installation's settings, the firm's configuration (and what it set itself). */
export interface AiContext {
  settings: AiSettings;
  config: WorkflowConfig;
  /** The firm's configuration as stored (to tell a model it chose from the default). */
  raw: unknown;
  signal?: AbortSignal;
  knownNames?: string[];
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The Ollama settings this firm gets, or undefined when the built-in provider is its only one. */
export function ollamaFor(context: Pick<AiContext, 'settings' | 'config' | 'raw'>): OllamaSettings | undefined {
  const installation = context.settings.ollama;
  if (!installation?.host || context.config.ai?.provider !== 'ollama') return undefined;
  const chosen = (context.raw as { ai?: { model?: unknown } } | undefined)?.ai?.model;
  return { ...installation, model: typeof chosen === 'string' && chosen ? chosen : installation.model };
}

/** An answer as the action's output: the fields asked for and found, its confidence and provenance. */
export function toOutput(task: AiTask, answer: AiAnswer): AiOutput {
  let value = answer.value;
  if (task.kind === 'extract') {
    // Only the fields asked for and found.
    value = Object.fromEntries(
      Object.entries(value).filter(
        ([key, v]) =>
          (task.fields as string[]).includes(key) && v !== null && !(Array.isArray(v) && v.length === 0) && v !== '',
      ),
    );
  }
  return { ...value, confidence: round(answer.confidence), provenance: answer.provenance };
}

/** The model's confidence, capped, and lowered when it contradicts what the rules are sure of. */
async function checkedConfidence(task: AiTask, answer: AiAnswer): Promise<number> {
  let confidence = Math.min(answer.confidence, MAX_MODEL_CONFIDENCE);
  if (task.kind !== 'analyze' && typeof answer.value.procedureType === 'string') {
    const rules = await builtinProvider.answer(
      task.kind === 'classify' ? task : { kind: 'extract', text: task.text, fields: ['procedureType'] },
    );
    const ruled = rules.value.procedureType;
    if (typeof ruled === 'string' && ruled !== answer.value.procedureType && rules.confidence >= 0.8) {
      confidence = Math.min(confidence, DISAGREEMENT_CONFIDENCE);
    }
  }
  return confidence;
}

/**
 * Answers `task` with the provider the firm and the installation allow, falling back to the built-in one.
 * The output matches the action's output schema (an Ollama answer that does not is a fallback).
 */
export async function answerTask(task: AiTask, context: AiContext): Promise<AiOutput> {
  const outputRef = findAction(ACTION_OF[task.kind])?.outputRef as string;
  const ollama = ollamaFor(context);
  let fallback: AiProvenance['fallback'];
  if (ollama) {
    try {
      const answer = await new OllamaProvider(ollama).answer(task, {
        ...(context.signal ? { signal: context.signal } : {}),
        ...(context.knownNames ? { knownNames: context.knownNames } : {}),
        temperature: context.config.ai?.temperature ?? 0.1,
      });
      const output = toOutput(task, { ...answer, confidence: await checkedConfidence(task, answer) });
      const outsideCategories = task.kind === 'classify' && !task.categories.includes(String(output.category));
      if (outsideCategories || !validateWith(outputRef, output).ok) {
        throw new AiFailure('schema-mismatch', 'answer outside the schema');
      }
      return output;
    } catch (error) {
      fallback = { from: 'ollama', reason: error instanceof AiFailure ? error.reason : 'error' };
    }
  }
  const answer = await builtinProvider.answer(task);
  return toOutput(task, {
    ...answer,
    provenance: { ...answer.provenance, ...(fallback ? { fallback } : {}) },
  });
}
