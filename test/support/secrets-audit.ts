import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

// Every test process writes the server log lines it saw and the secrets its clients handled
// into one folder; after the whole suite, test/global-setup.ts checks no secret reached a log.
const dir = process.env.SALESOS_AUDIT_DIR;

export function recordLogLines(lines: string[]): void {
  if (dir && lines.length > 0) appendFileSync(join(dir, `logs-${process.pid}.ndjson`), `${lines.join('\n')}\n`);
}

export function recordSecret(value: string | undefined | null): void {
  if (dir && value && value.length >= 8) appendFileSync(join(dir, `secrets-${process.pid}.txt`), `${value}\n`);
}

/** Secrets a request body carries: passwords and tokens. */
export function recordBodySecrets(body: unknown): void {
  if (!dir || typeof body !== 'object' || body === null) return;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && /password|token/i.test(key)) recordSecret(value);
  }
}
