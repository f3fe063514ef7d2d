/** A problem answered by the server (application/problem+json). */
export interface Problem {
  status: number;
  code: string;
  message: { fr: string; en: string };
}

/** Calls the server's JSON API with the session cookie; throws the problem document on failure. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    credentials: 'same-origin',
    ...init,
    headers: {
      accept: 'application/json',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
  });
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw body as Problem;
  return body as T;
}
