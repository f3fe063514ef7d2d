import { Ajv2020, type ErrorObject, type Options, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { message } from './issue-codes.ts';
import { escapePointerSegment, type Issue, type Validation } from './issues.ts';
import { ALL_SCHEMAS, SCHEMA_IDS } from './registry.ts';

/** Annotation keywords allowed in our schema files (see docs/authoring.md). */
export const ANNOTATION_KEYWORDS = [
  'x-title-en',
  'x-description-en',
  'x-category',
  'x-enum-labels',
  'x-autonomy',
  'x-idempotent',
  'x-compensable',
  'x-emits',
  'x-node-kind',
  'x-ui-widget',
  'x-order',
];

// ajv-formats is published as CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020;

/** The options of every Ajv instance of the project (the studio's precompiled validators use them too). */
export const AJV_OPTIONS: Options = {
  strict: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allErrors: true,
  discriminator: true,
  allowUnionTypes: true,
  // Errors carry their schema, so that some rules can have a message of their own.
  verbose: true,
};

/**
 * A new Ajv instance with the project's options, formats, annotation keywords and every schema file
 * registered. `extra` adds options (the studio's build passes `code: {source: true, esm: true}` to emit
 * standalone validators).
 */
export function createAjv(extra: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...extra });
  addFormats(ajv);
  ajv.addVocabulary(ANNOTATION_KEYWORDS);
  for (const schema of ALL_SCHEMAS) ajv.addSchema(schema);
  return ajv;
}

let instance: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The one Ajv instance, with every schema file registered (built on first use, then reused). */
export function getAjv(): Ajv2020 {
  instance ??= createAjv();
  return instance;
}

/**
 * Gives validators compiled ahead of time (Ajv standalone code), by schema reference. Where code cannot be
 * generated at run time (a browser page whose Content-Security-Policy forbids `eval`), these are used instead
 * of compiling; a reference missing from the table is still compiled on demand.
 */
export function providePrecompiledValidators(table: Readonly<Record<string, ValidateFunction>>): void {
  for (const [ref, fn] of Object.entries(table)) compiled.set(ref, fn);
}

/** The compiled validator for a schema reference such as `https://schemas.iapm.fr/workflow.json`. */
export function getValidator(ref: string): ValidateFunction {
  let fn = compiled.get(ref);
  if (!fn) {
    const ajv = getAjv();
    fn = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    compiled.set(ref, fn);
  }
  return fn;
}

/** Reference of a `$defs` entry of a schema file, with the fragment escaped for use in a URI. */
export function defRef(fileId: string, name: string): string {
  return `${fileId}#/$defs/${encodeURIComponent(escapePointerSegment(name))}`;
}

/**
 * Validates `data` against the schema at `ref`. Never throws on bad data: the result carries issues
 * with JSON pointers (relative to `data`, prefixed by `basePointer`) and French/English messages.
 */
export function validateWith<T>(ref: string, data: unknown, basePointer = ''): Validation<T> {
  const fn = getValidator(ref);
  if (fn(data)) return { ok: true, value: data as T, issues: [] };
  const issues = ajvErrorsToIssues(fn.errors ?? [], basePointer);
  return { ok: false, issues };
}

/** Validates the shape of a workflow document (the graph checker does the rest). */
export function validateWorkflowShape<T = unknown>(doc: unknown): Validation<T> {
  return validateWith<T>(SCHEMA_IDS.workflow, doc);
}

/**
 * Turns Ajv errors into issues. The pointer of a missing or unknown field points at that field.
 * Errors inside the branches of a failed `oneOf` are folded into the `oneOf` error when no branch
 * matched the discriminating fields, so that one mistake gives one issue.
 */
export function ajvErrorsToIssues(errors: readonly ErrorObject[], basePointer = ''): Issue[] {
  const oneOfPaths = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.schemaPath);
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (oneOfPaths.some((p) => error.schemaPath.startsWith(`${p}/`))) continue;
    // A bad property name is reported once, by `propertyNames`, not again by the rule inside it.
    if (error.schemaPath.includes('/propertyNames/')) continue;
    const issue = toIssue(error, basePointer);
    const key = `${issue.pointer}|${issue.code}|${issue.message.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** `oneOf` rules of node kinds that have a message of their own. */
const ONE_OF_CODES: Record<string, 'trigger.event-or-cron' | 'wait.mode'> = {
  trigger: 'trigger.event-or-cron',
  wait: 'wait.mode',
};

function toIssue(error: ErrorObject, basePointer: string): Issue {
  const params = error.params as Record<string, unknown>;
  let pointerPath = basePointer + error.instancePath;
  let code = `schema.${error.keyword}`;
  let values: Record<string, string | number> = {};
  switch (error.keyword) {
    case 'required':
      pointerPath += `/${escapePointerSegment(String(params.missingProperty))}`;
      values = { property: String(params.missingProperty) };
      break;
    case 'additionalProperties':
      pointerPath += `/${escapePointerSegment(String(params.additionalProperty))}`;
      values = { property: String(params.additionalProperty) };
      break;
    case 'unevaluatedProperties':
      pointerPath += `/${escapePointerSegment(String(params.unevaluatedProperty))}`;
      values = { property: String(params.unevaluatedProperty) };
      break;
    case 'propertyNames':
      values = { property: String(params.propertyName) };
      break;
    case 'type':
      values = { type: String(params.type) };
      break;
    case 'enum':
      values = { allowed: (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ') };
      break;
    case 'const':
      values = { allowed: JSON.stringify(params.allowedValue) };
      break;
    case 'format':
      values = { format: String(params.format) };
      break;
    case 'discriminator':
      pointerPath += `/${escapePointerSegment(String(params.tag))}`;
      values = { value: String(params.tagValue ?? '') };
      break;
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      values = { limit: Number(params.limit) };
      break;
    case 'oneOf': {
      const kind = (error.parentSchema?.properties as { kind?: { const?: string } } | undefined)?.kind?.const;
      const special = kind ? ONE_OF_CODES[kind] : undefined;
      if (special) code = special;
      break;
    }
    case 'pattern':
    case 'uniqueItems':
    case 'anyOf':
    case 'not':
      break;
    default:
      code = 'schema.invalid';
      values = { keyword: error.keyword };
  }
  return {
    pointer: pointerPath,
    code,
    message: message(code as Parameters<typeof message>[0], values),
    severity: 'error',
  };
}
