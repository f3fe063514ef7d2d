import { FORBIDDEN_PATH_SEGMENTS } from '@iapm/schemas';

/** Outcome of walking a dotted path: whether every segment was present, and the value reached. */
export interface PathLookup {
  found: boolean;
  value: unknown;
}

const NOT_FOUND: PathLookup = Object.freeze({ found: false, value: undefined });

/** Paths already split (workflow documents use the same few paths again and again); `null`: never found. */
const segmentsByPath = new Map<string, readonly string[] | null>();
const MAX_CACHED_PATHS = 10_000;
const MAX_CACHED_PATH_LENGTH = 1_000;

/** The segments of a dotted path, or `null` when one of them is forbidden (the path is never found). */
function segmentsOf(path: string): readonly string[] | null {
  const cached = segmentsByPath.get(path);
  if (cached !== undefined) return cached;
  const segments = path.split('.');
  const result = segments.some((segment) => FORBIDDEN_PATH_SEGMENTS.has(segment)) ? null : segments;
  if (path.length <= MAX_CACHED_PATH_LENGTH) {
    if (segmentsByPath.size >= MAX_CACHED_PATHS) segmentsByPath.clear();
    segmentsByPath.set(path, result);
  }
  return result;
}

/**
 * Walks a dotted path (`"nodes.classify.output.score"`, `"attachments.0.name"`) in `data`, following own
 * properties only (`Object.hasOwn`, never the prototype chain). Contract:
 * - `path` undefined, null or `""` designates `data` itself (found unless `data` is undefined);
 * - numbers are turned into strings, so `3` indexes an array like `"3"`;
 * - a segment in FORBIDDEN_PATH_SEGMENTS (`__proto__`, `constructor`, `prototype`) is never found;
 * - a property whose value is `undefined` or a function counts as absent; `null` counts as present.
 * Pure; never throws; never calls anything but property reads on the data.
 */
export function lookupPath(data: unknown, path: unknown): PathLookup {
  if (path === undefined || path === null || path === '') {
    return data === undefined ? NOT_FOUND : { found: true, value: data };
  }
  const segments = segmentsOf(typeof path === 'string' ? path : String(path));
  if (segments === null) return NOT_FOUND;
  let current: unknown = data;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (current === null || current === undefined) return NOT_FOUND;
    if (!Object.hasOwn(current as object, segment)) return NOT_FOUND;
    current = (current as Record<string, unknown>)[segment];
    if (current === undefined || typeof current === 'function') return NOT_FOUND;
  }
  return { found: true, value: current };
}

/**
 * The value at `path` in `data` (see `lookupPath` for the walk), or `fallback` when the path is absent.
 * This is the semantics of the safe json-logic `var`.
 */
export function readPath(data: unknown, path: unknown, fallback: unknown = null): unknown {
  const lookup = lookupPath(data, path);
  return lookup.found ? lookup.value : fallback;
}
