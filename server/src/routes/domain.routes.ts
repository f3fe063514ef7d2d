import type { Models } from '@iapm/runtime/db';
import { Router } from 'express';
import { allow, authenticate, principalOf, repoOf } from '../http/auth.ts';
import { objectId, parse } from '../http/validate.ts';
import { InboxService } from '../services/inbox.service.ts';
import { WorkspaceService } from '../services/workspace.service.ts';

/**
 * Case reads for the firm (ADMIN, and its systems with an API key) and for a CLIENT, whom the repository
 * limits to their own workspace: workspaces with their deadlines, checklist, documents, alerts and timeline;
 * deadlines due before a date; a person's notifications (mark read); the firm's outbox of mail and SMS.
 */
export function domainRoutes(models: Models): Router {
  const router = Router();
  const readers = [authenticate(models), allow('ADMIN', 'SYSTEM', 'CLIENT')];
  const people = [authenticate(models), allow('ADMIN', 'CLIENT')];
  const admin = [authenticate(models), allow('ADMIN')];
  const workspaces = new WorkspaceService();
  const inbox = new InboxService();

  router.get('/api/workspaces', ...readers, async (req, res) => {
    res.json(await workspaces.list(repoOf(req), parse('WorkspaceListQuery', req.query)));
  });
  router.get('/api/workspaces/:id', ...readers, async (req, res) => {
    res.json(await workspaces.get(repoOf(req), objectId(req.params.id)));
  });
  router.get('/api/documents/:id/content', ...readers, async (req, res) => {
    const { meta, bytes } = await workspaces.content(repoOf(req), objectId(req.params.id));
    const ascii =
      meta.filename
        .normalize('NFD')
        .replace(/[^\x20-\x7e]/g, '')
        .replace(/["\\]/g, '') || 'document';
    res
      .set('content-type', meta.contentType || 'application/octet-stream')
      // Always a download, never rendered in the studio's origin (a stored HTML file cannot run there).
      .set(
        'content-disposition',
        `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(meta.filename)}`,
      )
      .set('content-security-policy', "sandbox; default-src 'none'")
      .set('x-document-sha256', meta.sha256)
      .set('cache-control', 'private, no-store')
      .send(bytes);
  });
  router.get('/api/deadlines', ...readers, async (req, res) => {
    res.json(await workspaces.deadlines(repoOf(req), parse('DeadlineListQuery', req.query)));
  });
  router.get('/api/notifications', ...people, async (req, res) => {
    res.json(await inbox.notifications(repoOf(req), principalOf(req), parse('NotificationListQuery', req.query)));
  });
  router.post('/api/notifications/read-all', ...people, async (req, res) => {
    res.json(await inbox.markAllRead(repoOf(req), principalOf(req)));
  });
  router.post('/api/notifications/:id/read', ...people, async (req, res) => {
    res.json(await inbox.markRead(repoOf(req), principalOf(req), objectId(req.params.id)));
  });
  router.get('/api/outbox', ...admin, async (req, res) => {
    res.json(await inbox.outbox(repoOf(req), parse('OutboxListQuery', req.query)));
  });
  return router;
}
