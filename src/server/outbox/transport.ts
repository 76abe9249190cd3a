import net from 'node:net';
import tls from 'node:tls';
import nodemailer from 'nodemailer';
import type { AppContext } from '../context.js';
import { newId } from '../lib/secrets.js';
import { nowIso } from '../lib/time.js';
import { outboxRepository } from './outbox.repository.js';

export type OutgoingMessage = {
  workspaceId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
};

export type MailTransport = {
  kind: 'smtp' | 'dev-mailbox';
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
};

/** An SMTP refusal that retrying will not fix (5xx), as opposed to a connection or 4xx problem. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Pooled SMTP settings for an smtp:// or smtps:// URL. Sockets are our own, with Nagle's
 * algorithm off: SMTP is many small commands, and a server that delays its ACKs would otherwise
 * stall every message by tens of milliseconds.
 */
export function smtpTransportOptions(smtpUrl: string): nodemailer.TransportOptions {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const host = url.hostname;
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  return {
    pool: true,
    maxConnections: 8,
    maxMessages: Number.POSITIVE_INFINITY,
    host,
    port,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // nodemailer must never log: its debug output can carry credentials and message bodies.
    logger: false,
    debug: false,
    // The socket is handed over at once, still connecting: nodemailer then owns its errors and
    // its greeting timeout. Answering a refused connection with an error here instead would leave
    // that pool slot taken for good (the pool frees a slot only when its connection fails), and
    // after maxConnections refusals no email would go out again until a restart.
    getSocket: (_options: unknown, callback: (error: Error | null, socket?: object) => void) => {
      const connection = secure ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
      connection.setNoDelay(true);
      callback(null, secure ? { connection, secured: true } : { connection });
    },
  } as nodemailer.TransportOptions;
}

function smtpTransport(ctx: AppContext, smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpTransportOptions(smtpUrl));
  return {
    kind: 'smtp',
    async send(message) {
      await transporter.sendMail({
        from: ctx.config.mailFrom,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
    },
    close: () => transporter.close(),
  };
}

/** Without SMTP_URL, messages are kept in the database and shown to the workspace's admins. */
function devMailboxTransport(ctx: AppContext): MailTransport {
  return {
    kind: 'dev-mailbox',
    async send(message) {
      await outboxRepository.insertDevMail(ctx.database.db, {
        id: newId(),
        workspace_id: message.workspaceId,
        to_address: message.to,
        subject: message.subject,
        text_body: message.text,
        html_body: message.html,
        sent_at: nowIso(),
      });
    },
    close: () => {},
  };
}

export function createTransport(ctx: AppContext): MailTransport {
  return ctx.config.smtpUrl ? smtpTransport(ctx, ctx.config.smtpUrl) : devMailboxTransport(ctx);
}
