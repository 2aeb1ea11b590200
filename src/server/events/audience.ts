/**
 * Who an event may concern, as index keys: the hub files each subscriber under the keys of what it
 * may see (its companies, itself, its contact, …) and offers an event only to the subscribers filed
 * under one of the event's keys. A subscriber still decides each offered event itself; the keys
 * only spare it the events it could never see.
 */

/** The events the subscriber may see: an admin, or a subscriber that cannot narrow them, sees all. */
export type AudienceKey = string;

/** Every event. */
export const EVERY_EVENT: AudienceKey = '*';
/** Events of no company addressed to no technician (settings, queues, the technician roster…). */
export const UNSCOPED_EVENTS: AudienceKey = 'unscoped';
/** Events addressed to any contact (a customer who joined someone else's chat follows those). */
export const ANY_CONTACT: AudienceKey = 'contact:*';

export const companyKey = (id: number): AudienceKey => `company:${id}`;
export const technicianKey = (id: number): AudienceKey => `technician:${id}`;
export const contactKey = (id: number): AudienceKey => `contact:${id}`;
/** Unscoped events of one type only (a customer follows `setting.changed`, not the whole roster). */
export const unscopedTypeKey = (type: string): AudienceKey => `unscoped:${type}`;

/** The fields of an event that say whom it concerns. */
interface Addressed {
  readonly type: string;
  readonly companyId: number | null;
  readonly technicianId: number | null;
  readonly contactId: number | null;
}

/** The keys an event is filed under (besides {@link EVERY_EVENT}, which every event matches). */
export function eventKeys(e: Addressed): AudienceKey[] {
  const keys: AudienceKey[] = [];
  if (e.companyId !== null) keys.push(companyKey(e.companyId));
  if (e.technicianId !== null) keys.push(technicianKey(e.technicianId));
  if (e.contactId !== null) keys.push(contactKey(e.contactId), ANY_CONTACT);
  if (e.companyId === null && e.technicianId === null) keys.push(UNSCOPED_EVENTS, unscopedTypeKey(e.type));
  return keys;
}
