import { describe, expect, it } from 'vitest';
import { runScript } from './run-script.ts';

const run = (code: string, input: unknown = null, limits: { timeoutMs?: number; memoryLimitMb?: number } = {}) =>
  runScript({ code, input, timeoutMs: limits.timeoutMs ?? 1000, memoryLimitMb: limits.memoryLimitMb ?? 16 });

describe('runScript (QuickJS in a worker)', () => {
  it('returns the JSON result and the console lines', async () => {
    const out = await run(
      `const d = new Date(input.notifiedAt);
       console.log('notifié', input.notifiedAt, { n: 1 });
       return { jour: d.toISOString().slice(0, 10), n: input.list.length };`,
      { notifiedAt: '2026-03-02T10:15:00+01:00', list: [1, 2, 3] },
    );
    expect(out.result).toEqual({ jour: '2026-03-02', n: 3 });
    expect(out.logs).toEqual(['notifié 2026-03-02T10:15:00+01:00 {"n":1}']);
    expect(out.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('stops an infinite loop at its time limit', async () => {
    const started = Date.now();
    await expect(run('while (true) {}', null, { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'script.timeout',
      retryable: false,
    });
    expect(Date.now() - started).toBeLessThan(200 + 5_000);
  });

  it('stops a 1 GB allocation at its memory limit', async () => {
    await expect(
      run('const a = new ArrayBuffer(1024 * 1024 * 1024); return a.byteLength;', null, { memoryLimitMb: 16 }),
    ).rejects.toMatchObject({ code: 'script.memory' });
    await expect(
      // Given time enough to reach the memory limit whatever the machine's load.
      run("const a = []; while (true) a.push({ i: a.length, s: 'n' + a.length });", null, {
        memoryLimitMb: 8,
        timeoutMs: 5000,
      }),
    ).rejects.toMatchObject({ code: 'script.memory' });
  });

  it('terminates a script stuck inside a built-in past its time limit', async () => {
    // Growing strings near the memory limit keeps QuickJS in its allocator, where it does not check for
    // interruption: the worker is terminated instead.
    const started = Date.now();
    await expect(
      run("const keep = []; while (true) { keep.push('x'.repeat(1 << 20)); }", null, {
        memoryLimitMb: 16,
        timeoutMs: 300,
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^script\.(timeout|memory)$/) });
    expect(Date.now() - started).toBeLessThan(300 + 3_000);
    expect((await run('return 1 + 1;')).result).toBe(2);
  });

  it('has no process, require, or other host objects', async () => {
    await expect(run('return process.env;')).rejects.toMatchObject({
      code: 'script.error',
      message: expect.stringContaining('process'),
    });
    await expect(run("return require('fs').readFileSync('/etc/passwd', 'utf8');")).rejects.toMatchObject({
      code: 'script.error',
      message: expect.stringContaining('require'),
    });
    const probe = await run(
      'return [typeof process, typeof require, typeof fetch, typeof setTimeout, typeof globalThis.std, typeof globalThis.os, typeof WebAssembly];',
    );
    expect(probe.result).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
  });

  it('reports a thrown error with its message, and runs the next script normally', async () => {
    await expect(run("throw new TypeError('date invalide');")).rejects.toMatchObject({
      code: 'script.error',
      message: expect.stringContaining('TypeError: date invalide'),
    });
    const next = await run('return input * 2;', 21);
    expect(next.result).toBe(42);
  });
});
