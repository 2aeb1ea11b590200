/**
 * API tokens: 192 random bits, shown once, stored only as a SHA-256 hash. A
 * token is high-entropy, so a fast hash is enough (nothing to brute-force).
 */
import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'dsk_';

export interface IssuedToken {
  readonly token: string;
  readonly hash: string;
  /** What logs and listings may show. */
  readonly prefix: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function issueToken(): IssuedToken {
  const token = PREFIX + randomBytes(24).toString('base64url');
  return { token, hash: hashToken(token), prefix: token.slice(0, PREFIX.length + 6) };
}
