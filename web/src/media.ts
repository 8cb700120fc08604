// Uploading photos and videos: POST /api/v1/media with the file as the raw body. XMLHttpRequest,
// not fetch, because only XHR reports upload progress. Errors become ApiError with the server's
// stable code (unsupported_media, media_too_large, media_corrupt, quota_exceeded).
import { api, ApiError } from './api';
import type { Media } from './types';

export const MAX_MEDIA_PER_POST = 10;

/**
 * Sends `file` (to /api/v1/media, or `path`: the avatar and banner routes) and calls `onProgress` with 0…1 as the bytes go out. Resolves with the server's
 * Media; rejects with ApiError (status 0 / code "network" when the connection failed, "aborted"
 * when `signal` aborted it).
 */
export function uploadMedia<T = Media>(file: Blob, onProgress: (fraction: number) => void, signal?: AbortSignal, path = '/api/v1/media'): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (file.type) xhr.setRequestHeader('content-type', file.type);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown> | null = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        onProgress(1);
        resolve(body as unknown as T);
        return;
      }
      const code = (body?.error as string) || 'http_' + xhr.status;
      const wait = Number(xhr.getResponseHeader('retry-after'));
      reject(new ApiError(xhr.status, code, (body?.message as string) || xhr.statusText, body?.field as string | undefined, wait > 0 ? Math.ceil(wait) : undefined));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'aborted'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** Sets a media item's alt text. The server answers PATCH; the shared contract says PUT. */
export async function setAlt(id: string, alt: string): Promise<Media> {
  try {
    return await api.patch<Media>(`/media/${id}`, { alt });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 405 || e.status === 404)) return api.put<Media>(`/media/${id}`, { alt });
    throw e;
  }
}

/** Kinds the browser may pick; the server decides by content and answers unsupported_media otherwise. */
export const ACCEPT = 'image/*,video/*';

export function isVideo(m: Pick<Media, 'type'>): boolean {
  return m.type === 'video';
}

/** Status defaults to ready: servers from before video support do not send it. */
export function statusOf(m: Media): 'processing' | 'ready' | 'failed' {
  return m.status || 'ready';
}
