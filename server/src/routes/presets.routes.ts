import type { Models } from '@iapm/runtime/db';
import { Router } from 'express';
import { allow, authenticate, principalOf, repoOf } from '../http/auth.ts';
import { parse } from '../http/validate.ts';
import { PresetService } from '../services/preset.service.ts';
import { WorkflowService } from '../services/workflow.service.ts';

/**
 * The preset gallery: list and read for a firm's ADMINs and systems; installing a preset as a draft workflow of the
 * caller's firm is for ADMINs only.
 */
export function presetRoutes(models: Models, presets = new PresetService(new WorkflowService())): Router {
  const router = Router();
  const member = [authenticate(models), allow('ADMIN', 'SYSTEM')];
  const admin = [authenticate(models), allow('ADMIN')];
  const id = (req: { params: Record<string, string | string[] | undefined> }) => String(req.params.id);

  router.get('/api/presets', ...member, (_req, res) => {
    res.json({ items: presets.list() });
  });
  router.get('/api/presets/:id', ...member, (req, res) => {
    res.json(presets.get(id(req)));
  });
  router.post('/api/presets/:id/install', ...admin, async (req, res) => {
    const body = parse('PresetInstallBody', req.body);
    res.status(201).json(await presets.install(repoOf(req), id(req), body, principalOf(req)));
  });
  return router;
}
