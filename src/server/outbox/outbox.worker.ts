import type { AppContext } from '../context.js';
import type { Row } from '../db/schema.js';
import { startPollingLoop } from '../lib/polling-loop.js';
import { isoAfterSeconds, nowIso } from '../lib/time.js';
import type { RenderedEmail } from './email-template.js';
import { outboxRepository } from './outbox.repository.js';
import { rendererOf } from './templates.js';
import { isPermanentFailure, type MailTransport } from './transport.js';

export type OutboxWorker = {
  /** Wakes the worker now (after a commit that queued mail) instead of at the next poll. */
  kick(): void;
  stop(): Promise<void>;
};

function describeError(error: unknown): string {
  const e = error as { responseCode?: number; code?: string; message?: string };
  return [e.responseCode, e.code, e.message?.slice(0, 300)].filter(Boolean).join(' ') || 'unknown error';
}

/**
 * Delivers queued email: claim a batch, send it through the pooled transport, record each
 * result. A crash between sending and recording leaves the claim to expire, and the message is
 * sent again: a duplicate is possible, a loss is not.
 */
export function startOutboxWorker(ctx: AppContext, transport: MailTransport): OutboxWorker {
  const settings = ctx.config.outbox;
  const { database } = ctx;

  const backoffMs = (attempts: number) => {
    const base = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(base * (0.75 + Math.random() * 0.5));
  };

  /** Stored bodies as they are; templated ones rendered now, in one query per template. */
  async function render(messages: Row<'outbox'>[]): Promise<Map<string, RenderedEmail | null>> {
    const out = new Map<string, RenderedEmail | null>();
    const byTemplate = new Map<string, Row<'outbox'>[]>();
    for (const m of messages) {
      if (m.template) byTemplate.set(m.template, [...(byTemplate.get(m.template) ?? []), m]);
      else out.set(m.id, { subject: m.subject ?? '', text: m.text_body ?? '', html: m.html_body ?? '' });
    }
    for (const [template, batch] of byTemplate) {
      const renderer = rendererOf(template);
      if (!renderer) {
        for (const m of batch) out.set(m.id, null);
        ctx.log.error({ template }, 'unknown email template');
        continue;
      }
      for (const [id, rendered] of await renderer(database.db, ctx.config.publicUrl, batch)) out.set(id, rendered);
    }
    return out;
  }

  async function deliver(message: Row<'outbox'>, email: RenderedEmail): Promise<{ id: string; error?: unknown }> {
    try {
      await transport.send({
        workspaceId: message.workspace_id,
        to: message.to_address,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: message.message_id,
      });
      return { id: message.id };
    } catch (error) {
      return { id: message.id, error };
    }
  }

  async function runBatch(): Promise<number> {
    const now = nowIso();
    const claimed = await database.transaction((trx) =>
      outboxRepository.claim(trx, {
        now,
        lockedUntil: isoAfterSeconds(settings.lockSeconds),
        limit: settings.batchSize,
        skipLocked: database.dialect === 'postgres',
      }),
    );
    if (claimed.length === 0) return 0;
    const rendered = await render(claimed);
    const cancelled = claimed.filter((m) => !rendered.get(m.id)).map((m) => m.id);
    const results = await Promise.all(
      claimed.flatMap((m) => {
        const email = rendered.get(m.id);
        return email ? [deliver(m, email)] : [];
      }),
    );
    const sent = results.filter((r) => !r.error).map((r) => r.id);
    await database.transaction(async (trx) => {
      await outboxRepository.markSent(trx, sent, nowIso());
      await outboxRepository.markCancelled(trx, cancelled);
      for (const result of results) {
        if (!result.error) continue;
        const message = claimed.find((m) => m.id === result.id);
        if (!message) continue;
        const reason = describeError(result.error);
        if (isPermanentFailure(result.error) || message.attempts >= settings.maxAttempts) {
          await outboxRepository.markFailed(trx, message.id, reason);
          ctx.log.warn(
            { outboxId: message.id, kind: message.kind, attempts: message.attempts, reason },
            'email failed',
          );
        } else {
          const delay = backoffMs(message.attempts);
          await outboxRepository.retryLater(trx, message.id, {
            nextAttemptAt: new Date(Date.now() + delay).toISOString(),
            error: reason,
          });
          ctx.log.info(
            { outboxId: message.id, attempts: message.attempts, retryInMs: delay, reason },
            'email will be retried',
          );
        }
      }
    });
    if (transport.kind === 'dev-mailbox' && sent.length > 0) {
      ctx.log.info(
        { count: sent.length, mailbox: `${ctx.config.publicUrl}/dev/mailbox` },
        'emails kept in the dev mailbox',
      );
    }
    return claimed.length;
  }

  const loop = startPollingLoop({
    pollMs: settings.pollMs,
    runBatch,
    onError: (err) => ctx.log.warn({ err }, 'outbox batch failed; will retry'),
  });

  return {
    kick: loop.kick,
    async stop() {
      await loop.stop();
      transport.close();
    },
  };
}
