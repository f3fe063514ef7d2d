import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  checkWorkflow,
  getCatalog,
  getValidator,
  providePrecompiledValidators,
  SCHEMA_IDS,
  validateWith,
} from '@iapm/schemas';
import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { precompiledRefs, precompiledValidatorsModule } from './precompile-validators.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'schemas', 'test', 'fixtures');
const files = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f));
const read = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const workflowFixtures = ['valid', 'invalid'].flatMap((d) => files(join(FIXTURES, 'workflow', d)));

/** Action parameter fixtures: the catalog's own examples are not enough, so each action gets an empty object too. */
function actionParams() {
  return getCatalog()
    .actions.filter((a) => a.paramsRef)
    .flatMap((a) => [
      validateWith(a.paramsRef as string, {}).issues,
      validateWith(a.paramsRef as string, { unknown: 1 }).issues,
    ]);
}

function checkAll() {
  return {
    workflows: workflowFixtures.map((f) => checkWorkflow(read(f)).issues),
    actions: actionParams(),
  };
}

describe('validators precompiled for the browser', () => {
  let table: Record<string, ValidateFunction>;
  beforeAll(async () => {
    // Written inside the repository so that the module's bare imports (ajv, ajv-formats) resolve.
    const dir = join(ROOT, 'node_modules', '.cache', 'iapm');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `validators-${process.pid}.mjs`);
    writeFileSync(file, precompiledValidatorsModule());
    table = (await import(pathToFileURL(file).href)).byRef;
    rmSync(file, { force: true });
  }, 120_000);

  it('covers the workflow and every action’s parameters (what checkWorkflow validates)', () => {
    const catalog = getCatalog();
    const refs = precompiledRefs();
    expect(refs).toContain(SCHEMA_IDS.workflow);
    for (const a of catalog.actions) if (a.paramsRef) expect(refs).toContain(a.paramsRef);
    expect(Object.keys(table).sort()).toEqual([...refs].sort());
  });

  it('give exactly the issues of validators compiled at run time, on the workflow fixtures and every action', () => {
    const compiledAtRunTime = checkAll();
    expect(compiledAtRunTime.workflows.some((issues) => issues.length > 0)).toBe(true);
    expect(compiledAtRunTime.actions.some((issues) => issues.length > 0)).toBe(true);
    const before = getValidator(SCHEMA_IDS.workflow);
    providePrecompiledValidators(table);
    expect(getValidator(SCHEMA_IDS.workflow)).not.toBe(before);
    expect(getValidator(SCHEMA_IDS.workflow)).toBe(table[SCHEMA_IDS.workflow]);
    expect(checkAll()).toEqual(compiledAtRunTime);
  });

  it('contain no code generated at run time', () => {
    const source = precompiledValidatorsModule();
    expect(source).not.toMatch(/\bnew Function\b|\beval\(/);
    expect(source).not.toMatch(/\brequire\(/);
  });
});
