/**
 * What a customer's event stream carries of their company colleagues' tickets: while the
 * `portal.company-tickets` setting is on, the customer ticket events of tickets of the contact's
 * company. The setting is read when the stream opens and followed from its change events, in log
 * order, so turning it off hides the next event already.
 */
import type { HubEvent } from '../events/hub.js';
import type { Store } from '../store/store.js';
import type { CustomerActor } from '../services/chat/customers.js';
import { customerReach } from '../services/tickets/customer-view.js';
import { CUSTOMER_ONLY_EVENTS } from '../../core/events.js';

const SETTING = 'portal.company-tickets';

export interface ColleagueTickets {
  /** Whether an event not addressed to the contact is a colleague's ticket event they may see. */
  visible(e: HubEvent): boolean;
}

export async function colleagueTickets(store: Store, customer: CustomerActor): Promise<ColleagueTickets> {
  let on = (await customerReach(store.db, customer)).companyId !== null;
  return {
    visible(e) {
      if (e.type === 'setting.changed') {
        if (e.message.includes(`"${SETTING}"`)) {
          const { data } = (JSON.parse(e.message) as { event: { data: { key?: string; value?: string } } }).event;
          if (data.key === SETTING) on = data.value === 'on';
        }
        return false;
      }
      return on && e.companyId === customer.companyId && CUSTOMER_ONLY_EVENTS.has(e.type);
    },
  };
}
