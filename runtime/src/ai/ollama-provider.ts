/**
 * The Ollama provider, through the `ollama` client: `/api/tags` to check that the model is on the server,
 * `/api/chat` with `format` set to the answer's JSON Schema (structured output), without streaming. Personal
 * data is pseudonymised before the request and put back in the answer. Every failure is an AiFailure whose
 * reason the step reports when the built-in provider answers instead.
 */
import { Ollama } from 'ollama';
import { answerSchema, messagesFor, PROMPT_VERSIONS } from './prompts.ts';
import { Pseudonymiser } from './pseudonymise.ts';
import { type AiAnswer, type AiCallOptions, AiFailure, type AiProvider, type AiTask } from './types.ts';

export interface OllamaSettings {
  /** `http://127.0.0.1:11434` (the installation's `OLLAMA_HOST`). */
  host: string;
  /** The model (the firm's `ai.model` when it set one, else the installation's `OLLAMA_MODEL`). */
  model: string;
  /** Time for one answer, model loading included (default 60 s). */
  timeoutMs?: number;
}

/** How long the model list of a server is trusted. */
const TAGS_TTL_MS = 60_000;
const tagsCache = new Map<string, { at: number; models: Set<string> }>();
/** What the model may write at most, by task (tokens). */
const MAX_TOKENS = { classify: 300, extract: 1200, analyze: 2000 } as const;

const withLatest = (name: string) => (name.includes(':') ? name : `${name}:latest`);

/** Why a request failed, as the step reports it. */
function reasonOf(error: unknown, timedOut: boolean): AiFailure {
  if (error instanceof AiFailure) return error;
  const e = error as { name?: string; status_code?: number; cause?: { code?: string }; message?: string };
  if (timedOut || e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new AiFailure('timeout', 'Ollama did not answer in time');
  }
  if (e.status_code === 404) return new AiFailure('model-missing', `Ollama: ${e.message ?? 'model not found'}`);
  if (e.name === 'SyntaxError') return new AiFailure('error', 'Ollama answered a body that is not its protocol');
  if (e.status_code === undefined) {
    return new AiFailure('unreachable', `Ollama unreachable (${e.cause?.code ?? e.name ?? 'error'})`);
  }
  return new AiFailure('error', `Ollama answered ${e.status_code}: ${String(e.message ?? '').slice(0, 200)}`);
}

export class OllamaProvider implements AiProvider {
  readonly name = 'ollama';

  constructor(private readonly settings: OllamaSettings) {}

  /** A client whose every request is aborted by the step's signal or the provider's timeout. */
  private client(signal: AbortSignal): Ollama {
    return new Ollama({
      host: this.settings.host,
      fetch: (input, init) => fetch(input, { ...init, signal }),
    });
  }

  /** Whether the server has the model (its list cached for a minute). */
  private async hasModel(client: Ollama): Promise<boolean> {
    const cached = tagsCache.get(this.settings.host);
    let models = cached && Date.now() - cached.at < TAGS_TTL_MS ? cached.models : undefined;
    if (!models) {
      const listed = await client.list();
      models = new Set((listed.models ?? []).flatMap((m) => [withLatest(m.name), withLatest(m.model ?? m.name)]));
      tagsCache.set(this.settings.host, { at: Date.now(), models });
    }
    return models.has(withLatest(this.settings.model));
  }

  async answer(task: AiTask, options: AiCallOptions = {}): Promise<AiAnswer> {
    let timedOut = false;
    const timeout = AbortSignal.timeout(this.settings.timeoutMs ?? 60_000);
    timeout.addEventListener('abort', () => {
      timedOut = true;
    });
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const client = this.client(signal);
    const pseudonyms = new Pseudonymiser(options.knownNames);
    const hidden: AiTask =
      task.kind === 'classify'
        ? {
            ...task,
            text: pseudonyms.hide(task.text),
            ...(task.subject ? { subject: pseudonyms.hide(task.subject) } : {}),
          }
        : task.kind === 'analyze'
          ? {
              ...task,
              text: pseudonyms.hide(task.text),
              ...(task.instructions ? { instructions: pseudonyms.hide(task.instructions) } : {}),
            }
          : { ...task, text: pseudonyms.hide(task.text) };
    let content: string;
    let model: string;
    try {
      if (!(await this.hasModel(client))) {
        throw new AiFailure('model-missing', `model ${this.settings.model} is not on the Ollama server`);
      }
      const response = await client.chat({
        model: this.settings.model,
        messages: messagesFor(hidden),
        format: answerSchema(task),
        stream: false,
        options: { temperature: options.temperature ?? 0.1, num_predict: MAX_TOKENS[task.kind] },
      });
      content = response.message?.content ?? '';
      model = response.model || this.settings.model;
    } catch (error) {
      throw reasonOf(error, timedOut);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw new AiFailure('invalid-json', 'Ollama answered text that is not JSON');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new AiFailure('schema-mismatch', 'Ollama answered JSON that is not an object');
    }
    const { confidence, ...value } = pseudonyms.restore(parsed as Record<string, unknown>);
    if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) {
      throw new AiFailure('schema-mismatch', 'Ollama gave no confidence between 0 and 1');
    }
    return {
      value,
      confidence,
      provenance: { provider: 'ollama', model: model.slice(0, 200), promptVersion: PROMPT_VERSIONS[task.kind] },
    };
  }
}

/** Forgets the cached model lists (tests that change what a server offers). */
export function clearOllamaModelCache(): void {
  tagsCache.clear();
}
