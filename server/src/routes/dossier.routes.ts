import type { EventService } from '@iapm/runtime';
import type { Models } from '@iapm/runtime/db';
import express, { Router } from 'express';
import { allow, authenticate, principalOf, repoOf } from '../http/auth.ts';
import { objectId, parse } from '../http/validate.ts';
import { DocumentUploadService, MAX_UPLOAD_BYTES } from '../services/document-upload.service.ts';
import { DossierService } from '../services/dossier.service.ts';

/**
 * What a lawyer does on a case (ADMIN of the firm): tick or untick a checklist item, acknowledge an alert,
 * close a deadline (appeal filed, or no longer relevant), and add a document — which a CLIENT may do too,
 * to their own workspace only. The body of an upload is the file itself, its `Content-Type` its type.
 */
export function dossierRoutes(models: Models, events: EventService | undefined): Router {
  const router = Router();
  const admin = [authenticate(models), allow('ADMIN')];
  const uploaders = [authenticate(models), allow('ADMIN', 'CLIENT')];
  const dossiers = new DossierService();
  const uploads = new DocumentUploadService(events);

  router.post('/api/checklist-items/:id/check', ...admin, async (req, res) => {
    const id = objectId(req.params.id);
    res.json(await dossiers.check(repoOf(req), principalOf(req), id, parse('ChecklistTickBody', req.body)));
  });
  router.post('/api/alerts/:id/acknowledge', ...admin, async (req, res) => {
    res.json(await dossiers.acknowledge(repoOf(req), principalOf(req), objectId(req.params.id)));
  });
  router.post('/api/deadlines/:id/close', ...admin, async (req, res) => {
    const id = objectId(req.params.id);
    res.json(await dossiers.closeDeadline(repoOf(req), principalOf(req), id, parse('DeadlineCloseBody', req.body)));
  });
  router.post(
    '/api/workspaces/:id/documents',
    ...uploaders,
    express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES }),
    async (req, res) => {
      const id = objectId(req.params.id);
      const query = parse('DocumentUploadQuery', req.query);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = await uploads.upload(
        repoOf(req),
        principalOf(req),
        id,
        query,
        req.get('content-type') ?? '',
        bytes,
      );
      res.status(201).json(result);
    },
  );
  return router;
}
