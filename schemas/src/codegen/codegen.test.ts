import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypes } from './generate.ts';

describe('generated types', () => {
  it('are up to date with the schema files', async () => {
    const onDisk = readFileSync(join(import.meta.dirname, '..', 'generated', 'types.ts'), 'utf8');
    expect(await generateTypes()).toBe(onDisk);
  }, 60_000);
});
