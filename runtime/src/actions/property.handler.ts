import { isDeepStrictEqual } from 'node:util';
import type { Model } from 'mongoose';
import { findOwned } from '../db/owned.ts';
import type { ActionHandler } from '../engine/ports.ts';
import { appendTimeline, defineHandler } from './define.ts';
import { objectIdAt, refused } from './entity-kit.ts';
import { actOnce, firmConfig } from './outside.ts';
import { entityModel } from './status.handler.ts';

type Entity = 'workspace' | 'client' | 'procedure' | 'task';
interface PropertyParams {
  entity: Entity;
  entityId: string;
  property: string;
  value: unknown;
}
interface PropertyOutput {
  property: string;
  previous?: unknown;
  value: unknown;
}

/** Fields no allowlist can open: identity, tenancy and bookkeeping. */
const PROTECTED = new Set(['_id', 'id', 'tenantId', 'createdAt', 'updatedAt', '__v']);
const MAX_VALUE_BYTES = 16_384;
const MAX_DEPTH = 10;

/**
 * Whether `path` (`entity.field.sub`) is named by an allowlist entry: segments compare one by one, `*`
 * standing for one segment — or, as the last segment, for one or more.
 */
export function allowedBy(entries: readonly string[], path: string): boolean {
  const segments = path.split('.');
  return entries.some((entry) => {
    const wanted = entry.split('.');
    for (let i = 0; i < wanted.length; i++) {
      const w = wanted[i];
      if (w === '*' && i === wanted.length - 1) return segments.length > i;
      if (segments[i] === undefined || (w !== '*' && w !== segments[i])) return false;
    }
    return segments.length === wanted.length;
  });
}

/** Why a value cannot be stored as JSON in the database (FerretDB v1 limits included), or undefined. */
export function unstorable(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return `plus de ${MAX_DEPTH} niveaux / more than ${MAX_DEPTH} levels`;
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    return typeof value === 'number' && !Number.isFinite(value) ? 'nombre non fini / non-finite number' : undefined;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      if (Array.isArray(item)) return 'tableau de tableaux / array of arrays';
      const inner = unstorable(item, depth + 1);
      if (inner) return inner;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key.startsWith('$') || key.includes('.') || key === '') {
        return `nom de champ « ${key} » interdit / field name "${key}" not allowed`;
      }
      const problem = unstorable(inner, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  return `type ${typeof value} / type ${typeof value}`;
}

/** How the entity's schema holds `property`: a declared field, inside a free-form object, or not at all. */
function fieldKind(model: Model<unknown>, property: string): 'typed' | 'free' | 'unknown' {
  const segments = property.split('.');
  for (let n = segments.length; n > 0; n--) {
    const path = model.schema.path(segments.slice(0, n).join('.')) as { instance?: string } | undefined;
    if (!path) continue;
    if (path.instance === 'Mixed') return 'free';
    return n === segments.length ? 'typed' : 'unknown';
  }
  return 'unknown';
}

const valueAt = (doc: unknown, property: string): { found: boolean; value?: unknown } => {
  let current: unknown = doc;
  for (const segment of property.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return { found: false };
    current = (current as Record<string, unknown>)[segment];
  }
  return { found: true, value: current };
};

/** `{a: {b: value}}` for `a.b`: changes reported in events never have dotted keys (the database refuses them). */
const nested = (property: string, value: unknown): Record<string, unknown> =>
  property
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;

/**
 * set_property: writes a value at a dotted path of a case, client, procedure or task — only a path the
 * firm's `integrations.settableProperties` names (`workspace.customFields.*` by default), never an id, the
 * tenant or the timestamps. The value must fit the field (the schema's type, enum and length for a declared
 * field; storable JSON of at most 16 KiB inside a free-form object). A refused path or value is a
 * non-retryable error naming `/property` or `/value`. Writing the current value changes nothing. Emits
 * workspace:updated for a case; the compensation restores the previous value unless it changed since.
 */
export function propertyHandler(): ActionHandler {
  return defineHandler<PropertyParams, PropertyOutput>(
    'set_property',
    async (input) => {
      const { params, models, tenantId, context } = input;
      const path = `${params.entity}.${params.property}`;
      const { config } = await firmConfig(input);
      const allowlist = config.integrations?.settableProperties ?? ['workspace.customFields.*'];
      const firstSegment = params.property.split('.')[0] as string;
      if (PROTECTED.has(firstSegment) || !allowedBy(allowlist, path)) {
        throw refused(
          'property.not-allowed',
          '/property',
          `La propriété « ${path} » ne figure pas dans la liste des propriétés modifiables du cabinet (${allowlist.join(', ') || 'vide'}).`,
          `Property "${path}" is not in the firm's settable properties (${allowlist.join(', ') || 'empty'}).`,
        );
      }
      const model = entityModel(models, params.entity) as unknown as Model<unknown>;
      const kind = fieldKind(model, params.property);
      if (kind === 'unknown') {
        throw refused(
          'property.unknown',
          '/property',
          `« ${params.property} » n'est pas un champ de l'entité ${params.entity}.`,
          `"${params.property}" is not a field of a ${params.entity}.`,
        );
      }
      const problem = unstorable(params.value);
      const size = Buffer.byteLength(JSON.stringify(params.value ?? null));
      if (problem || size > MAX_VALUE_BYTES) {
        throw refused(
          'property.invalid-value',
          '/value',
          `Valeur refusée : ${problem ?? `plus de ${MAX_VALUE_BYTES} octets`}.`,
          `Value refused: ${problem ?? `more than ${MAX_VALUE_BYTES} bytes`}.`,
        );
      }
      const id = objectIdAt(params.entityId, '/entityId');
      let workspaceId: string | undefined;
      return actOnce<PropertyOutput>(
        input,
        'set_property',
        'repeat',
        async () => {
          const before = await findOwned<Record<string, unknown>>(model as never, id, tenantId);
          if (!before) {
            throw refused(
              'entity.not-found',
              '/entityId',
              `${params.entity} ${params.entityId} introuvable dans ce cabinet.`,
              `${params.entity} ${params.entityId} cannot be found in this firm.`,
            );
          }
          workspaceId = params.entity === 'workspace' ? params.entityId : (before.workspaceId as string | undefined);
          const previous = valueAt(before, params.property);
          if (!(previous.found && isDeepStrictEqual(previous.value, params.value))) {
            try {
              // By `_id` alone (indexed): the firm was checked on read and never changes.
              await model.updateOne(
                { _id: id },
                { $set: { [params.property]: params.value } },
                { runValidators: true, strict: 'throw' },
              );
            } catch (error) {
              const reason = (error as Error).message.slice(0, 300);
              throw refused(
                'property.invalid-value',
                '/value',
                `Valeur refusée pour « ${params.property} » : ${reason}.`,
                `Value refused for "${params.property}": ${reason}.`,
              );
            }
          }
          return {
            property: params.property,
            ...(previous.found ? { previous: previous.value } : {}),
            value: params.value,
          };
        },
        async (result) => {
          if ('previous' in result && isDeepStrictEqual(result.previous, result.value)) return;
          await appendTimeline(input, workspaceId && String(workspaceId), 'property', `${path} modifié`, {
            property: path,
          });
          if (params.entity !== 'workspace') return;
          await context.emit('workspace:updated', {
            workspaceId: params.entityId,
            changes: nested(params.property, result.value),
            previous: nested(params.property, 'previous' in result ? result.previous : null),
            changedFields: [params.property],
            updatedAt: context.now.toISOString(),
          });
        },
      );
    },
    {
      // Puts the previous value back (or removes the field it did not have), unless it was changed since.
      compensate: async ({ params, output, models, tenantId }) => {
        const model = entityModel(models, params.entity) as unknown as Model<unknown>;
        const current = (await model.findOne({ _id: params.entityId, tenantId }).lean()) as Record<
          string,
          unknown
        > | null;
        if (!current) return;
        const now = valueAt(current, output.property);
        if (!now.found || !isDeepStrictEqual(now.value, output.value)) return;
        await model.updateOne(
          { _id: params.entityId, tenantId },
          'previous' in output
            ? { $set: { [output.property]: output.previous } }
            : { $unset: { [output.property]: 1 } },
        );
      },
    },
  );
}
