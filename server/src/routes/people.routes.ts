import type { Models } from '@iapm/runtime/db';
import { Router } from 'express';
import { allow, authenticate, principalOf, repoOf } from '../http/auth.ts';
import { objectId, parse } from '../http/validate.ts';
import { ApiKeyService } from '../services/api-key.service.ts';
import { FirmService } from '../services/firm.service.ts';
import { UserService } from '../services/user.service.ts';

/** A firm's people, API keys and settings, managed by its ADMINs. */
export function peopleRoutes(models: Models): Router {
  const router = Router();
  const admin = [authenticate(models), allow('ADMIN')];
  const users = new UserService();
  const keys = new ApiKeyService();
  const firm = new FirmService();

  router.get('/api/firm', ...admin, async (req, res) => {
    res.json(await firm.get(repoOf(req)));
  });
  router.get('/api/firm/config', ...admin, async (req, res) => {
    res.json(await firm.config(repoOf(req)));
  });
  router.put('/api/firm/config', ...admin, async (req, res) => {
    res.json(await firm.setConfig(repoOf(req), req.body));
  });

  router.get('/api/users', ...admin, async (req, res) => {
    res.json({ items: await users.list(repoOf(req)) });
  });
  router.post('/api/users', ...admin, async (req, res) => {
    res.status(201).json(await users.create(repoOf(req), parse('UserCreateBody', req.body)));
  });
  router.get('/api/users/:id', ...admin, async (req, res) => {
    res.json(await users.get(repoOf(req), objectId(req.params.id)));
  });
  router.patch('/api/users/:id', ...admin, async (req, res) => {
    res.json(await users.update(repoOf(req), objectId(req.params.id), parse('UserUpdateBody', req.body)));
  });
  router.post('/api/users/:id/reset-password', ...admin, async (req, res) => {
    res.json(await users.resetPassword(repoOf(req), objectId(req.params.id)));
  });
  router.post('/api/users/:id/reset-two-factor', ...admin, async (req, res) => {
    res.json(await users.resetTwoFactor(repoOf(req), objectId(req.params.id), principalOf(req)));
  });

  router.get('/api/api-keys', ...admin, async (req, res) => {
    res.json({ items: await keys.list(repoOf(req)) });
  });
  router.post('/api/api-keys', ...admin, async (req, res) => {
    const { name } = parse('ApiKeyCreateBody', req.body);
    res.status(201).json(await keys.create(repoOf(req), name, principalOf(req)));
  });
  router.post('/api/api-keys/:id/revoke', ...admin, async (req, res) => {
    res.json(await keys.revoke(repoOf(req), objectId(req.params.id)));
  });
  return router;
}
