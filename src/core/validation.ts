/** Turns a schema validation failure into one message that names the field. */

interface IssueLike {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

/** Whether `err` is a zod validation error (checked by shape, so callers need not load zod). */
export function isValidationError(err: unknown): err is { issues: IssueLike[] } {
  return (
    typeof err === 'object' &&
    err !== null &&
    // zod/mini throws `$ZodError`, classic zod `ZodError`.
    /^\$?ZodError$/.test(String((err as { name?: unknown }).name)) &&
    Array.isArray((err as { issues?: unknown }).issues)
  );
}

export function describeValidationError(err: { issues: IssueLike[] }): { message: string; field: string | undefined } {
  const issue = err.issues[0];
  const field = issue && issue.path.length ? issue.path.map(String).join('.') : undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'invalid input';
  return { message, field };
}
