import type { Connection } from 'mongoose';
import { BUILTIN_TEMPLATES } from './builtin/index.ts';
import { PLACEHOLDER_FILTERS, unknownFilters } from './placeholders.ts';

/**
 * A document template of a firm: a title and a body with `{{path}}` placeholders (`{{path | date}}` and the
 * other filters of placeholders.ts write a value in words). The body is plain text:
 * a blank line separates paragraphs, a line starting with `# ` is a heading, and a line starting with `> ` is
 * set apart (an address block, a reference line).
 */
export interface DocumentTemplate {
  id: string;
  name: string;
  /** The document's title (placeholders allowed); shown at the top and kept in the file's metadata. */
  title: string;
  body: string;
  /** Format when the action does not say (default pdf). */
  format?: 'pdf' | 'docx';
  /** File name without extension (placeholders allowed); default: the template id. */
  filename?: string;
  language?: 'fr' | 'en';
}

/** One stored template: `_id` is `<tenantId>:<templateId>`, so that reading one is an `_id` lookup. */
interface StoredTemplate extends DocumentTemplate {
  _id: string;
  tenantId: string;
  updatedAt: Date;
}

/** The firm templates' collection. */
export const TEMPLATE_COLLECTION = 'document_templates';
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const MAX_BODY = 100_000;

/** A template that cannot be stored, with the JSON pointer of the mistake and its message in French and English. */
export class TemplateError extends Error {
  constructor(
    readonly pointer: string,
    readonly fr: string,
    readonly en: string,
  ) {
    super(`${pointer} ${fr} / ${en}`);
  }
}

const collection = (connection: Connection) => connection.collection<StoredTemplate>(TEMPLATE_COLLECTION);
const storedId = (tenantId: string, templateId: string) => `${tenantId}:${templateId}`;

/** Checks a template's shape; throws a TemplateError naming the first mistake. */
export function checkTemplate(template: DocumentTemplate): DocumentTemplate {
  const text = (pointer: string, value: unknown, max: number, required = true) => {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      throw new TemplateError(
        pointer,
        `doit être un texte non vide d'au plus ${max} caractères`,
        `must be a non-empty text of at most ${max} characters`,
      );
    }
  };
  if (typeof template.id !== 'string' || !ID.test(template.id)) {
    throw new TemplateError(
      '/id',
      'doit être un identifiant (lettres, chiffres, _ . : -)',
      'must be an identifier (letters, digits, _ . : -)',
    );
  }
  text('/name', template.name, 200);
  text('/title', template.title, 200);
  text('/body', template.body, MAX_BODY);
  text('/filename', template.filename, 200, false);
  if (template.filename && /[/\\]/.test(template.filename)) {
    throw new TemplateError('/filename', 'ne doit pas contenir de chemin', 'must not contain a path');
  }
  for (const field of ['title', 'body', 'filename'] as const) {
    const unknown = unknownFilters(template[field] ?? '');
    if (unknown.length) {
      throw new TemplateError(
        `/${field}`,
        `filtre inconnu : ${unknown.join(', ')} (connus : ${PLACEHOLDER_FILTERS.join(', ')})`,
        `unknown filter: ${unknown.join(', ')} (known: ${PLACEHOLDER_FILTERS.join(', ')})`,
      );
    }
  }
  if (template.format !== undefined && !['pdf', 'docx'].includes(template.format)) {
    throw new TemplateError('/format', 'doit être « pdf » ou « docx »', 'must be "pdf" or "docx"');
  }
  if (template.language !== undefined && !['fr', 'en'].includes(template.language)) {
    throw new TemplateError('/language', 'doit être « fr » ou « en »', 'must be "fr" or "en"');
  }
  return template;
}

const plain = (stored: StoredTemplate): DocumentTemplate => {
  const { _id, tenantId: _tenant, updatedAt: _at, ...template } = stored;
  return template;
};

/** Stores (or replaces) one of the firm's templates, after checking it. */
export async function putDocumentTemplate(
  connection: Connection,
  tenantId: string,
  template: DocumentTemplate,
): Promise<DocumentTemplate> {
  const checked = checkTemplate(template);
  const fields = {
    id: checked.id,
    name: checked.name,
    title: checked.title,
    body: checked.body,
    ...(checked.format ? { format: checked.format } : {}),
    ...(checked.filename ? { filename: checked.filename } : {}),
    ...(checked.language ? { language: checked.language } : {}),
  };
  const _id = storedId(tenantId, checked.id);
  await collection(connection).replaceOne({ _id }, { tenantId, updatedAt: new Date(), ...fields }, { upsert: true });
  return fields;
}

/**
 * The template a `generate_document` names: the firm's own (in `document_templates`), else the built-in one
 * of that id, else undefined. The firm's own wins, so a firm can rewrite a built-in template under its id.
 */
export async function findDocumentTemplate(
  connection: Connection,
  tenantId: string,
  templateId: string,
): Promise<(DocumentTemplate & { source: 'firm' | 'builtin' }) | undefined> {
  const stored = await collection(connection).findOne({ _id: storedId(tenantId, templateId) });
  if (stored && stored.tenantId === tenantId) return { ...plain(stored), source: 'firm' };
  const builtin = BUILTIN_TEMPLATES.find((t) => t.id === templateId);
  return builtin ? { ...builtin, source: 'builtin' } : undefined;
}

/** The firm's templates and the built-in ones it has not replaced, by id (a screen's list; not a hot path). */
export async function listDocumentTemplates(
  connection: Connection,
  tenantId: string,
): Promise<(DocumentTemplate & { source: 'firm' | 'builtin' })[]> {
  const own = (await collection(connection).find({ tenantId }).toArray()).map((t) => ({
    ...plain(t),
    source: 'firm' as const,
  }));
  const builtins = BUILTIN_TEMPLATES.filter((b) => !own.some((t) => t.id === b.id)).map((t) => ({
    ...t,
    source: 'builtin' as const,
  }));
  return [...own, ...builtins].sort((a, b) => a.id.localeCompare(b.id));
}

/** Deletes one of the firm's templates (a built-in one of the same id shows again). */
export async function deleteDocumentTemplate(
  connection: Connection,
  tenantId: string,
  templateId: string,
): Promise<boolean> {
  const result = await collection(connection).deleteOne({ _id: storedId(tenantId, templateId), tenantId });
  return result.deletedCount === 1;
}
