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
