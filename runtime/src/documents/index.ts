export {
  DOCUMENT_BUCKET,
  DocumentError,
  type DocumentVersion,
  findDocument,
  getDocument,
  listDocumentVersions,
  type NewDocument,
  putDocument,
} from './document-store.ts';
