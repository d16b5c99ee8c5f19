/// <reference lib="dom" />

const KEY_STORAGE = 'eaawas.apiKey';

/** Raised when the API responds with 401, so the page can ask for a key. */
export class UnauthorizedError extends Error {}

/** Reads the API key the user entered in this tab; null when none was entered. */
export function storedApiKey(): string | null {
  return window.sessionStorage.getItem(KEY_STORAGE);
}

export function storeApiKey(key: string): void {
  window.sessionStorage.setItem(KEY_STORAGE, key);
}

/**
 * GETs a path of this API (same origin) and parses its JSON body.
 * @returns undefined for a 404, so a missing resource is not an error on the page.
 * @throws UnauthorizedError for a 401, Error with the API's message for any other failure.
 */
export async function getJson<T>(path: string): Promise<T | undefined> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const key = storedApiKey();
  if (key !== null) {
    headers.Authorization = `Bearer ${key}`;
  }
  const response = await fetch(path, { headers, cache: 'no-store' });
  if (response.status === 401) {
    throw new UnauthorizedError('The API requires a valid key.');
  }
  if (response.status === 404) {
    return undefined;
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      message = body.error?.message ?? message;
    } catch {
      // The body was not JSON; the status line is the message.
    }
    throw new Error(`GET ${path} failed: ${message}`);
  }
  return (await response.json()) as T;
}
