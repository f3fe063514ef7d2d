import { Worker } from 'node:worker_threads';
import { ActionError } from '../../engine/ports.ts';

export interface ScriptRequest {
  /** The body of a function of `input`; what it returns (as JSON) is the result. */
  code: string;
  input: unknown;
  timeoutMs: number;
  memoryLimitMb: number;
}

export interface ScriptResult {
  result: unknown;
  logs: string[];
  durationMs: number;
}

interface WorkerAnswer {
  type: 'ready' | 'done';
  ok: boolean;
  json?: string;
  kind?: 'timeout' | 'memory' | 'error' | 'result';
  name?: string;
  message?: string;
  logs: string[];
  durationMs: number;
}

const WORKER = new URL('./script-worker.mjs', import.meta.url);
/** Time given to start the worker and load the interpreter (before the script's own limit starts). */
const START_LIMIT_MS = 15_000;
/**
 * Past the script's limit, time left to the interpreter's own interruption before the worker is terminated
 * (a built-in function such as a huge `repeat` runs without interruption checks).
 */
const OVERSTAY_MS = 500;

/**
 * Runs JavaScript in a QuickJS WebAssembly sandbox on a worker thread: no I/O, JSON in and out, at most
 * `memoryLimitMb` of interpreter memory and `timeoutMs` of run time. A script that overstays is interrupted by
 * the interpreter; a worker that does not answer in time is terminated. The calling thread is never blocked,
 * so the engine keeps serving other runs while a script works. Failures are non-retryable ActionErrors
 * (`script.timeout`, `script.memory`, `script.error`): the same script would fail the same way.
 */
export function runScript(request: ScriptRequest, signal?: AbortSignal): Promise<ScriptResult> {
  const inputJson = JSON.stringify(request.input ?? null);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: {
        code: request.code,
        inputJson,
        timeoutMs: request.timeoutMs,
        memoryLimitBytes: request.memoryLimitMb * 1024 * 1024,
        maxLogs: 100,
        maxLogChars: 2000,
        maxResultChars: 1_000_000,
      },
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const timeoutError = () =>
      new ActionError(
        'script.timeout',
        { fr: `Le script a dépassé ${request.timeoutMs} ms.`, en: `The script ran over ${request.timeoutMs} ms.` },
        false,
      );
    const overstay = () => settle(() => reject(timeoutError()));
    let timer = setTimeout(overstay, START_LIMIT_MS);
    const onAbort = () => settle(() => reject(signal?.reason ?? timeoutError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (answer: WorkerAnswer) => {
      if (answer.type === 'ready') {
        clearTimeout(timer);
        timer = setTimeout(overstay, request.timeoutMs + OVERSTAY_MS);
        return;
      }
      settle(() => {
        if (answer.ok) {
          resolve({ result: JSON.parse(answer.json ?? 'null'), logs: answer.logs, durationMs: answer.durationMs });
          return;
        }
        if (answer.kind === 'timeout') return reject(timeoutError());
        if (answer.kind === 'memory') {
          return reject(
            new ActionError(
              'script.memory',
              {
                fr: `Le script a dépassé ${request.memoryLimitMb} Mo de mémoire.`,
                en: `The script went over ${request.memoryLimitMb} MB of memory.`,
              },
              false,
            ),
          );
        }
        const detail = `${answer.name ?? 'Error'}: ${answer.message ?? ''}`;
        reject(
          new ActionError(
            'script.error',
            { fr: `Erreur du script — ${detail}`, en: `Script error — ${detail}` },
            false,
          ),
        );
      });
    });
    worker.once('error', (error) =>
      settle(() => {
        const memory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        reject(
          new ActionError(
            memory ? 'script.memory' : 'script.error',
            {
              fr: `Le bac à sable du script a échoué : ${error.message}`,
              en: `The script sandbox failed: ${error.message}`,
            },
            false,
          ),
        );
      }),
    );
    worker.once('exit', (code) =>
      settle(() =>
        reject(
          new ActionError('script.error', {
            fr: `Le bac à sable s'est arrêté (${code}).`,
            en: `The sandbox stopped (${code}).`,
          }),
        ),
      ),
    );
  });
}
