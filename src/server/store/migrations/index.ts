/**
 * Versioned, forward-only migrations, applied at start, one file each. Each is written with the
 * schema builder so it runs on SQLite and PostgreSQL alike. A migration's name is stored in every
 * database it ran on, so a name never changes (0004 keeps the name it shipped with); names sort in
 * the order they apply.
 */
import type { Migration } from 'kysely';
import type { Dialect } from '../dialect.js';
import { initial } from './0001_initial.js';
import { deadlines } from './0002_deadlines.js';
import { timeTracking } from './0003_time_tracking.js';
import { ticketProperties } from './0004_ticket_properties.js';
import { liveChat } from './0005_live_chat.js';
import { credentials } from './0006_credentials.js';
import { reports } from './0007_reports.js';
import { customerActors } from './0008_customer_actors.js';
import { chatWrapups } from './0009_chat_wrapups.js';
import { availabilityHistory } from './0011_availability_history.js';
import { supportSessions } from './0012_support_sessions.js';
import { mail } from './0014_mail.js';
import { technicianMail } from './0015_technician_mail.js';
import { reportFacts } from './0017_report_facts.js';
import { mailTemplates } from './0016_mail_templates.js';
import { eventSequencer } from './0020_event_sequencer.js';
import { chatRatings } from './0019_chat_ratings.js';
import { mailSenderIndex } from './0021_mail_sender_index.js';
import { guestUntil } from './0022_guest_until.js';
import { lowestRatingsIndex } from './0023_lowest_ratings_index.js';
import { reportMeasureIndexes } from './0024_report_measure_indexes.js';
import { ticketsNotLiveIndex } from './0025_tickets_not_live_index.js';
import { statusFactsAssigneeIndex } from './0026_status_facts_assignee_index.js';

/** All migrations, keyed by a name that sorts in the order they apply. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_initial': initial(dialect),
    '0002_deadlines': deadlines(dialect),
    '0003_time_tracking': timeTracking(dialect),
    '0004_ticket_depth': ticketProperties(dialect),
    '0005_live_chat': liveChat(dialect),
    '0006_credentials': credentials(dialect),
    '0007_reports': reports(),
    '0008_customer_actors': customerActors(),
    '0009_chat_wrapups': chatWrapups(),
    '0011_availability_history': availabilityHistory(dialect),
    '0012_support_sessions': supportSessions(dialect),
    '0014_mail': mail(dialect),
    '0015_technician_mail': technicianMail(),
    '0017_report_facts': reportFacts(dialect),
    '0016_mail_templates': mailTemplates(),
    '0020_event_sequencer': eventSequencer(dialect),
    '0019_chat_ratings': chatRatings(),
    '0021_mail_sender_index': mailSenderIndex(),
    '0022_guest_until': guestUntil(),
    '0023_lowest_ratings_index': lowestRatingsIndex(),
    '0024_report_measure_indexes': reportMeasureIndexes(dialect),
    '0025_tickets_not_live_index': ticketsNotLiveIndex(),
    '0026_status_facts_assignee_index': statusFactsAssigneeIndex(dialect),
  };
}
