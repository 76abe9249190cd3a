import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { BULK_TOO_LARGE_MESSAGE } from '../../shared/bulk-csv.js';
import { ERROR_CATALOGUE, type ErrorCode, type Problem, type ProblemField } from '../../shared/errors.js';
import { AppError } from '../lib/app-error.js';
import { databaseUnavailable } from '../lib/db-errors.js';
import { newId } from '../lib/secrets.js';
import type { SecurityHeaders } from '../lib/security-headers.js';

export function problemBody(
  code: ErrorCode,
  detail?: string,
  errors?: ProblemField[],
  extra: Record<string, unknown> = {},
): Problem {
  const { status, title } = ERROR_CATALOGUE[code];
  return {
    type: `https://salesos.dev/problems/${code.replaceAll('_', '-')}`,
    title,
    status,
    detail: detail ?? title,
    code,
    ...(errors ? { errors } : {}),
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(error.status)
    .type('application/problem+json')
    .send(problemBody(error.code, error.detail, error.errors, error.extra));
}

/** `/email` in the body is `email`; `/limit` in the query string is `querystring.limit`. */
function fieldPath(instancePath: string, where: string): string {
  const inner = instancePath.split('/').filter(Boolean).join('.');
  if (where === 'body') return inner || 'body';
  return inner ? `${where}.${inner}` : where;
}

/** Other framework refusals whose status has a code of its own (the rest are 400 validation_failed). */
const CLIENT_ERROR_CODES: Partial<Record<number, ErrorCode>> = {
  404: 'not_found',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
};

/** Maps every error that can escape a route to RFC 9457 problem+json with a stable code. */
function toAppError(error: FastifyError, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const errors = error.validation.map((issue) => ({
      path: fieldPath(issue.instancePath, where),
      message: issue.message ?? 'Invalid value.',
    }));
    return new AppError('validation_failed', {
      errors,
      detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    });
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
    return new AppError('internal_error');
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('validation_failed', {
        detail: 'The request body is not valid JSON.',
        errors: [{ path: 'body', message: 'The request body is not valid JSON.' }],
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large');
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new AppError('file_too_large', { detail: BULK_TOO_LARGE_MESSAGE });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('not_csv', {
        detail: 'Send the CSV file as the request body or as the multipart field `file`.',
      });
    // Raised by the router before any hook runs (the `frameworkErrors` option below).
    case 'FST_ERR_BAD_URL':
      request.log.info({ code: error.code }, 'request refused');
      return new AppError('bad_request', { detail: 'The URL is not valid: it has a malformed percent-encoding.' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      request.log.info({ code: error.code }, 'request refused');
      return new AppError('uri_too_long', { detail: 'A part of the URL is too long.' });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', { detail: 'The Content-Length does not match the request body.' });
  }
  if (error.statusCode === 400 && error.code === 'FST_ERR_VALIDATION') {
    return new AppError('validation_failed', { errors: [{ path: 'request', message: error.message }] });
  }
  if (error.statusCode === 503) return new AppError('service_unavailable');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    request.log.info({ code: error.code, statusCode: error.statusCode }, 'request refused');
    const byStatus = CLIENT_ERROR_CODES[error.statusCode];
    if (byStatus) return new AppError(byStatus);
    return new AppError('validation_failed', {
      detail: error.message,
      errors: [{ path: 'request', message: error.message }],
    });
  }
  const unavailable = databaseUnavailable(error);
  if (unavailable === 'storage') {
    // The operator must act (free disk space, make the file writable): logged as an error.
    request.log.error({ err: error }, 'database cannot store changes');
    return new AppError('service_unavailable', {
      detail: 'The database cannot save changes right now: its disk is full or read-only. Nothing was changed.',
      headers: { 'retry-after': '30' },
    });
  }
  if (unavailable === 'unreachable') {
    request.log.warn({ err: error }, 'database unavailable');
    return new AppError('service_unavailable', {
      detail: 'The database does not answer. Try again in a moment.',
      headers: { 'retry-after': '5' },
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  return new AppError('internal_error');
}

export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => sendProblem(reply, toAppError(error, request)));
  },
  { name: 'errors' },
);

/**
 * Fastify's `frameworkErrors`: the router's own refusals (a malformed percent-encoding, a path
 * parameter over `maxParamLength`) happen before any hook, so they would otherwise get
 * Fastify's bare JSON. The security headers are already on the response (app.ts).
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  sendProblem(reply, toAppError(error, request));
}

/** Node's parser errors (`clientError`) and the problem each gets; anything else is 400 bad_request. */
const PARSER_ERROR_CODES: Partial<Record<string, ErrorCode>> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'payload_too_large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request_timeout',
};

/** A whole HTTP/1.1 answer for the bare socket: problem+json, the security headers, then close. */
export function rawProblemResponse(code: ErrorCode, headers: SecurityHeaders): string {
  const body = JSON.stringify(problemBody(code));
  const { status } = ERROR_CATALOGUE[code];
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'content-type: application/problem+json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    `x-request-id: ${newId()}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * The `clientError` listener of the HTTP server: a request Node cannot parse (a header or URL over
 * `maxHeaderSize`, a malformed request line or header, a timeout) never becomes a request, so
 * the answer is written on the socket by hand, with the same security headers as every other.
 */
export function clientErrorHandler(headers: SecurityHeaders, log: () => FastifyBaseLogger | undefined) {
  const answered = new WeakSet<Duplex>();
  return (error: NodeJS.ErrnoException, socket: Duplex): void => {
    // A reset connection has no one left to answer; an answered one is already closing.
    if (error.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return;
    answered.add(socket);
    const code = PARSER_ERROR_CODES[error.code ?? ''] ?? 'bad_request';
    log()?.info({ code: error.code, problem: code }, 'unreadable request refused');
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    // What is left of the request is never read: close once the answer is out.
    socket.end(rawProblemResponse(code, headers), () => socket.destroy());
  };
}
