import type { Issue } from '@iapm/schemas';

/** A problem answered by the server (application/problem+json). */
export interface Problem {
  status: number;
  code: string;
  message: { fr: string; en: string };
  issues?: Issue[];
  [extra: string]: unknown;
}

/** True when a thrown value is a problem answered by the server. */
export function isProblem(value: unknown): value is Problem {
  return !!value && typeof value === 'object' && typeof (value as Problem).code === 'string';
}

const NETWORK_PROBLEM = (detail: string): Problem => ({
  status: 0,
  code: 'network',
  message: { fr: `Serveur injoignable (${detail}).`, en: `Server unreachable (${detail}).` },
});

/**
 * Calls the server's JSON API with the session cookie. Resolves with the JSON body (undefined for 204);
 * rejects with the server's problem document, or a `network` problem when the server cannot be reached.
 */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      ...init,
      headers: {
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  } catch (error) {
    throw NETWORK_PROBLEM((error as Error).message);
  }
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw { status: response.status, code: 'http', message: { fr: '', en: '' }, ...body } as Problem;
  return body as T;
}

/** A JSON body for `api`. */
export const jsonBody = (value: unknown): RequestInit => ({ body: JSON.stringify(value) });
