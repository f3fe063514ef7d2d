import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source file of the pure core (tests and the test kit excluded). */
function coreFiles(dir = import.meta.dirname): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return coreFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && entry.name !== 'test-kit.ts' ? [path] : [];
  });
}

const FORBIDDEN_IMPORTS =
  /from\s+['"](node:[^'"]+|fs|net|http|https|child_process|mongoose|mongodb|agenda|@agendajs\/[^'"]+|express|ws|nodemailer|ollama|@iapm\/runtime[^'"]*|@iapm\/server)['"]/;
const FORBIDDEN_CALLS = [
  /Date\.now\(/,
  /new Date\(\)/,
  /Math\.random\(/,
  /\bprocess\./,
  /\bsetTimeout\(/,
  /\bsetInterval\(/,
  /\bfetch\(/,
  /\bconsole\./,
];

describe('the core is pure', () => {
  const files = coreFiles();
  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(import.meta.dirname, f), f]))(
    '%s does no I/O and reads no clock',
    (_name, file) => {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(FORBIDDEN_IMPORTS);
      for (const pattern of FORBIDDEN_CALLS) expect(text).not.toMatch(pattern);
    },
  );
});
