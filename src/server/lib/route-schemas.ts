import type { FastifySchema, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '../../shared/errors.js';
import { authorize, type Permission } from '../../shared/permissions.js';
import { ROLES } from '../../shared/roles.js';

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details with a stable `code`.' });

/**
 * An answer in one media type, as the OpenAPI document shows it: Fastify picks the serializer by
 * the reply's media type, and the zod transform documents each media type of the `content` map.
 */
export function answerAs<T extends z.ZodType>(mediaType: string, schema: T, description: string) {
  return { description, content: { [mediaType]: { schema } } };
}

type ProblemAnswer = ReturnType<typeof answerAs<typeof problemSchema>>;

/** The problem+json responses a route can give, keyed by status, from the codes it may throw. */
export function problems(...codes: ErrorCode[]): Record<number, ProblemAnswer> {
  const out: Record<number, ProblemAnswer> = {};
  for (const code of codes) {
    const status = ERROR_CATALOGUE[code].status;
    const same = codes.filter((c) => ERROR_CATALOGUE[c].status === status).join(', ');
    out[status] = answerAs('application/problem+json', problemSchema, same);
  }
  return out;
}

/** A CSV download (`text/csv`, sent as an attachment; cells safe to open in a spreadsheet). */
export function csvDownload(description: string) {
  return answerAs('text/csv', z.string(), description);
}

/** An HTML page, for answers to browser navigations (never problem+json). */
export function htmlPage(description: string) {
  return answerAs('text/html', z.string(), description);
}

/** Server-sent events: the route writes the stream itself, so this only documents it. */
export function eventStream(description: string) {
  return answerAs('text/event-stream', z.string(), description);
}

/** Image bytes in `mediaType`, sent as they are stored. */
export function imageAnswer(mediaType: `image/${string}`, description: string) {
  return answerAs(mediaType, z.instanceof(Buffer).meta({ type: 'string', contentMediaType: mediaType }), description);
}

export const noContent = z.null().describe('No content');

/** A redirect: no body, the target in the `Location` header. */
export const redirect = z.null().describe('Redirect (Location header)');

/** `/:id` of any resource: an opaque id, not found unless it is in the caller's workspace. */
export const idParams = z.object({ id: z.string().min(1).max(100) });

/** A `multipart/form-data` upload: the file in field `file`. */
const multipartFile = {
  type: 'object',
  properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
  required: ['file'],
};

/**
 * Request bodies a route reads itself as a stream (uploads) carry no `body` schema, which would
 * have Fastify validate them: the route lists their media types in `consumes`, and this documents
 * them, a file in field `file` for multipart and the raw bytes or text for the rest.
 */
function uploadBody(consumes: readonly string[]) {
  const content: Record<string, { schema: Record<string, unknown> }> = {};
  for (const mediaType of consumes) {
    if (mediaType === 'multipart/form-data') content[mediaType] = { schema: multipartFile };
    else if (mediaType.startsWith('image/'))
      content[mediaType] = { schema: { type: 'string', contentMediaType: mediaType } };
    else content[mediaType] = { schema: { type: 'string' } };
  }
  return { content };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The refusals a route gives without declaring them, because they come from the server around it:
 * the errors plugin (any route), the auth hook (a session route: no session; a role without the
 * permission; an unsafe method without the CSRF token) and Fastify's body parsing and validation.
 */
function refusalsAround(route: RouteOptions, schema: FastifySchema): ErrorCode[] {
  const codes: ErrorCode[] = ['internal_error', 'service_unavailable'];
  const permission = (route.config as { permission?: Permission } | undefined)?.permission;
  if (permission) codes.push('unauthenticated');
  if (permission && !ROLES.every((role) => authorize(role, permission))) codes.push('forbidden');
  if (schema.params || schema.querystring || schema.headers || schema.body) codes.push('validation_failed');
  if ([route.method].flat().some((method) => UNSAFE.has(method))) {
    codes.push('validation_failed', 'csrf_failed', 'payload_too_large', 'unsupported_media_type');
  }
  return codes;
}

type ResponseSchemas = Record<string, unknown>;

/** Adds each code to the problem+json answer of its status; a status answered otherwise is left as it is. */
function withProblems(response: ResponseSchemas, codes: ErrorCode[]): ResponseSchemas {
  const out: ResponseSchemas = { ...response };
  for (const [status, added] of Object.entries(problems(...codes))) {
    const declared = out[status] as { description?: string; content?: Record<string, unknown> } | undefined;
    if (declared && !declared.content?.['application/problem+json']) continue;
    const listed = declared?.description ? declared.description.split(', ') : [];
    const description = [...new Set([...listed, ...added.description.split(', ')])].join(', ');
    out[status] = answerAs('application/problem+json', problemSchema, description);
  }
  return out;
}

/**
 * The zod transform of every route for @fastify/swagger, documenting also the refusals around the
 * route and the upload bodies of `consumes`. Only the document changes: Fastify compiled its
 * validators and serializers from the route's own schema.
 */
export const openApiTransform: typeof jsonSchemaTransform = (document) => {
  const source: FastifySchema | undefined = document.schema;
  // A route with its own error handler answers every refusal its own way (the SSO pages).
  if (!source || source.hide || document.route.errorHandler) return jsonSchemaTransform(document);
  const response = withProblems((source.response ?? {}) as ResponseSchemas, refusalsAround(document.route, source));
  const transformed = jsonSchemaTransform({ ...document, schema: { ...source, response } });
  if (!source.consumes || source.body) return transformed;
  return { ...transformed, schema: { ...transformed.schema, body: uploadBody(source.consumes) } };
};
