/** Epoch milliseconds to the ISO strings the API speaks. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
