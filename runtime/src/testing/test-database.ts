import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    databaseKind: 'mongodb' | 'ferretdb';
  }
}

/** A database of its own for one test file, dropped when the file's tests end. */
export interface TestDatabase {
  uri: string;
  dbName: string;
  kind: 'mongodb' | 'ferretdb';
  connection: Connection;
}

/**
 * Connects to the test run's database server with a database name unique to the calling test file
 * (`t_<file>_<random>`), and registers an `afterAll` that drops it and closes the connection.
 * @example const db = await useTestDatabase(import.meta.url);
 */
export async function useTestDatabase(fileUrl: string): Promise<TestDatabase> {
  const uri = inject('mongoUri');
  const slug = basename(fileURLToPath(fileUrl))
    .replace(/\.test\.ts$/, '')
    .replace(/[^a-z0-9]+/gi, '_')
    .slice(0, 30);
  const dbName = `t_${slug}_${randomBytes(3).toString('hex')}`;
  const connection = await mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 10_000 }).asPromise();
  afterAll(async () => {
    await connection.dropDatabase().catch(() => {});
    await connection.close();
  });
  return { uri, dbName, kind: inject('databaseKind'), connection };
}
