// The only way the app talks to the server: same-origin fetches to /api/v1 with the session
// cookie. Errors become ApiError with the server's stable code, message and field.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds to wait, from a 429's Retry-After header. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T;
  next: string | null;
}

const BASE = '/api/v1';

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path.startsWith('/api/') ? path : BASE + path, init);
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  if (!res.ok) {
    let code = 'http_' + res.status;
    let message = res.statusText;
    let field: string | undefined;
    try {
      const j = await res.json();
      code = j.error || code;
      message = j.message || message;
      field = j.field;
    } catch {
      /* not JSON */
    }
    const wait = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, code, message, field, Number.isFinite(wait) && wait > 0 ? Math.ceil(wait) : undefined);
  }
  return res;
}

async function json<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The URL in a `Link: <…>; rel="next"` header, if any. */
export function nextLink(res: Response): string | null {
  const link = res.headers.get('link');
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = part.match(/<([^>]+)>\s*;\s*rel="?next"?/);
    if (m) {
      // Keep it on this origin whatever the server wrote.
      const u = new URL(m[1], location.origin);
      return u.pathname + u.search;
    }
  }
  return null;
}

export const api = {
  get: <T>(path: string) => send('GET', path).then((r) => json<T>(r)),
  page: async <T>(path: string): Promise<Page<T>> => {
    const r = await send('GET', path);
    return { items: await json<T>(r), next: nextLink(r) };
  },
  post: <T>(path: string, body: unknown = {}) => send('POST', path, body).then((r) => json<T>(r)),
  /** POST that also gives the status (201 published vs 202 scheduled/requested). */
  postWithStatus: async <T>(path: string, body: unknown = {}) => {
    const r = await send('POST', path, body);
    return { status: r.status, body: await json<T>(r) };
  },
  patch: <T>(path: string, body: unknown) => send('PATCH', path, body).then((r) => json<T>(r)),
  put: <T>(path: string, body?: unknown) => send('PUT', path, body).then((r) => json<T>(r)),
  del: <T>(path: string, body?: unknown) => send('DELETE', path, body).then((r) => json<T>(r)),
};

export const enc = encodeURIComponent;
