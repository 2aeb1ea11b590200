/**
 * Products and expenses on a ticket: quantities with up to three decimals and
 * unit prices with up to two, kept as integers (thousandths, cents) so sums
 * are exact.
 */
export const ITEM_KINDS = ['product', 'expense'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** `"1.5"` → 1500 thousandths; undefined when not a positive number with at most 3 decimals. */
export function parseQuantity(raw: string): number | undefined {
  const m = /^(\d{1,9})(?:\.(\d{1,3}))?$/.exec(raw.trim());
  if (!m) return undefined;
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return milli > 0 ? milli : undefined;
}

/** `"12.5"` → 1250 cents; undefined when not a non-negative amount with at most 2 decimals. */
export function parsePrice(raw: string): number | undefined {
  const m = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(raw.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Line total in cents, rounded half up. */
export function lineTotalCents(quantityMilli: number, unitPriceCents: number): number {
  return Math.round((quantityMilli * unitPriceCents) / 1000);
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function formatQuantity(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const frac = String(milli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}
