import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkWorkflow, findEvent, type Issue, message, SCHEMA_IDS, validateWith } from '@iapm/schemas';
import type { CliIo } from './main.ts';

type SchemaChoice = 'workflow' | 'workflow-config' | 'event';

/** Validates one parsed document against the chosen (or detected) schema. */
function validateDocument(doc: unknown, schema: SchemaChoice | undefined): Issue[] {
  const kind = schema ?? detect(doc);
  if (kind === 'workflow-config') return validateWith(SCHEMA_IDS.workflowConfig, doc).issues;
  if (kind === 'event') {
    const { type, payload } = (doc ?? {}) as { type?: unknown; payload?: unknown };
    const entry = typeof type === 'string' ? findEvent(type) : undefined;
    if (!entry) {
      return [
        {
          pointer: '/type',
          code: 'catalog.unknown-event',
          message: message('catalog.unknown-event', { event: String(type) }),
          severity: 'error',
        },
      ];
    }
    return validateWith(entry.schemaRef, payload, '/payload').issues;
  }
  return checkWorkflow(doc).issues;
}

function detect(doc: unknown): SchemaChoice {
  if (doc && typeof doc === 'object' && 'type' in doc && 'payload' in doc && !('nodes' in doc)) return 'event';
  return 'workflow';
}

/** `iapm validate FILE...`: prints each issue with its pointer and node; exit 1 when any file has an error. */
export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'fr' },
      schema: { type: 'string' },
    },
  });
  if (positionals.length === 0) {
    io.err('iapm validate: give at least one file\n');
    return 2;
  }
  const schema = values.schema as SchemaChoice | undefined;
  if (schema && !['workflow', 'workflow-config', 'event'].includes(schema)) {
    io.err(`iapm validate: unknown schema "${schema}"\n`);
    return 2;
  }
  const lang = values.lang === 'en' ? 'en' : 'fr';
  const results: { file: string; ok: boolean; issues: Issue[] }[] = [];
  for (const file of positionals) {
    let issues: Issue[];
    try {
      issues = validateDocument(JSON.parse(readFileSync(file, 'utf8')), schema);
    } catch (error) {
      const detail = (error as Error).message;
      issues = [{ pointer: '', code: 'json.parse', message: message('json.parse', { detail }), severity: 'error' }];
    }
    results.push({ file, ok: !issues.some((i) => i.severity === 'error'), issues });
  }
  if (values.json) {
    io.out(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const result of results) {
      if (result.issues.length === 0) {
        io.out(`${result.file}: ${lang === 'fr' ? 'valide' : 'valid'}\n`);
        continue;
      }
      for (const issue of result.issues) {
        const node = issue.nodeId ? ` [${lang === 'fr' ? 'nœud' : 'node'} ${issue.nodeId}]` : '';
        io.out(
          `${result.file}: ${issue.severity} ${issue.pointer || '/'}${node} ${issue.code} — ${issue.message[lang]}\n`,
        );
      }
    }
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
