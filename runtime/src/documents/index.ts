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
