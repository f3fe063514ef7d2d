import { ALL_SCHEMAS, EVENT_FILES, type JsonSchema, SCHEMA_IDS } from '@iapm/schemas';
import { apiRef } from '../http/validate.ts';
import { ALLOWED_TYPES, MAX_UPLOAD_BYTES } from '../services/document-upload.service.ts';
import { type Audience, type BodySpec, OPERATIONS, type Operation, TAGS } from './operations.ts';

const SCHEMA_HOST = 'https://schemas.iapm.fr/';
const byId = new Map(ALL_SCHEMAS.map((s) => [s.$id, s]));

/** `https://schemas.iapm.fr/api/runs.json` → `api.runs`. */
const slug = (id: string) =>
  id
    .replace(SCHEMA_HOST, '')
    .replace(/\.json$/, '')
    .replace(/\//g, '.')
    .replace(/[^A-Za-z0-9._-]/g, '_');
const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * Copies schemas from the schema files into `components.schemas`, rewriting every `$ref` (absolute ids and
 * the files' own `#/$defs/…`) to a component, and bringing in exactly what is reachable.
 */
class Bundler {
  readonly components: Record<string, unknown> = {};

  /** The component of a file's definition (or of the file's root schema), added on first use. */
  ref(fileId: string, def?: string): { $ref: string } {
    const name = def ? `${slug(fileId)}.${safe(def)}` : slug(fileId);
    if (!(name in this.components)) {
      const file = byId.get(fileId);
      if (!file) throw new Error(`OpenAPI: unknown schema ${fileId}`);
      const source = def ? (file.$defs as Record<string, unknown> | undefined)?.[def] : file;
      if (source === undefined) throw new Error(`OpenAPI: ${fileId} has no $defs/${def}`);
      this.components[name] = {};
      this.components[name] = this.convert(source, fileId);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  /** A deep copy of a schema with its references pointing at components. */
  convert(node: unknown, fileId: string): unknown {
    if (Array.isArray(node)) return node.map((n) => this.convert(n, fileId));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === '$id' || key === '$schema' || key === '$defs' || key === '$comment') continue;
      if (key === '$ref' && typeof value === 'string') {
        Object.assign(out, this.resolve(value, fileId));
        continue;
      }
      out[key] = this.convert(value, fileId);
    }
    return out;
  }

  private resolve(ref: string, fileId: string): { $ref: string } {
    const [file, fragment = ''] = ref.split('#');
    const target = file ? file : fileId;
    if (fragment === '') return this.ref(target);
    const match = /^\/\$defs\/([^/]+)$/.exec(fragment);
    if (!match) throw new Error(`OpenAPI: unsupported reference ${ref} in ${fileId}`);
    return this.ref(target, decodeURIComponent(match[1] as string));
  }
}

/** An API schema name → its file id and definition name. */
function apiDef(name: string): [string, string] {
  const [file, fragment] = apiRef(name as never).split('#');
  return [file as string, (fragment as string).replace('/$defs/', '')];
}

const PROBLEM = {
  type: 'object',
  description: 'RFC 9457 problem document; `issues` gives JSON pointers with French and English messages.',
  required: ['type', 'title', 'status', 'code', 'message'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    message: {
      type: 'object',
      required: ['fr', 'en'],
      properties: { fr: { type: 'string' }, en: { type: 'string' } },
    },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'code', 'message'],
        properties: {
          pointer: { type: 'string' },
          code: { type: 'string' },
          message: { type: 'object', properties: { fr: { type: 'string' }, en: { type: 'string' } } },
          severity: { type: 'string' },
        },
      },
    },
    requestId: { type: 'string' },
  },
};

const ACCEPTED = {
  type: 'object',
  required: ['eventId', 'duplicate', 'runs'],
  properties: {
    eventId: { type: 'string' },
    duplicate: { type: 'boolean' },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['runId', 'workflowId', 'version'],
        properties: { runId: { type: 'string' }, workflowId: { type: 'string' }, version: { type: 'integer' } },
      },
    },
  },
};

const PATH_PARAMS: Record<string, { schema: JsonSchema; fr: string; en: string }> = {
  id: { schema: { type: 'string', pattern: '^[0-9a-f]{24}$' }, fr: 'Identifiant', en: 'Identifier' },
  version: { schema: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' }, fr: 'Numéro de version', en: 'Version number' },
  name: { schema: { type: 'string', enum: ['Basic', 'Premium', 'Enterprise'] }, fr: 'Offre', en: 'Plan' },
};

const SECURITY: Record<Exclude<Audience, 'public'>, string[]> = {
  key: ['apiKey'],
  SYSTEM: ['apiKey'],
  ADMIN: ['session'],
  CLIENT: ['session'],
  SUPER_ADMIN: ['session'],
  PERSON: ['session'],
};

/** The OpenAPI 3.1 document of the API, built from `OPERATIONS` and the JSON Schema files. */
export function buildOpenApi(options: { version?: string } = {}): Record<string, unknown> {
  const bundle = new Bundler();
  const apiSchema = (name: string) => bundle.ref(...apiDef(name));
  const components = bundle.components;
  components.Problem = PROBLEM;
  components.EventAccepted = ACCEPTED;

  const eventEnvelopes = () => {
    if (!components.EventEnvelope) {
      components.EventEnvelope = {};
      components.EventEnvelope = {
        description: 'Un événement du catalogue / an event of the catalog: `payload` follows the schema of `type`.',
        oneOf: EVENT_FILES.flatMap((file) =>
          Object.keys(file.$defs).map((type) => ({
            type: 'object',
            additionalProperties: false,
            required: ['type', 'payload'],
            properties: {
              type: { const: type },
              payload: bundle.ref(file.$id, type),
              idempotencyKey: { type: 'string', minLength: 1, maxLength: 200 },
              occurredAt: { type: 'string', format: 'date-time' },
            },
          })),
        ),
      };
    }
    return { $ref: '#/components/schemas/EventEnvelope' };
  };

  const requestBody = (spec: BodySpec) => {
    if (typeof spec === 'string')
      return { required: true, content: { 'application/json': { schema: apiSchema(spec) } } };
    switch (spec.kind) {
      case 'workflow-config':
        return { required: true, content: { 'application/json': { schema: bundle.ref(SCHEMA_IDS.workflowConfig) } } };
      case 'event':
        return { required: true, content: { 'application/json': { schema: eventEnvelopes() } } };
      case 'event-batch':
        return {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['events'],
                properties: { events: { type: 'array', minItems: 1, maxItems: 100, items: eventEnvelopes() } },
              },
            },
          },
        };
      case 'upload':
        return {
          required: true,
          description:
            'Le fichier lui-même (20 Mo au plus) : PDF, images, e-mail .eml, Word, Excel, OpenDocument / the file itself (20 MB at most).',
          content: Object.fromEntries(
            [...ALLOWED_TYPES.keys()].map((type) => [
              type,
              { schema: { type: 'string', format: 'binary', maxLength: MAX_UPLOAD_BYTES } },
            ]),
          ),
        };
      case 'rfc822':
        return {
          required: true,
          description: 'Le message brut (25 Mo au plus) / the raw message (25 MB at most).',
          content: {
            'message/rfc822': {
              schema: { type: 'string', format: 'binary', maxLength: 26_214_400 },
              example: [
                'From: Awa Traoré <awa.traore@example.org>',
                'To: contact@cabinet.example',
                'Subject: OQTF reçue',
                'Message-ID: <exemple-1@example.org>',
                'Content-Type: text/plain; charset=utf-8',
                '',
                "Bonjour Maître, j'ai reçu une OQTF ce matin.",
              ].join('\r\n'),
            },
          },
        };
    }
  };

  const queryParameters = (name: string) => {
    const [fileId, def] = apiDef(name);
    const schema = ((byId.get(fileId)?.$defs ?? {}) as Record<string, JsonSchema>)[def] ?? {};
    const required = new Set((schema.required as string[] | undefined) ?? []);
    return Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([param, property]) => ({
      name: param,
      in: 'query',
      required: required.has(param),
      schema: bundle.convert(property, fileId),
    }));
  };

  const operation = (o: Operation) => {
    const params = [...o.path.matchAll(/:(\w+)/g)].map(([, name]) => {
      const known = PATH_PARAMS[name as string] ?? PATH_PARAMS.id;
      return {
        name,
        in: 'path',
        required: true,
        description: `${known?.fr} / ${known?.en}`,
        schema: known?.schema,
      };
    });
    const status = String(o.status ?? 200);
    const success =
      status === '204'
        ? { description: 'Fait / done' }
        : {
            description: 'Succès / success',
            content:
              o.produces === 'text/plain'
                ? { 'text/plain': { schema: { type: 'string' } } }
                : o.produces === 'text/html'
                  ? { 'text/html': { schema: { type: 'string' } } }
                  : o.produces === 'application/octet-stream'
                    ? { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } }
                    : {
                        'application/json': {
                          schema: o.path.startsWith('/api/v1/')
                            ? { $ref: '#/components/schemas/EventAccepted' }
                            : { type: 'object' },
                        },
                      },
          };
    const problem = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    const schemes = [...new Set(o.audience.flatMap((a) => (a === 'public' ? [] : SECURITY[a])))];
    return {
      operationId: `${o.method}${o.path.replace(/[/:{}.-](\w)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))}`,
      tags: [o.tag],
      summary: o.summary.en,
      description: `${o.summary.fr} — ${o.summary.en}. ${audienceText(o.audience)}`,
      ...(params.length || o.query ? { parameters: [...params, ...(o.query ? queryParameters(o.query) : [])] } : {}),
      ...(o.body ? { requestBody: requestBody(o.body) } : {}),
      responses: {
        [status]: success,
        ...(o.path === '/api/catalog' ? { '304': { description: 'Inchangé / not modified' } } : {}),
        '4XX': { description: 'Erreur du client / client error', ...problem },
        '5XX': { description: 'Erreur du serveur / server error', ...problem },
      },
      ...(schemes.length ? { security: schemes.map((s) => ({ [s]: [] })) } : { security: [] }),
    };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const o of OPERATIONS) {
    const path = o.path.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[o.method] = operation(o);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'IA Poste Manager — Workflow Studio API',
      version: options.version ?? '0.1.0',
      description:
        'API du studio de workflows des cabinets d’avocats en droit des étrangers. Erreurs : application/problem+json ' +
        'avec pointeurs JSON. — API of the workflow studio for immigration-law firms. Errors: application/problem+json ' +
        'with JSON pointers. Live messages: WebSocket `/api/ws` (schema `api.live.LiveMessage`).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: TAGS.map((t) => ({ name: t.name, description: `${t.fr} — ${t.en}` })),
    paths,
    components: {
      schemas: { ...components, ...liveComponents(bundle) },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'iapm_session', description: 'Session (httpOnly cookie)' },
        apiKey: { type: 'http', scheme: 'bearer', description: "Clé d'API du cabinet / the firm's API key (iapm_…)" },
      },
    },
  };
}

/** The live message schema joins the components (the WebSocket has no OpenAPI operation). */
function liveComponents(bundle: Bundler): Record<string, unknown> {
  bundle.ref(...apiDef('LiveMessage'));
  return {};
}

function audienceText(audience: Audience[]): string {
  if (audience.includes('public')) return 'Public.';
  const names: Record<Exclude<Audience, 'public'>, string> = {
    key: "clé d'API / API key",
    SYSTEM: "clé d'API / API key (SYSTEM)",
    ADMIN: 'ADMIN',
    CLIENT: 'CLIENT (son dossier seulement / own workspace only)',
    SUPER_ADMIN: 'SUPER_ADMIN',
    PERSON: 'personne connectée / signed-in person',
  };
  return `Accès / access: ${audience.map((a) => names[a as Exclude<Audience, 'public'>]).join(', ')}.`;
}
