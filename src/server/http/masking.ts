/**
 * The unmask right, enforced by the server (DESIGN §2.5): a technician without it gets customer data
 * masked with the core rules in every answer and every event the server sends them; clients mask
 * locally as well. Two places apply it, one per shape of output: `buildApp` masks the answer of every
 * technician route that may hold customer data (a route whose answer holds none declares
 * `customerData: false`), and the event streams send such a technician the masked form of each
 * event, computed once per event and shared by every masked subscriber.
 *
 * Masking walks the whole JSON value and masks every string in it: the rules change only e-mail
 * addresses and card, IBAN, SSN and phone numbers, and leave ids, dates, times, prices and ticket
 * numbers byte for byte, so no field list can fall behind a new field.
 */
import { maskText } from '../../core/masking.js';
import type { HubEvent } from '../events/hub.js';
import type { Actor } from '../services/actor.js';

/** Whether the server masks what it sends this technician. */
export const masksFor = (actor: Actor): boolean => actor.canUnmask !== true;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/** A JSON answer with every string in it masked; anything else (file bytes, a reply) as it is. */
export function maskAnswer(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskAnswer);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = maskAnswer(v);
    return out;
  }
  return value;
}

/** Events about technicians themselves (their e-mail is not customer data) go out as they are. */
const holdsCustomerData = (e: HubEvent): boolean => !e.type.startsWith('technician.');

const maskedMessages = new WeakMap<HubEvent, string>();

/** The stream message of `e` with its data masked (computed once per event). */
export function maskedEventMessage(e: HubEvent): string {
  if (!holdsCustomerData(e)) return e.message;
  let message = maskedMessages.get(e);
  if (message === undefined) {
    const parsed = JSON.parse(e.message) as { event: { data?: unknown } };
    message = JSON.stringify({ ...parsed, event: { ...parsed.event, data: maskAnswer(parsed.event.data) } });
    maskedMessages.set(e, message);
  }
  return message;
}
