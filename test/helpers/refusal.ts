/** What a service's input check refused: the zod issues of the error it rejects with. */
export async function refusal(
  promise: Promise<unknown>,
): Promise<Array<{ code: string; path: readonly PropertyKey[]; message: string }>> {
  try {
    await promise;
  } catch (err) {
    const issues = (err as { issues?: Array<{ code: string; path: PropertyKey[]; message: string }> }).issues;
    if (!issues) throw err;
    return issues.map(({ code, path, message }) => ({ code, path, message }));
  }
  throw new Error('expected the input to be refused, but it was taken');
}
