import type { Executor } from '../db/executor.js';
import type { AccountTokenPurpose, Row } from '../db/schema.js';

/**
 * Every email rendered when it is sent rather than when it is queued: a queued message names one
 * (`outbox.template`), and templates.ts has exactly one renderer for each.
 */
export type EmailTemplate = 'invitation' | AccountTokenPurpose;

export type RenderedEmail = { subject: string; text: string; html: string };

/** Renders a batch of messages of one template; `null` means the message no longer applies. */
export type TemplateRenderer = (
  db: Executor,
  publicUrl: string,
  messages: Row<'outbox'>[],
) => Promise<Map<string, RenderedEmail | null>>;

/** The one-time token a templated message was queued with, or null when its payload has none. */
export function payloadToken(message: Row<'outbox'>): string | null {
  try {
    const payload = JSON.parse(message.payload ?? '{}') as { token?: unknown };
    return typeof payload.token === 'string' ? payload.token : null;
  } catch {
    return null;
  }
}
