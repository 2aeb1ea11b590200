// placeholder until the masking module lands
export function maskText(text: string): string {
  return text
    .replace(/\b([A-Za-z0-9._%+-])([A-Za-z0-9._%+-]*)@/g, (_m, a: string, b: string) => a + '*'.repeat(b.length) + '@')
    .replace(/\+\d{12}/g, (m) => '*'.repeat(m.length - 4) + m.slice(-4));
}
