/**
 * A support session's number as people type it, without the schemas of support-sessions.ts, so the
 * TUI checks one without building them. Pure.
 */

/** A session number: nine digits, the first not zero. */
const SESSION_NUMBER_PATTERN = /^[1-9]\d{8}$/;

/** A session number as typed by a person: spaces and dashes between digit groups are dropped. */
export function normaliseSessionNumber(raw: string): string | undefined {
  const digits = raw.trim().replace(/[\s-]/g, '');
  return SESSION_NUMBER_PATTERN.test(digits) ? digits : undefined;
}
