import { createHash, randomFillSync, randomUUID, timingSafeEqual } from 'node:crypto';

const SECRET_BYTES = 32;
// Randomness for 256 secrets at a time: each call into OpenSSL costs about 5 µs, whatever its
// size, which a bulk send of 100,000 invitations would otherwise pay 100,000 times (Node's own
// randomUUID batches the same way). Bytes are wiped as soon as they are handed out.
const pool = Buffer.alloc(SECRET_BYTES * 256);
let poolOffset = pool.length;

/** 32 random bytes, base64url: the shape of every secret we hand out (session ids, tokens). */
export function newSecret(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const secret = pool.toString('base64url', poolOffset, poolOffset + SECRET_BYTES);
  pool.fill(0, poolOffset, poolOffset + SECRET_BYTES);
  poolOffset += SECRET_BYTES;
  return secret;
}

/** Secrets are stored only as their SHA-256. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits. Ids made later
 * sort later, so a new row's id lands at the right edge of every index on it instead of on a
 * random page: inserts touch, and commits write, far fewer pages. An id says when it was made,
 * which every row here already shows in its own timestamps; it grants nothing by itself.
 */
export function newId(): string {
  // randomUUID draws its randomness in batches, where randomBytes(16) costs a call into OpenSSL
  // each time; its v4 layout already has the variant bits, and its version digit is replaced.
  const random = randomUUID();
  const time = Date.now().toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
