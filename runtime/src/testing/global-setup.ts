import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { resolveDatabase } from '../db/embedded-db.ts';

/**
 * Starts one database for the whole test run: `MONGODB_URI` when set, otherwise an embedded FerretDB with
 * its data in a fresh temporary folder. Each test file then uses a database name of its own.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'iapm-test-'));
  const db = await resolveDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir });
  project.provide('mongoUri', db.uri);
  project.provide('databaseKind', db.kind);
  return async () => {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
