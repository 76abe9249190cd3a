import type { FastifyRequest } from 'fastify';

// Paths and query strings that carry a secret: the token never reaches a log line.
const SECRET_PATH = /\/(invite|reset-password|verify-email)\/[^/?#]+/g;
const SECRET_QUERY = /([?&](?:token|code|state|invitation)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, '/$1/[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

/** What a request contributes to a log line: never cookies, bodies or auth headers. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    remoteAddress: request.ip,
  };
}

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.sessionId',
  '*.smtpUrl',
];
