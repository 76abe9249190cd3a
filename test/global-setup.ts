import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Whole-suite log hygiene: every server log line any test produced is checked against every
 * password, token, session id and CSRF token any test client sent or received.
 */
export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'salesos-audit-'));
  process.env.SALESOS_AUDIT_DIR = dir;
  return () => {
    const files = readdirSync(dir);
    const read = (prefix: string) =>
      files.filter((f) => f.startsWith(prefix)).map((f) => readFileSync(join(dir, f), 'utf8'));
    const secrets = new Set(
      read('secrets-')
        .flatMap((t) => t.split('\n'))
        .filter((s) => s.length >= 8),
    );
    const logs = read('logs-').join('\n');
    rmSync(dir, { recursive: true, force: true });
    const leaked = [...secrets].filter((s) => logs.includes(s));
    if (leaked.length > 0) {
      // A throw here is only reported by the runner; the exit code is what CI reads.
      process.exitCode = 1;
      throw new Error(
        `${leaked.length} secret(s) found in server logs, e.g. one starting "${leaked[0]?.slice(0, 4)}…"`,
      );
    }
    if (secrets.size > 0 || logs.length > 0) {
      process.stdout.write(
        `Log audit: ${secrets.size} secrets checked against ${logs.split('\n').length} server log lines: none found.\n`,
      );
    }
  };
}
