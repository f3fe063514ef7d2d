import { Router } from 'express';
import { buildOpenApi } from '../openapi/build.ts';
import { renderReference } from '../openapi/reference-page.ts';

/** `GET /api/openapi.json` (OpenAPI 3.1, built once from the schemas) and `GET /api/docs` (its HTML rendering). */
export function docsRoutes(): Router {
  const router = Router();
  let document: Record<string, unknown> | undefined;
  let page: string | undefined;
  const openApi = () => {
    document ??= buildOpenApi();
    return document;
  };
  router.get('/api/openapi.json', (_req, res) => {
    res.set('cache-control', 'no-cache').json(openApi());
  });
  router.get('/api/docs', (_req, res) => {
    page ??= renderReference(openApi());
    res.type('html').set('cache-control', 'no-cache').send(page);
  });
  return router;
}
