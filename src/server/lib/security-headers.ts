import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import type { Config } from '../config.js';

/** Every security header, name (lower case) to value: the same on every answer the server gives. */
export type SecurityHeaders = Readonly<Record<string, string>>;

/**
 * Helmet's headers for this configuration, computed once. Helmet's middleware only sets fixed
 * values on the response, so running it once on a response that is never sent gives the whole
 * set; it is then written on every response before Fastify sees the request, and by hand on the
 * answers Node writes on the bare socket (client errors), so both come from this one source.
 */
export function securityHeaders(config: Config): SecurityHeaders {
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    hsts: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    // The same as the CSP's frame-ancestors 'none', for browsers that only read this header.
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  let done = false;
  middleware(request, response, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  // Helmet sets its headers synchronously; if a version ever stopped doing so, fail at start-up.
  if (!done) throw new Error('helmet did not set its headers synchronously');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.getHeaders())) {
    if (value !== undefined) headers[name] = String(value);
  }
  return Object.freeze(headers);
}
