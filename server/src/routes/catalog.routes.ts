import { Router } from 'express';
import { buildCatalog } from '../services/catalog.service.ts';

/**
 * `GET /api/catalog`: the studio's palette and forms (events, actions, operators, node kinds, labelled
 * value lists). Public — it holds no firm data; answered with an ETag so that the studio revalidates cheaply.
 */
export function catalogRoutes(options: { handlers?: readonly string[] } = {}): Router {
  const router = Router();
  const catalog = buildCatalog(options);
  const etag = `"${catalog.version}"`;
  router.get('/api/catalog', (req, res) => {
    res.set('cache-control', 'private, max-age=300').set('etag', etag);
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.json(catalog);
  });
  return router;
}
