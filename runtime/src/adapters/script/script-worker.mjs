// Runs one script in a QuickJS WebAssembly interpreter, inside a worker thread: no Node.js API is reachable
// from the script (QuickJS has no `process`, `require`, file, network or timer functions; only `input`,
// `console.log` and the language itself). Memory is capped by QuickJS's allocator, time by an interrupt
// handler; the host also terminates the worker if it overstays. Plain JavaScript: a worker thread cannot
// load TypeScript on the Node.js versions we support.
import { parentPort, workerData } from 'node:worker_threads';
import { getQuickJS, shouldInterruptAfterDeadline } from 'quickjs-emscripten';

const { code, inputJson, timeoutMs, memoryLimitBytes, maxLogs, maxLogChars, maxResultChars } = workerData;

const quickjs = await getQuickJS();
const runtime = quickjs.newRuntime();
runtime.setMemoryLimit(memoryLimitBytes);
runtime.setMaxStackSize(512 * 1024);
let started = Date.now();
let interrupted = false;
let deadline = shouldInterruptAfterDeadline(started + timeoutMs);
runtime.setInterruptHandler((rt) => {
  if (deadline(rt)) interrupted = true;
  return interrupted;
});
const vm = runtime.newContext();
const logs = [];

const log = vm.newFunction('log', (...args) => {
  if (logs.length >= maxLogs) return;
  const line = args
    .map((handle) => {
      const value = vm.dump(handle);
      return typeof value === 'string' ? value : JSON.stringify(value);
    })
    .join(' ');
  logs.push(String(line).slice(0, maxLogChars));
});
const consoleObject = vm.newObject();
vm.setProp(consoleObject, 'log', log);
vm.setProp(consoleObject, 'info', log);
vm.setProp(consoleObject, 'warn', log);
vm.setProp(consoleObject, 'error', log);
vm.setProp(vm.global, 'console', consoleObject);
const inputHandle = vm.newString(inputJson);
vm.setProp(vm.global, '__input', inputHandle);
for (const handle of [log, consoleObject, inputHandle]) handle.dispose();

// The script is the body of a function of `input`; its return value, as JSON, is the result.
const wrapped = `"use strict";
const __result = (function (input) {
${code}
})(JSON.parse(globalThis.__input));
__result === undefined ? 'null' : JSON.stringify(__result) ?? 'null';`;

function describe(errorValue) {
  const name = errorValue?.name ?? 'Error';
  const message = errorValue?.message ?? String(errorValue);
  return { name, message: String(message).slice(0, 500) };
}

let outcome;
parentPort.postMessage({ type: 'ready' });
started = Date.now();
deadline = shouldInterruptAfterDeadline(started + timeoutMs);
try {
  const evaluated = vm.evalCode(wrapped, 'script.js');
  if (evaluated.error) {
    const detail = describe(vm.dump(evaluated.error));
    evaluated.error.dispose();
    const kind = interrupted ? 'timeout' : /out of memory/i.test(detail.message) ? 'memory' : 'error';
    outcome = { ok: false, kind, ...detail };
  } else {
    const json = vm.getString(evaluated.value);
    evaluated.value.dispose();
    outcome =
      json.length > maxResultChars
        ? { ok: false, kind: 'result', name: 'RangeError', message: `result larger than ${maxResultChars} characters` }
        : { ok: true, json };
  }
} catch (error) {
  // QuickJS itself may fail to allocate (the limit reached inside the engine rather than in the script).
  const message = String(error?.message ?? error);
  outcome = { ok: false, kind: /memory/i.test(message) ? 'memory' : 'error', name: 'InternalError', message };
}
const durationMs = Date.now() - started;
parentPort.postMessage({ type: 'done', ...outcome, logs, durationMs });
try {
  vm.dispose();
  runtime.dispose();
} catch {
  // The worker ends anyway.
}
