import type { Models } from '@iapm/runtime/db';
import { Router } from 'express';
import { allow, authenticate, principalOf } from '../http/auth.ts';
import { HttpProblem } from '../http/problem.ts';
import { objectId, parse } from '../http/validate.ts';
import { PLAN_NAMES, type PlanName } from '../services/plan.service.ts';
import { PlatformService } from '../services/platform.service.ts';

/** The platform operator's routes (SUPER_ADMIN): firms, plans and platform figures. */
export function platformRoutes(models: Models): Router {
  const router = Router();
  const operator = [authenticate(models), allow('SUPER_ADMIN')];
  const platform = new PlatformService(models);

  router.get('/api/platform/tenants', ...operator, async (_req, res) => {
    res.json({ items: await platform.listTenants() });
  });
  router.post('/api/platform/tenants', ...operator, async (req, res) => {
    res.status(201).json(await platform.createTenant(parse('TenantCreateBody', req.body)));
  });
  router.patch('/api/platform/tenants/:id', ...operator, async (req, res) => {
    res.json(await platform.updateTenant(objectId(req.params.id), parse('TenantUpdateBody', req.body)));
  });
  router.get('/api/platform/plans', ...operator, async (_req, res) => {
    res.json({ items: await platform.plans() });
  });
  router.put('/api/platform/plans/:name', ...operator, async (req, res) => {
    const name = req.params.name as PlanName;
    if (!PLAN_NAMES.includes(name))
      throw new HttpProblem(404, 'not-found', { fr: 'Offre inconnue.', en: 'Unknown plan.' });
    const { limits } = parse('PlanLimitsBody', req.body);
    res.json(await platform.setPlanLimits(name, limits, principalOf(req).id));
  });
  router.get('/api/platform/stats', ...operator, async (_req, res) => {
    res.json(await platform.stats());
  });
  return router;
}
