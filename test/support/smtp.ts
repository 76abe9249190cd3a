import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { recordSecret } from './secrets-audit.js';

export type CaughtMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Map<string, unknown>;
  raw: string;
};

export type SmtpCatcher = {
  url: string;
  port: number;
  messages: CaughtMail[];
  /** Answers every message with this SMTP failure (e.g. 451 or 550) while set. */
  failWith: { code: number; message: string } | null;
  /** Delay before accepting each message, to hold deliveries in flight. */
  delayMs: number;
  waitFor(predicate: (messages: CaughtMail[]) => boolean, timeoutMs?: number): Promise<CaughtMail[]>;
  close(): Promise<void>;
};

function toCaught(parsed: ParsedMail, raw: string): CaughtMail {
  const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
  return {
    to: to ?? '',
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    messageId: parsed.messageId ?? '',
    headers: parsed.headers,
    raw,
  };
}

/** A real SMTP server on a random port that keeps every message it receives. */
export async function startSmtpCatcher(options: { port?: number; parse?: boolean } = {}): Promise<SmtpCatcher> {
  // Benchmarks count messages without parsing them, so the sink is not the bottleneck.
  const parseMessages = options.parse ?? true;
  const catcher: SmtpCatcher = {
    url: '',
    port: 0,
    messages: [],
    failWith: null,
    delayMs: 0,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(catcher.messages)) {
        if (Date.now() > deadline) {
          throw new Error(
            `SMTP catcher: condition not met within ${timeoutMs} ms (${catcher.messages.length} messages)`,
          );
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return catcher.messages;
    },
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const finish = async () => {
          if (catcher.delayMs > 0) await new Promise((r) => setTimeout(r, catcher.delayMs));
          if (catcher.failWith) {
            const error = new Error(catcher.failWith.message) as Error & { responseCode: number };
            error.responseCode = catcher.failWith.code;
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          if (parseMessages) catcher.messages.push(toCaught(await simpleParser(raw), raw));
          else {
            const to = session.envelope.rcptTo[0]?.address ?? '';
            catcher.messages.push({ to, subject: '', text: '', html: '', messageId: '', headers: new Map(), raw: '' });
          }
          callback();
        };
        finish().catch((err: Error) => callback(err));
      });
    },
  });
  // A client killed mid-message (the crash tests do that) resets its connection: not our error.
  server.on('error', () => {});
  // Without this, delayed ACKs stall every SMTP command round trip by ~40 ms.
  server.server.on('connection', (socket: import('node:net').Socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  catcher.port = port;
  catcher.url = `smtp://127.0.0.1:${port}`;
  catcher.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return catcher;
}

/** The invitation token from the link in a received message. */
export function tokenFrom(mail: CaughtMail): string {
  const match = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no invitation link in: ${mail.text}`);
  recordSecret(match[1]);
  return match[1];
}
