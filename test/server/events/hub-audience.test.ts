/**
 * The hub offers a live event only to the subscribers filed under one of its audience keys: an event
 * of company A reaches no subscriber of company B, and the number of subscribers it is offered to is
 * the number of those it may concern, whatever the number connected. A subscriber whose audience
 * changes (a grant) is offered the next event under its new keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub, type HubEvent, type Subscriber } from '../../../src/server/events/hub.js';
import {
  EVERY_EVENT,
  UNSCOPED_EVENTS,
  companyKey,
  contactKey,
  technicianKey,
  type AudienceKey,
} from '../../../src/server/events/audience.js';
import { Store, type PendingEvent } from '../../../src/server/store/store.js';
import { TestDatabase } from '../../helpers/database.js';

const A = 1;
const B = 2;

/** A subscriber that sees what its keys say, and keeps what it was sent. */
class Listener implements Subscriber {
  readonly got: number[] = [];
  offered = 0;
  constructor(
    public keys: readonly AudienceKey[],
    private readonly sees: (e: HubEvent) => boolean = () => true,
  ) {}
  audience() {
    return this.keys;
  }
  visible(e: HubEvent) {
    this.offered += 1;
    return this.sees(e);
  }
  send(message: string) {
    const m = JSON.parse(message) as { type: string; event?: { seq: number } };
    if (m.type === 'event' && m.event) this.got.push(m.event.seq);
  }
  closed() {
    return false;
  }
}

describe('event hub fan-out by audience (SQLite)', () => {
  let db: TestDatabase;
  let store: Store;
  let hub: EventHub;

  beforeAll(async () => {
    db = new TestDatabase('sqlite');
    store = await Store.open(db.storeConfig);
    hub = new EventHub(store.db);
    await hub.start();
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  /** Commits one event and waits until the hub has offered it; answers its seq. */
  async function publish(e: PendingEvent): Promise<number> {
    await store.write(async (scope) => scope.emit(e));
    await hub.wake();
    return hub.head;
  }

  const subscribe = async (l: Listener) => hub.subscribe(l, hub.head);

  it('offers a company A event to the subscribers of company A (and admins) only', async () => {
    const ofA = Array.from({ length: 3 }, () => new Listener([companyKey(A), UNSCOPED_EVENTS]));
    const ofB = Array.from({ length: 50 }, () => new Listener([companyKey(B), UNSCOPED_EVENTS]));
    const admin = new Listener([EVERY_EVENT]);
    const customerOfB = new Listener([contactKey(7), companyKey(B)]);
    const all = [...ofA, ...ofB, admin, customerOfB];
    const unsubscribes = await Promise.all(all.map(subscribe));

    const before = hub.offered;
    const seq = await publish({ type: 'ticket.updated', companyId: A, data: { n: 1 } });
    expect(hub.offered - before).toBe(ofA.length + 1);
    for (const l of [...ofA, admin]) expect(l.got).toEqual([seq]);
    for (const l of [...ofB, customerOfB]) {
      expect(l.got).toEqual([]);
      expect(l.offered).toBe(0);
    }

    // An event of no company reaches the technicians of both (their keys say so), not the customer.
    const settings = hub.offered;
    const unscoped = await publish({ type: 'queue.changed', companyId: null, data: {} });
    expect(hub.offered - settings).toBe(ofA.length + ofB.length + 1);
    expect(customerOfB.got).toEqual([]);
    expect(ofB[0]!.got).toEqual([unscoped]);

    // One addressed to a technician and to a contact: offered to those filed under them.
    const addressed = hub.offered;
    const direct = new Listener([technicianKey(99)]);
    unsubscribes.push(await subscribe(direct));
    await publish({ type: 'chat.offered', companyId: null, technicianId: 99, data: {} });
    await publish({ type: 'customer.ticket-commented', companyId: B, contactId: 7, data: {} });
    expect(direct.got).toHaveLength(1);
    expect(customerOfB.got).toHaveLength(1);
    // The first: `direct` and the admin; the second: company B's 50, its customer (once) and the admin.
    expect(hub.offered - addressed).toBe(2 + ofB.length + 1 + 1);
    for (const u of unsubscribes) u();
  });

  it('follows a subscriber whose audience changes, and drops it when it unsubscribes', async () => {
    const sam = new Listener([technicianKey(5), companyKey(A)]);
    const unsubscribe = await subscribe(sam);
    await publish({ type: 'ticket.updated', companyId: B, data: {} });
    expect(sam.got).toEqual([]);
    // A grant of B is addressed to Sam; from the next event on, B's events are offered to them.
    sam.keys = [technicianKey(5), companyKey(A), companyKey(B)];
    const grant = await publish({ type: 'grant.created', companyId: B, technicianId: 5, data: {} });
    const next = await publish({ type: 'ticket.updated', companyId: B, data: {} });
    expect(sam.got).toEqual([grant, next]);
    unsubscribe();
    const before = hub.offered;
    await publish({ type: 'ticket.updated', companyId: A, data: {} });
    expect(hub.offered).toBe(before);
    expect(hub.subscriberCount).toBe(0);
  });

  it('offers every event to a subscriber that names no audience', async () => {
    const plain: Subscriber & { got: number } = {
      got: 0,
      visible: () => true,
      send(message) {
        if (message.startsWith('{"type":"event"')) plain.got += 1;
      },
      closed: () => false,
    };
    const unsubscribe = await hub.subscribe(plain, hub.head);
    await publish({ type: 'ticket.updated', companyId: B, data: {} });
    await publish({ type: 'chat.offered', companyId: null, technicianId: 3, data: {} });
    expect(plain.got).toBe(2);
    unsubscribe();
  });
});
