import type { Models } from '@iapm/runtime/db';
import { Router } from 'express';
import { allow, authenticate, principalOf, repoOf } from '../http/auth.ts';
import { objectId, parse } from '../http/validate.ts';
import { TestCaseService } from '../services/test-case.service.ts';
import { TestRunService } from '../services/test-run.service.ts';

/**
 * A workflow's saved test cases, for the firm's ADMINs and systems: list, save, replace, delete, and replay
 * them all (or some) in the sandbox against the draft or a published version.
 */
export function testCaseRoutes(models: Models): Router {
  const router = Router();
  const member = [authenticate(models), allow('ADMIN', 'SYSTEM')];
  const cases = new TestCaseService(new TestRunService());
  type Req = { params: Record<string, string | string[] | undefined> };
  const id = (req: Req) => objectId(req.params.id);
  const caseId = (req: Req) => objectId(req.params.caseId);

  router.get('/api/workflows/:id/test-cases', ...member, async (req, res) => {
    res.json({ items: await cases.list(repoOf(req), id(req)) });
  });
  router.post('/api/workflows/:id/test-cases', ...member, async (req, res) => {
    const body = parse('TestCaseBody', req.body);
    res.status(201).json(await cases.create(repoOf(req), id(req), body, principalOf(req)));
  });
  // Declared before `/:caseId` so that "run" is never read as a case id.
  router.post('/api/workflows/:id/test-cases/run', ...member, async (req, res) => {
    const body = parse('TestCaseRunBody', req.body);
    res.json(await cases.run(repoOf(req), id(req), body));
  });
  router.put('/api/workflows/:id/test-cases/:caseId', ...member, async (req, res) => {
    const body = parse('TestCaseBody', req.body);
    res.json(await cases.replace(repoOf(req), id(req), caseId(req), body, principalOf(req)));
  });
  router.delete('/api/workflows/:id/test-cases/:caseId', ...member, async (req, res) => {
    await cases.remove(repoOf(req), id(req), caseId(req));
    res.status(204).end();
  });
  return router;
}
