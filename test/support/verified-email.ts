import { parseDatabaseUrl } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { nowIso } from '../../src/server/lib/time.js';

/**
 * Inviting needs a verified email. The verification link itself is tested in
 * test/integration/account-recovery.test.ts; suites about other things start from a verified
 * admin, marked so in the database of the server they signed up on (as `addMember` puts people in).
 */
type Verifier = (email: string) => Promise<void>;

const verifiers = new Map<string, Verifier>();

/** Called by the test servers: how to mark an email verified on the server at `url`. */
export function registerEmailVerifier(url: string, verify: Verifier): void {
  verifiers.set(url.replace(/\/+$/, ''), verify);
}

export async function markEmailVerified(serverUrl: string, email: string): Promise<void> {
  const verify = verifiers.get(serverUrl.replace(/\/+$/, ''));
  if (!verify) {
    throw new Error(
      `No test server registered at ${serverUrl}: sign up with { verified: false }, or start it with startTestServer or startServerProcess`,
    );
  }
  await verify(email);
}

/** A verifier for a server in another process: writes through its own connection to that database. */
export function verifierForDatabase(databaseUrl: string): Verifier {
  return async (email) => {
    const config = parseDatabaseUrl(databaseUrl);
    if (!config) throw new Error(`not a database URL: ${databaseUrl}`);
    const database = openDatabase(config);
    try {
      await database.db
        .updateTable('accounts')
        .set({ email_verified_at: nowIso() })
        .where('email', '=', email.trim().toLowerCase())
        .execute();
    } finally {
      await database.close();
    }
  };
}
