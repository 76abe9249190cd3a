import type { FastifyReply } from 'fastify';
import type { AppError } from '../../lib/app-error.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * Why an SSO sign-in did not work, as a plain page: the browser arrives here from the identity
 * provider, not from the web app, so there is no script to show a problem+json answer.
 */
export function renderSsoErrorPage(message: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Single sign-on did not work · SalesOS</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f8f9fa;color:#212529;margin:0}
main{max-width:32rem;margin:12vh auto;padding:2rem;background:#fff;border:1px solid #dee2e6;border-radius:8px}
h1{font-size:1.4rem;margin-top:0}
a{color:#4c6ef5;font-weight:600}
a:focus-visible{outline:2px solid #4c6ef5;outline-offset:2px}
</style>
</head>
<body>
<main>
<h1>Single sign-on did not work</h1>
<p role="alert">${escapeHtml(message)}</p>
<p><a href="/login">Back to sign-in</a></p>
</main>
</body>
</html>
`;
}

/**
 * The page's status: 403 (refused: deactivated, SSO required), 429 (too many attempts) and 500
 * (our side: no key, an unexpected error) as they are; every other refusal, whatever its code's
 * status in the API (an expired invitation is 410 there), is a 400 page.
 */
export function ssoPageStatus(error: AppError): 400 | 403 | 429 | 500 {
  return error.status === 403 || error.status === 429 || error.status === 500 ? error.status : 400;
}

/** The page for an error that stopped an SSO sign-in: its `detail`, with ssoPageStatus. */
export function sendSsoErrorPage(reply: FastifyReply, error: AppError): FastifyReply {
  return reply
    .code(ssoPageStatus(error))
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(renderSsoErrorPage(error.detail));
}
