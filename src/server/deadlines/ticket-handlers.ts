/** Deadlines of the ticket features: SLA breaches, notification expiry, presence lapse, orphan uploads. */
import type { DeadlineSweeper } from './sweeper.js';
import { SLA_DEADLINE, fireSlaBreach } from '../services/sla-clock.js';
import { NOTIFICATION_EXPIRE, expireNotification } from '../services/notifications.js';
import { PRESENCE_EXPIRE, expireViewer } from '../services/presence.js';
import { ATTACHMENT_ORPHAN, removeOrphanUpload } from '../services/attachments.js';

export function registerTicketDeadlines(sweeper: DeadlineSweeper): void {
  sweeper.handle(SLA_DEADLINE.response, (scope, d) => fireSlaBreach(scope, 'response', Number(d.ref)));
  sweeper.handle(SLA_DEADLINE.resolution, (scope, d) => fireSlaBreach(scope, 'resolution', Number(d.ref)));
  sweeper.handle(NOTIFICATION_EXPIRE, (scope, d) => expireNotification(scope, Number(d.ref)));
  sweeper.handle(PRESENCE_EXPIRE, (scope, d) => expireViewer(scope, d.ref));
  sweeper.handle(ATTACHMENT_ORPHAN, (scope, d) => removeOrphanUpload(scope, Number(d.ref)));
}
