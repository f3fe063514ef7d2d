import {
  API_FILES,
  type ApiTypes,
  defRef,
  type Issue,
  type IssueCode,
  message,
  type Text,
  validateWith,
} from '@iapm/schemas';
import { Types } from 'mongoose';
import { invalid, notFound } from './problem.ts';

const fileOf = new Map<string, string>();
for (const file of API_FILES) for (const name of Object.keys(file.$defs)) fileOf.set(name, file.$id);

/** The Ajv reference of an API body or query schema (`schemas/src/api/*.schema.json`). */
export function apiRef(name: keyof ApiTypes): string {
  const fileId = fileOf.get(name);
  if (!fileId) throw new Error(`no API schema named ${name}`);
  return defRef(fileId, name);
}

/**
 * Checks a request body (or query) against its API schema; throws a 400 problem with JSON pointers and
 * French/English messages when it does not match, returns the typed value otherwise.
 */
export function parse<N extends keyof ApiTypes>(name: N, data: unknown): ApiTypes[N] {
  const checked = validateWith<ApiTypes[N]>(apiRef(name), data ?? {});
  if (!checked.ok) throw invalid(checked.issues);
  return checked.value;
}

/** A route's `:id`: an ObjectId, or 404 (an id that cannot exist names nothing). */
export function objectId(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{24}$/.test(value) || !Types.ObjectId.isValid(value)) throw notFound();
  return value;
}

/** A single issue with a catalogue message. */
export function issue(pointer: string, code: IssueCode, values: Record<string, string | number | Text> = {}): Issue {
  return { pointer, code, message: message(code, values), severity: 'error' };
}
