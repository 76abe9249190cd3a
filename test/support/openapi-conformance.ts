import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { type Answer, Client, type RequestOptions } from './client.js';

type Media = { schema?: unknown };
type ResponseObject = { content?: Record<string, Media> };
type Operation = { responses?: Record<string, ResponseObject>; requestBody?: { content?: Record<string, Media> } };
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** One request and its answer, as the server sent it. */
export type Exchange = {
  method: string;
  /** The path as requested, query string included. */
  path: string;
  /** The media type of the request body, when there was one. */
  requestType?: string | undefined;
  /** The request body, when it was JSON. */
  requestJson?: unknown;
  status: number;
  contentType: string | null;
  /** The answer's body as text (binary bodies as Latin-1, one character a byte). */
  text: string;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const DOCUMENT_ID = 'openapi.json';

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
const mediaTypeOf = (contentType: string | null) => contentType?.split(';')[0]?.trim().toLowerCase() ?? null;
/** A JSON pointer into the document, each token escaped and URI-encoded (paths hold `/`, `{` and `}`). */
const pointer = (...tokens: string[]) =>
  tokens.map((t) => encodeURIComponent(t.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

/**
 * Checks real answers against the served OpenAPI document: the status must be documented for the
 * operation, the media type for that status (text and JSON with charset=utf-8), and the body must
 * match that media type's schema (JSON Schema 2020-12, OpenAPI 3.1's dialect). Records which
 * operations were exercised.
 */
export class OpenApiConformance {
  /** `METHOD /path/{template}` → the statuses seen. */
  readonly exercised = new Map<string, Set<number>>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; pattern: RegExp; literals: number }[];

  private constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    // The whole document as one schema resource: `#/components/schemas/…` resolve inside it.
    this.ajv.addSchema(document as object, DOCUMENT_ID);
    this.templates = Object.keys(document.paths).map((template) => {
      const source = template
        .split('/')
        .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      return { template, pattern: new RegExp(`^${source}$`), literals: template.split(/\{[^}]+\}/).join('').length };
    });
  }

  /** Fetches the served document and validates it as an OpenAPI document of its version. */
  static async load(baseUrl: string): Promise<OpenApiConformance> {
    const response = await fetch(new URL('/api/openapi.json', baseUrl));
    if (response.status !== 200) throw new Error(`GET /api/openapi.json answered ${response.status}`);
    const document = (await response.json()) as OpenApiDocument;
    const result = await new Validator().validate(document);
    if (!result.valid) {
      throw new Error(`the served OpenAPI document is not valid: ${JSON.stringify(result.errors, null, 2)}`);
    }
    return new OpenApiConformance(document);
  }

  /** Every documented operation, as `METHOD /path`. */
  operations(): string[] {
    return Object.entries(this.document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => METHODS.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
  }

  /** The documented path a request path falls under: the one with the most literal characters wins. */
  templateOf(path: string): string | null {
    const pathname = path.split('?')[0] ?? path;
    const matches = this.templates.filter((t) => t.pattern.test(pathname));
    matches.sort((a, b) => b.literals - a.literals);
    return matches[0]?.template ?? null;
  }

  /** Throws, saying what differs, unless the answer is one the document describes. */
  check(exchange: Exchange): void {
    const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    const template = this.templateOf(exchange.path);
    const method = exchange.method.toLowerCase();
    const operation = template ? this.document.paths[template]?.[method] : undefined;
    if (!template || !operation) throw new Error(`${where}: the operation is not documented`);
    const key = `${exchange.method.toUpperCase()} ${template}`;
    this.exercised.set(key, (this.exercised.get(key) ?? new Set<number>()).add(exchange.status));

    const responses = operation.responses ?? {};
    const statusKey = [String(exchange.status), `${String(exchange.status)[0]}XX`, 'default'].find(
      (k) => k in responses,
    );
    if (!statusKey) {
      throw new Error(`${where}: status ${exchange.status} is not documented (documented: ${Object.keys(responses)})`);
    }
    const content = responses[statusKey]?.content;
    const mediaType = mediaTypeOf(exchange.contentType);
    if (!content) {
      if (exchange.text !== '') throw new Error(`${where}: documented without a body, but a body came`);
    } else {
      const documented = mediaType ? this.mediaKey(content, mediaType) : null;
      if (!mediaType || !documented) {
        throw new Error(
          `${where}: media type ${mediaType ?? '(none)'} is not documented (documented: ${Object.keys(content)})`,
        );
      }
      // Text is read in the charset the answer names, never guessed (ASVS 5.0 V4.1.1).
      if (
        (isJson(mediaType) || mediaType.startsWith('text/')) &&
        !/;\s*charset=utf-8/i.test(exchange.contentType ?? '')
      ) {
        throw new Error(`${where}: ${exchange.contentType} does not name its charset (utf-8)`);
      }
      const body = isJson(mediaType) ? parseJson(exchange.text, where) : exchange.text;
      const path = ['paths', template, method, 'responses', statusKey, 'content', documented, 'schema'];
      this.validate(path, body, `${where} (${mediaType})`);
    }
    if (exchange.status < 300) this.checkRequest(exchange, operation, template, method, where);
  }

  /** A request the server took: its body's media type is documented, and a JSON body matches. */
  private checkRequest(exchange: Exchange, operation: Operation, template: string, method: string, where: string) {
    const requestType = mediaTypeOf(exchange.requestType ?? null);
    if (!requestType) return;
    const content = operation.requestBody?.content ?? {};
    const documented = this.mediaKey(content, requestType);
    if (!documented) {
      throw new Error(`${where}: the request's media type ${requestType} is not documented (${Object.keys(content)})`);
    }
    if (isJson(requestType) && exchange.requestJson !== undefined) {
      const path = ['paths', template, method, 'requestBody', 'content', documented, 'schema'];
      this.validate(path, exchange.requestJson, `${where}: the request body`);
    }
  }

  private mediaKey(content: Record<string, Media>, mediaType: string): string | null {
    if (mediaType in content) return mediaType;
    const range = `${mediaType.split('/')[0]}/*`;
    if (range in content) return range;
    return '*/*' in content ? '*/*' : null;
  }

  private validate(tokens: string[], value: unknown, where: string) {
    const ref = `${DOCUMENT_ID}#/${pointer(...tokens)}`;
    let validator = this.validators.get(ref);
    if (!validator) {
      validator = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validator);
    }
    if (!validator(value)) {
      throw new Error(`${where}: does not match its schema: ${describeErrors(validator.errors ?? [])}`);
    }
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${where}: a JSON media type, but the body is not JSON: ${text.slice(0, 200)}`);
  }
}

function describeErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('; ');
}

export type RawAnswer = { status: number; headers: Headers; bytes: Buffer; text: string };

/** A test client whose every answer is checked against the document before the test sees it. */
export class CheckedClient extends Client {
  constructor(
    baseUrl: string,
    private readonly conformance: OpenApiConformance,
  ) {
    super(baseUrl);
  }

  override async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const answer = await super.request<T>(method, path, options);
    const hasBody = options.rawBody !== undefined || options.body !== undefined;
    this.conformance.check({
      method,
      path,
      requestType: hasBody ? (options.headers?.['content-type'] ?? 'application/json') : undefined,
      requestJson: options.rawBody === undefined ? options.body : undefined,
      status: answer.status,
      contentType: answer.headers.get('content-type'),
      text: answer.text,
    });
    return answer;
  }

  /** A request with a binary or multipart body, or whose answer is bytes, with this session and CSRF token. */
  async send(
    method: string,
    path: string,
    body: Uint8Array<ArrayBuffer> | FormData | null,
    headers: Record<string, string> = {},
  ): Promise<RawAnswer> {
    const all: Record<string, string> = { ...headers };
    if (this.cookies.size > 0) all.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.csrfToken();
    if (csrf && method !== 'GET') all['x-csrf-token'] = csrf;
    const response = await fetch(new URL(path, this.baseUrl), { method, headers: all, body, redirect: 'manual' });
    const bytes = Buffer.from(await response.arrayBuffer());
    const contentType = response.headers.get('content-type');
    const text = /^(text\/|application\/([\w.-]+\+)?json)/.test(contentType ?? '')
      ? bytes.toString('utf8')
      : bytes.toString('latin1');
    // fetch sets multipart's type (with its boundary) itself.
    const requestType = body instanceof FormData ? 'multipart/form-data' : body ? headers['content-type'] : undefined;
    this.conformance.check({
      method,
      path,
      requestType,
      status: response.status,
      contentType,
      text,
    });
    return { status: response.status, headers: response.headers, bytes, text };
  }

  /**
   * Opens an event stream and reads until the first event block has arrived, then closes it:
   * the stream never ends by itself, so its answer is checked on what came first.
   */
  async firstEvents(path: string): Promise<RawAnswer> {
    const controller = new AbortController();
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(new URL(path, this.baseUrl), { headers, signal: controller.signal });
    let text = '';
    if (response.status === 200 && response.body) {
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      while (!text.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      controller.abort();
    } else {
      text = await response.text();
    }
    this.conformance.check({
      method: 'GET',
      path,
      status: response.status,
      contentType: response.headers.get('content-type'),
      text,
    });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(text), text };
  }
}

/** A field of a checked JSON answer by its dotted path, which must hold a string. */
export function textAt(body: unknown, path: string): string {
  let value: unknown = body;
  for (const key of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (typeof value !== 'string') throw new Error(`${path} is not a string in ${JSON.stringify(body).slice(0, 300)}`);
  return value;
}
