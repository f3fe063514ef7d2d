import { ensureIndexes, getModels, type Models, resolveDatabase } from '@iapm/runtime/db';
import mongoose, { type Connection } from 'mongoose';
import type { Settings } from './settings.ts';

/** The application database name (tests use one database per test file instead). */
export const DATABASE_NAME = 'iapm';

export interface OpenDatabase {
  connection: Connection;
  models: Models;
  kind: 'mongodb' | 'ferretdb';
  uri: string;
  close(): Promise<void>;
}

/**
 * Connects to `MONGODB_URI`, or to the embedded FerretDB of `DATA_DIR` (started when no other process runs
 * it), builds the indexes, and returns the models. `close()` disconnects and stops a database we started.
 */
export async function openDatabase(settings: Settings, log: (m: string) => void = () => {}): Promise<OpenDatabase> {
  const db = await resolveDatabase({ mongodbUri: settings.mongodbUri, dataDir: settings.dataDir, log });
  const dbName = settings.mongodbUri ? undefined : DATABASE_NAME;
  let connection: Connection;
  try {
    connection = await mongoose
      .createConnection(db.uri, { ...(dbName ? { dbName } : {}), serverSelectionTimeoutMS: 15_000 })
      .asPromise();
    await ensureIndexes(connection);
  } catch (error) {
    await db.stop();
    throw error;
  }
  return {
    connection,
    models: getModels(connection),
    kind: db.kind,
    uri: db.uri,
    close: async () => {
      await connection.close();
      await db.stop();
    },
  };
}
