import type { BulkImport, BulkRow, BulkRowsParams } from '../../shared/api/bulk-invites';
import type { Page } from '../../shared/api/pagination';
import { BULK_MAX_BYTES, BULK_MAX_ROWS } from '../../shared/bulk-csv';
import { ApiError, api, csrfToken, errorFromResponse, withQuery } from './client';

const BULK = '/api/v1/invitations/bulk';
const bulkPath = (id: string, action = '') => `${BULK}/${encodeURIComponent(id)}${action}`;

/** The CSV template (header and the help page's three example rows), for a download link. */
export const BULK_TEMPLATE_URL = `${BULK}/template`;

/** The rows with issues as CSV, with an `issues` column, for a download link. */
export function bulkInvalidCsvUrl(id: string): string {
  return bulkPath(id, '/invalid.csv');
}

/** The server's words for a file over the limits; the browser says the same before sending it. */
export const FILE_TOO_LARGE_MESSAGE = `The file is too large: at most ${BULK_MAX_ROWS.toLocaleString('en-US')} rows and ${Math.round(BULK_MAX_BYTES / 1024 / 1024)} MB.`;

/** Refuses a file the server would refuse for its size, without sending it; null when it may go. */
export function checkFileSize(file: { size: number }): ApiError | null {
  return file.size > BULK_MAX_BYTES
    ? new ApiError({ status: 413, code: 'file_too_large', detail: FILE_TOO_LARGE_MESSAGE })
    : null;
}

export type UploadOptions = {
  /** The share of the file sent so far, from 0 to 1; 1 while the server checks the rows. */
  onProgress?: (sent: number) => void;
  signal?: AbortSignal;
};

/**
 * Uploads the CSV as the raw request body, reporting progress as it goes (fetch cannot report
 * upload progress, XMLHttpRequest can). Nothing is sent yet: the answer is the preview.
 */
export function uploadBulkCsv(file: File, options: UploadOptions = {}): Promise<BulkImport> {
  const refused = checkFileSize(file);
  if (refused) return Promise.reject(refused);
  const { onProgress, signal } = options;

  return new Promise<BulkImport>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const settle = () => signal?.removeEventListener('abort', abort);

    xhr.open('POST', withQuery(BULK, { fileName: file.name.slice(0, 200) }));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'text/csv');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);

    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.upload.onload = () => onProgress?.(1);
    xhr.onerror = () => {
      settle();
      reject(new ApiError({ status: 0, code: 'network_error' }));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    };
    xhr.onload = () => {
      settle();
      const headers = new Headers();
      for (const name of ['content-type', 'retry-after']) {
        const value = xhr.getResponseHeader(name);
        if (value) headers.set(name, value);
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as BulkImport);
        } catch {
          reject(new ApiError({ status: xhr.status, code: 'internal_error' }));
        }
        return;
      }
      if (xhr.status < 200 || xhr.status > 599) {
        reject(new ApiError({ status: 0, code: 'network_error' }));
        return;
      }
      const response = new Response(xhr.responseText, { status: xhr.status, headers });
      void errorFromResponse(response).then(reject, reject);
    };
    xhr.send(file);
  });
}

export function fetchBulkImport(id: string, signal?: AbortSignal): Promise<BulkImport> {
  return api.get<BulkImport>(bulkPath(id), { signal });
}

export function listBulkRows(id: string, params: BulkRowsParams, signal?: AbortSignal): Promise<Page<BulkRow>> {
  return api.get<Page<BulkRow>>(bulkPath(id, '/rows'), { query: params, signal });
}

/**
 * Send All Invitations: the seats for every valid row are taken at once (or none are), then the
 * server writes the invitations in the background. The answer comes at once, `sending`: poll
 * `fetchBulkImport` for its progress.
 */
export function sendBulkImport(id: string): Promise<BulkImport> {
  return api.post<BulkImport>(bulkPath(id, '/send'), undefined, { headers: { prefer: 'respond-async' } });
}
