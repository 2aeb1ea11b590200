// placeholder until the terminal module lands
export function sanitizeTerminal(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}
export function sanitizeLine(text: string): string {
  return sanitizeTerminal(text).replace(/[\n\t]/g, ' ');
}
