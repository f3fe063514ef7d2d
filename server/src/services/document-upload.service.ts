import { createHash, randomUUID } from 'node:crypto';
import {
  type DocumentVersion,
  deleteDocumentVersion,
  EventRejected,
  type EventService,
  putDocument,
} from '@iapm/runtime';
import { claimOnce, completeClaim, releaseClaim } from '@iapm/runtime/db';
import type { ApiTypes } from '@iapm/schemas';
import type { TenantRepository } from '../db/tenant-repository.ts';
import type { Principal } from '../http/auth.ts';
import { conflict, HttpProblem, invalid, notFound } from '../http/problem.ts';
import { actorName, addTimeline } from './dossier.service.ts';

/** The largest document a case accepts (the request body limit of the upload route). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** After this long, the key of an upload that never finished (its server died mid-way) can be used again. */
const STALE_CLAIM_MS = 10 * 60_000;

/** What an upload answers (201): the stored version as the case lists it, and the event it started. */
interface UploadAnswer {
  document: Omit<DocumentVersion, 'fileId' | 'workspaceId' | 'documentType' | 'createdAt'> & {
    documentType: string | null;
    uploadedBy: 'client' | 'lawyer';
    createdAt: Date;
  };
  eventId: string;
  runs: { runId: string; workflowId: string; version: number }[];
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

const ZIP = (b: Buffer) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
const OLE = (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
const startsWith = (prefix: string) => (b: Buffer) => b.subarray(0, prefix.length).toString('latin1') === prefix;
/** An e-mail starts with header lines (`Name: value`), possibly after blank lines. */
const EML = (b: Buffer) => /^\s*[A-Za-z][A-Za-z0-9-]{0,76}:[^\r\n]*\r?\n/.test(b.subarray(0, 1000).toString('latin1'));

/**
 * The document types a case accepts, each with a check of its first bytes: a file whose content is not what
 * its type says is refused, so that a renamed executable or HTML page never enters a case as a PDF.
 */
export const ALLOWED_TYPES: ReadonlyMap<string, { label: string; sniff: (bytes: Buffer) => boolean }> = new Map([
  ['application/pdf', { label: 'PDF', sniff: startsWith('%PDF-') }],
  ['image/jpeg', { label: 'JPEG', sniff: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff }],
  ['image/png', { label: 'PNG', sniff: (b) => b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')) }],
  ['image/gif', { label: 'GIF', sniff: startsWith('GIF8') }],
  ['image/webp', { label: 'WebP', sniff: (b) => startsWith('RIFF')(b) && b.subarray(8, 12).toString() === 'WEBP' }],
  ['image/heic', { label: 'HEIC', sniff: (b) => b.subarray(4, 8).toString() === 'ftyp' }],
  ['image/tiff', { label: 'TIFF', sniff: (b) => startsWith('II*\0')(b) || startsWith('MM\0*')(b) }],
  ['message/rfc822', { label: 'e-mail (.eml)', sniff: EML }],
  ['application/msword', { label: 'Word 97-2003', sniff: OLE }],
  ['application/vnd.ms-excel', { label: 'Excel 97-2003', sniff: OLE }],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', { label: 'Word', sniff: ZIP }],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', { label: 'Excel', sniff: ZIP }],
  ['application/vnd.oasis.opendocument.text', { label: 'OpenDocument texte', sniff: ZIP }],
  ['application/vnd.oasis.opendocument.spreadsheet', { label: 'OpenDocument tableur', sniff: ZIP }],
]);

const problem = (pointer: string, fr: string, en: string) =>
  invalid([{ pointer, code: 'schema.invalid', message: { fr, en }, severity: 'error' }]);

/**
 * Adds a document to a case: the bytes are checked (not empty, within the limit, of an accepted type whose
 * first bytes match), stored like inbound e-mail attachments (GridFS, SHA-256), and `document:uploaded` is
 * accepted through the event service, so that the checklist is ticked and workflows start as for any upload.
 * If the event is refused, the stored version is deleted again: nothing half-written stays behind.
 * A CLIENT adds only to their own workspace (the repository finds no other).
 */
export class DocumentUploadService {
  constructor(private readonly events: EventService | undefined) {}

  async upload(
    repo: TenantRepository,
    principal: Principal,
    workspaceId: string,
    query: ApiTypes['DocumentUploadQuery'],
    contentType: string,
    bytes: Buffer,
  ) {
    const workspace = await repo.of('Workspace').findById(workspaceId, { clientId: 1, title: 1 }).lean();
    if (!workspace) throw notFound();
    if (!this.events)
      throw new HttpProblem(503, 'events-unavailable', {
        fr: 'Le moteur de workflows ne tourne pas : le dépôt est impossible pour le moment.',
        en: 'The workflow runtime is not running: uploads are not possible right now.',
      });
    const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    const allowed = ALLOWED_TYPES.get(type);
    if (!allowed)
      throw new HttpProblem(415, 'unsupported-media-type', {
        fr: 'Type de document refusé : PDF, images (JPEG, PNG, GIF, WebP, HEIC, TIFF), e-mail (.eml), Word, Excel ou OpenDocument.',
        en: 'Document type refused: PDF, images (JPEG, PNG, GIF, WebP, HEIC, TIFF), e-mail (.eml), Word, Excel or OpenDocument.',
      });
    if (bytes.length === 0) throw problem('', 'Le fichier est vide.', 'The file is empty.');
    if (!allowed.sniff(bytes))
      throw problem(
        '',
        `Le contenu du fichier n'est pas un ${allowed.label} comme annoncé.`,
        `The file's content is not a ${allowed.label} as declared.`,
      );
    if (!query.idempotencyKey) return this.store(repo, principal, workspace, query, type, bytes);
    return this.once(repo, query.idempotencyKey, `${workspaceId}|${query.filename}|${sha256(bytes)}`, () =>
      this.store(repo, principal, workspace, query, type, bytes),
    );
  }

  /**
   * Runs an upload once per idempotency key: the key is claimed by a unique insert with the request's
   * fingerprint (case, file name, SHA-256 of the bytes); the answer is kept with the claim. A repeat gets the
   * first answer; the same key for another file or case is refused (409); a repeat while the first is still
   * running is told to try again shortly (409 with Retry-After). A failed upload gives its key up, and a key
   * left by an upload that never finished (its server died) is taken over after `STALE_CLAIM_MS`.
   */
  private async once(
    repo: TenantRepository,
    idempotencyKey: string,
    fingerprint: string,
    run: () => Promise<UploadAnswer>,
  ): Promise<UploadAnswer> {
    const key = `upload:${repo.tenantId}:${sha256(idempotencyKey)}`;
    const owner = randomUUID();
    for (let attempt = 0; attempt < 2; attempt++) {
      const claim = await claimOnce(repo.connection, key, owner, { fingerprint });
      if (claim.claimed) {
        try {
          const answer = await run();
          await completeClaim(repo.connection, key, owner, { fingerprint, answer });
          return answer;
        } catch (error) {
          await releaseClaim(repo.connection, key, owner);
          throw error;
        }
      }
      const first = claim.existing;
      if (!first) continue; // given up between our insert and our read: claim it again
      const result = first.result as { fingerprint?: string; answer?: UploadAnswer } | undefined;
      if (result?.fingerprint !== fingerprint)
        throw conflict('idempotency-key-reused', {
          fr: "Cette clé d'idempotence a déjà servi pour un autre fichier ou un autre dossier.",
          en: 'This idempotency key was already used for another file or case.',
        });
      if (result.answer) return result.answer;
      if (Date.now() - new Date(first.claimedAt).getTime() <= STALE_CLAIM_MS) break;
      await releaseClaim(repo.connection, key, first.owner);
    }
    throw conflict(
      'upload-in-progress',
      {
        fr: 'Le même envoi est en cours ; réessayez dans un instant.',
        en: 'The same upload is in progress; try again in a moment.',
      },
      { retryAfterSeconds: 2 },
    );
  }

  /** Stores the bytes, accepts `document:uploaded` and writes the timeline line (the upload itself). */
  private async store(
    repo: TenantRepository,
    principal: Principal,
    workspace: { _id: unknown; clientId?: unknown },
    query: ApiTypes['DocumentUploadQuery'],
    type: string,
    bytes: Buffer,
  ): Promise<UploadAnswer> {
    const events = this.events as EventService;
    const workspaceId = String(workspace._id);
    const uploadedBy = principal.role === 'CLIENT' ? 'client' : 'lawyer';
    const stored = await putDocument(repo.connection, repo.tenantId, {
      filename: query.filename,
      contentType: type,
      bytes,
      workspaceId,
      ...(query.documentType ? { documentType: query.documentType } : {}),
      source: 'upload',
      uploadedBy,
    });
    const uploadedAt = stored.createdAt ?? new Date();
    let accepted: Awaited<ReturnType<EventService['accept']>>;
    try {
      accepted = await events.accept(repo.tenantId, {
        type: 'document:uploaded',
        source: 'api',
        idempotencyKey: `upload:${stored.id}`,
        payload: {
          documentId: stored.id,
          workspaceId,
          ...(workspace.clientId ? { clientId: String(workspace.clientId) } : {}),
          filename: stored.filename,
          contentType: stored.contentType,
          size: stored.size,
          sha256: stored.sha256,
          version: stored.version,
          uploadedBy,
          ...(principal.kind === 'user' ? { uploaderId: principal.id } : {}),
          ...(query.documentType ? { documentType: query.documentType } : {}),
          uploadedAt: uploadedAt.toISOString(),
        },
      });
    } catch (error) {
      await deleteDocumentVersion(repo.connection, repo.tenantId, stored.id);
      if (error instanceof EventRejected) throw invalid(error.issues);
      throw error;
    }
    await addTimeline(repo, workspace._id, {
      kind: 'document',
      at: uploadedAt,
      title: `Document ajouté : ${stored.filename} (par ${actorName(principal)})`,
      details: { documentId: stored.id, by: principal.id },
    });
    return {
      document: {
        id: stored.id,
        documentKey: stored.documentKey,
        version: stored.version,
        filename: stored.filename,
        contentType: stored.contentType,
        size: stored.size,
        sha256: stored.sha256,
        documentType: stored.documentType ?? null,
        source: stored.source,
        uploadedBy,
        createdAt: uploadedAt,
      },
      eventId: accepted.eventId,
      runs: accepted.runs,
    };
  }
}
