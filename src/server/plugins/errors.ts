import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { BULK_TOO_LARGE_MESSAGE } from '../../shared/bulk-csv.js';
import { ERROR_CATALOGUE, type ErrorCode, type Problem, type ProblemField } from '../../shared/errors.js';
import { AppError } from '../lib/app-error.js';
import { databaseUnavailable } from '../lib/db-errors.js';

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
  }
  if (error.statusCode === 400 && error.code === 'FST_ERR_VALIDATION') {
    return new AppError('validation_failed', { errors: [{ path: 'request', message: error.message }] });
  }
  if (error.statusCode === 503) return new AppError('service_unavailable');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    request.log.info({ code: error.code, statusCode: error.statusCode }, 'request refused');
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
