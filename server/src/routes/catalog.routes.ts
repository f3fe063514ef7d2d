import { getCatalog } from '@iapm/schemas';
import { Router } from 'express';

/** `GET /api/catalog`: events, actions, operators and node kinds with their schemas and labels. */
export function catalogRoutes(): Router {
  const router = Router();
  router.get('/api/catalog', (_req, res) => {
    res.set('cache-control', 'private, max-age=300').json(getCatalog());
  });
  return router;
}
