/**
 * The settings of the customer web portal: the origins allowed to embed it (`web.embed-origins`,
 * which drives `frame-ancestors` and CORS) and whether contacts see their colleagues' tickets
 * (`portal.company-tickets`). Parsers that check what an admin typed and give the stored text. Pure.
 */
import { invalid } from './errors.js';

/**
 * Origins separated by spaces or commas, each `http(s)://host[:port]` with nothing after it;
 * stored once each, space-separated, lower-case. Empty or `none`: no other site may embed.
 */
export function parseEmbedOrigins(raw: string): string {
  const parts = raw
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 1 && parts[0]?.toLowerCase() === 'none') return '';
  const origins: string[] = [];
  for (const part of parts) {
    let url: URL | undefined;
    try {
      url = new URL(part);
    } catch {
      url = undefined;
    }
    const bare = url && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+\/?$/i.test(part);
    if (!url || !bare || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
      throw invalid(
        `web.embed-origins takes origins such as https://acme.example or https://acme.example:8443 (scheme, host and port only), got "${part}"`,
      );
    }
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins.join(' ');
}

/** The origins of a stored `web.embed-origins` value. */
export const embedOriginList = (stored: string | null): string[] => (stored ?? '').split(' ').filter((o) => o !== '');

/** An on/off setting: on, true, yes, 1 or off, false, no, 0. */
export function parseOnOff(key: string, raw: string): 'on' | 'off' {
  const v = raw.trim().toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(v)) return 'on';
  if (['off', 'false', 'no', '0'].includes(v)) return 'off';
  throw invalid(`${key} must be on or off, got "${raw}"`);
}

/**
 * `web.public-url`: the address customers reach this desk at (`https://desk.acme.example`, a path
 * allowed for a desk behind a proxy), which links in mail start with; stored without a trailing `/`.
 */
export function parsePublicUrl(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username ||
    url.password ||
    url.search ||
    url.hash
  ) {
    throw invalid(`web.public-url takes an address such as https://desk.acme.example, got "${raw}"`);
  }
  return url.toString().replace(/\/+$/, '');
}
