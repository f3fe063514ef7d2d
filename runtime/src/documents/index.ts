export { BUILTIN_TEMPLATE_IDS, BUILTIN_TEMPLATES } from './builtin/index.ts';
export {
  DOCUMENT_BUCKET,
  DocumentError,
  type DocumentVersion,
  deleteDocumentVersion,
  findDocument,
  getDocument,
  listDocumentVersions,
  type NewDocument,
  putDocument,
} from './document-store.ts';
export {
  fillPlaceholders,
  frenchDateTime,
  frenchDay,
  missingPaths,
  PLACEHOLDER_FILTERS,
  PlaceholderError,
  placeholders,
} from './placeholders.ts';
export { parseBlocks, renderDocx, renderPdf } from './render.ts';
export {
  checkTemplate,
  type DocumentTemplate,
  deleteDocumentTemplate,
  findDocumentTemplate,
  listDocumentTemplates,
  putDocumentTemplate,
  TEMPLATE_COLLECTION,
  TemplateError,
} from './templates.ts';
