import type { Issue } from '@iapm/schemas';
import type { ErrorRequestHandler, Response } from 'express';

/** An error the API answers with `application/problem+json` (RFC 9457). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: { fr: string; en: string },
    readonly issues: Issue[] = [],
    /** Further members of the problem document (e.g. both versions of a conflicting draft). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(title.en);
  }
}

export const notFound = () => new HttpProblem(404, 'not-found', { fr: 'Introuvable.', en: 'Not found.' });
export const unauthorized = () =>
  new HttpProblem(401, 'unauthorized', { fr: 'Authentification requise.', en: 'Authentication required.' });
export const forbidden = () =>
  new HttpProblem(403, 'forbidden', {
    fr: "Vous n'avez pas le droit de faire cela.",
    en: 'You are not allowed to do this.',
  });
export const invalid = (issues: Issue[]) =>
  new HttpProblem(400, 'validation', { fr: 'Données non valides.', en: 'Invalid data.' }, issues);
/** 409: the resource is not in a state that allows the request. */
export const conflict = (code: string, title: { fr: string; en: string }, extra: Record<string, unknown> = {}) =>
  new HttpProblem(409, code, title, [], extra);

/**
 * Writes a problem document. Never includes a stack trace. Its `title` is in the caller's language
 * (`Accept-Language`: French unless English is preferred); `message` always carries both.
 */
export function sendProblem(res: Response, problem: HttpProblem, requestId?: string): void {
  const retryAfter = problem.extra.retryAfterSeconds;
  if (typeof retryAfter === 'number') res.set('retry-after', String(retryAfter));
  const lang = res.req?.acceptsLanguages?.('fr', 'en') === 'en' ? 'en' : 'fr';
  res
    .status(problem.status)
    .type('application/problem+json')
    .set('content-language', lang)
    .json({
      ...problem.extra,
      type: `https://iapm.fr/problems/${problem.code}`,
      title: problem.title[lang],
      status: problem.status,
      code: problem.code,
      message: problem.title,
      ...(problem.issues.length ? { issues: problem.issues } : {}),
      ...(requestId ? { requestId } : {}),
    });
}

/** Maps every error to problem+json; unexpected ones become a 500 without details. */
export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const requestId = res.getHeader('x-request-id') as string | undefined;
  if (error instanceof HttpProblem) return sendProblem(res, error, requestId);
  const status =
    (error as { status?: number; statusCode?: number }).status ?? (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    const type = (error as { type?: string }).type;
    const code =
      type === 'entity.too.large' ? 'too-large' : type === 'entity.parse.failed' ? 'bad-json' : 'bad-request';
    const title =
      code === 'too-large'
        ? { fr: 'Corps de requête trop volumineux.', en: 'Request body too large.' }
        : code === 'bad-json'
          ? { fr: 'JSON illisible.', en: 'Unreadable JSON.' }
          : { fr: 'Requête incorrecte.', en: 'Bad request.' };
    return sendProblem(res, new HttpProblem(status, code, title), requestId);
  }
  req.log?.error?.({ err: error }, 'unexpected error');
  if (!req.log) process.stderr.write(`unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  sendProblem(res, new HttpProblem(500, 'internal', { fr: 'Erreur interne.', en: 'Internal error.' }), requestId);
};

declare global {
  namespace Express {
    interface Request {
      log?: { error?: (obj: unknown, msg: string) => void };
    }
  }
}
