import type { Models } from '@iapm/runtime/db';
import { Router } from 'express';
import { allow, authenticate, principalOf, repoOf } from '../http/auth.ts';
import { notFound } from '../http/problem.ts';
import { objectId, parse } from '../http/validate.ts';
import { TestRunService } from '../services/test-run.service.ts';
import { type CronPort, WorkflowService } from '../services/workflow.service.ts';
import { WorkflowVersionService } from '../services/workflow-version.service.ts';

/** `:version` of a route: a positive integer, or 404. */
function versionNumber(value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,8}$/.test(value)) throw notFound();
  return Number(value);
}

/**
 * A firm's workflows, for its ADMINs and its systems (API keys): drafts, publication, versions, diff,
 * rollback, duplicate, archive, enable, export/import and sandbox test runs.
 */
export function workflowRoutes(models: Models, cron?: CronPort): Router {
  const router = Router();
  const member = [authenticate(models), allow('ADMIN', 'SYSTEM')];
  const workflows = new WorkflowService(cron);
  const versions = new WorkflowVersionService(workflows);
  const testRuns = new TestRunService();
  const id = (req: { params: Record<string, string | string[] | undefined> }) => objectId(req.params.id);

  router.get('/api/workflows', ...member, async (req, res) => {
    res.json({ items: await workflows.list(repoOf(req), parse('WorkflowListQuery', req.query)) });
  });
  router.post('/api/workflows', ...member, async (req, res) => {
    res.status(201).json(await workflows.create(repoOf(req), parse('WorkflowCreateBody', req.body), principalOf(req)));
  });
  router.post('/api/workflows/import', ...member, async (req, res) => {
    const document = parse('WorkflowImportBody', req.body);
    res.status(201).json(await workflows.import(repoOf(req), document, principalOf(req)));
  });
  router.get('/api/workflows/:id', ...member, async (req, res) => {
    res.json(await workflows.get(repoOf(req), id(req)));
  });
  router.put('/api/workflows/:id/draft', ...member, async (req, res) => {
    const body = parse('DraftSaveBody', req.body);
    res.json(await workflows.saveDraft(repoOf(req), id(req), body.revision, body.document, principalOf(req)));
  });
  router.post('/api/workflows/:id/publish', ...member, async (req, res) => {
    const body = parse('PublishBody', req.body);
    res.status(201).json(await versions.publish(repoOf(req), id(req), body, principalOf(req)));
  });
  router.get('/api/workflows/:id/versions', ...member, async (req, res) => {
    res.json({ items: await versions.versions(repoOf(req), id(req)) });
  });
  router.get('/api/workflows/:id/versions/:version', ...member, async (req, res) => {
    res.json(await versions.version(repoOf(req), id(req), versionNumber(req.params.version)));
  });
  router.get('/api/workflows/:id/diff', ...member, async (req, res) => {
    const query = parse('DiffQuery', req.query);
    res.json(await versions.diff(repoOf(req), id(req), query.from, query.to));
  });
  router.post('/api/workflows/:id/rollback', ...member, async (req, res) => {
    const body = parse('RollbackBody', req.body);
    res.status(201).json(await versions.rollback(repoOf(req), id(req), body.version, body.note, principalOf(req)));
  });
  router.post('/api/workflows/:id/duplicate', ...member, async (req, res) => {
    const body = parse('DuplicateBody', req.body);
    res.status(201).json(await workflows.duplicate(repoOf(req), id(req), body, principalOf(req)));
  });
  router.post('/api/workflows/:id/archive', ...member, async (req, res) => {
    res.json(await workflows.archive(repoOf(req), id(req)));
  });
  router.post('/api/workflows/:id/restore', ...member, async (req, res) => {
    res.json(await workflows.restore(repoOf(req), id(req)));
  });
  router.post('/api/workflows/:id/enable', ...member, async (req, res) => {
    res.json(await workflows.setEnabled(repoOf(req), id(req), true));
  });
  router.post('/api/workflows/:id/disable', ...member, async (req, res) => {
    res.json(await workflows.setEnabled(repoOf(req), id(req), false));
  });
  router.get('/api/workflows/:id/export', ...member, async (req, res) => {
    const query = parse('ExportQuery', req.query);
    const exported = await workflows.export(repoOf(req), id(req), query.version);
    const file = `${
      exported.name
        .normalize('NFD')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase() || 'workflow'
    }.workflow.json`;
    res
      .set('content-disposition', `attachment; filename="${file}"`)
      .set('x-workflow-version', exported.version)
      .json(exported.document);
  });
  router.post('/api/workflows/:id/test-runs', ...member, async (req, res) => {
    const body = parse('TestRunBody', req.body);
    res.json(await testRuns.run(repoOf(req), id(req), body));
  });
  return router;
}
