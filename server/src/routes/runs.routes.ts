import type { Models } from '@iapm/runtime/db';
import { Router } from 'express';
import { allow, authenticate, principalOf, repoOf } from '../http/auth.ts';
import { objectId, parse } from '../http/validate.ts';
import { type EnginePort, RunService } from '../services/run.service.ts';
import { ValidationService } from '../services/validation.service.ts';

/**
 * Runs (list, detail, cancel, retry, stuck) for a firm's ADMINs and systems, and the validation inbox; a
 * decision at a gate is a person's: only an ADMIN of the firm takes it.
 */
export function runRoutes(models: Models, engine?: EnginePort): Router {
  const router = Router();
  const member = [authenticate(models), allow('ADMIN', 'SYSTEM')];
  const lawyer = [authenticate(models), allow('ADMIN')];
  const runs = new RunService(engine);
  const validations = new ValidationService(engine);

  router.get('/api/runs', ...member, async (req, res) => {
    res.json(await runs.list(repoOf(req), parse('RunListQuery', req.query)));
  });
  router.get('/api/runs/stuck', ...member, async (req, res) => {
    res.json({ items: await runs.stuck(repoOf(req)) });
  });
  router.get('/api/runs/:id', ...member, async (req, res) => {
    res.json(await runs.get(repoOf(req), objectId(req.params.id)));
  });
  router.post('/api/runs/:id/cancel', ...member, async (req, res) => {
    res.status(202).json(await runs.cancel(repoOf(req), objectId(req.params.id)));
  });
  router.post('/api/runs/:id/retry', ...member, async (req, res) => {
    res.status(202).json(await runs.retry(repoOf(req), objectId(req.params.id)));
  });

  router.get('/api/validations', ...member, async (req, res) => {
    res.json(await validations.list(repoOf(req), parse('ValidationListQuery', req.query)));
  });
  router.get('/api/validations/:id', ...member, async (req, res) => {
    res.json(await validations.get(repoOf(req), objectId(req.params.id)));
  });
  router.post('/api/validations/:id/decision', ...lawyer, async (req, res) => {
    const id = objectId(req.params.id);
    const body = parse('DecisionBody', req.body);
    res.json(await validations.decide(repoOf(req), id, body, principalOf(req)));
  });
  return router;
}
