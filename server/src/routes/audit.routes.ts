import type { Models } from '@iapm/runtime/db';
import { Router } from 'express';
import { allow, authenticate, principalOf } from '../http/auth.ts';
import { parse } from '../http/validate.ts';
import { AuditService } from '../services/audit.service.ts';

/** The audit log of the caller's firm (the platform's for the operator), and its verification. */
export function auditRoutes(models: Models): Router {
  const router = Router();
  const readers = [authenticate(models), allow('ADMIN', 'SUPER_ADMIN')];
  const audit = new AuditService(models);
  router.get('/api/audit', ...readers, async (req, res) => {
    res.json(await audit.list(principalOf(req), parse('AuditListQuery', req.query)));
  });
  router.get('/api/audit/verify', ...readers, async (req, res) => {
    const result = await audit.verify(principalOf(req));
    res.json(result);
  });
  return router;
}
