import type { Models } from '@iapm/runtime/db';
import { openDatabase } from '../database.ts';
import { loadSettings } from '../settings.ts';

/** The database as a command uses it. */
export interface CliDatabase {
  models: Models;
  close(): Promise<void>;
}

/** The database of the settings (`MONGODB_URI`, or the embedded FerretDB of `DATA_DIR`). */
export const openCliDatabase = (): Promise<CliDatabase> => openDatabase(loadSettings());
