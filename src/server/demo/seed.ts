/**
 * Sample data for `desk demo`: 3 technicians, 3 companies, 12 contacts, 60
 * tickets spread over every status and priority, wrap-up reasons and 2
 * customers waiting in the chat queue, written through the same services the API uses.
 */
import type { Store } from '../store/store.js';
import type { Actor } from '../services/actor.js';
import { createCompany, createContact, createTechnician, grantCompany, initAccount } from '../services/people.js';
import { commentOnTicket } from '../services/tickets/comments.js';
import { createTicket } from '../services/tickets/create.js';
import { updateTicket } from '../services/tickets/update.js';
import { requestChat } from '../services/chat/customer-chats.js';
import { addWrapup } from '../services/chat/queues.js';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES, IMPACTS } from '../../core/tickets.js';

export interface DemoData {
  readonly adminToken: string;
  readonly technicians: ReadonlyArray<{ id: number; name: string; token: string }>;
}

const COMPANIES = ['Northwind Traders', 'Contoso Dental', 'Fabrikam Logistics'];
const PEOPLE = [
  ['Melissa Grant', 'melissa@gmail.com', '+447966197542'],
  ['Tomasz Nowak', 'tomasz.nowak@contoso.example', '+48 601 234 567'],
  ['Giulia Romano', 'giulia.romano@fabrikam.example', '+39 347 123 4567'],
  ['Ahmed Khan', 'ahmed.khan@northwind.example', '+ 1 (123) 456 7890'],
  ['Sofia Lindqvist', 'sofia@contoso.example', '070-123 45 67'],
  ['Lukas Weber', 'lukas.weber@fabrikam.example', '+49 30 901820'],
  ['Chloé Martin', 'chloe.martin@northwind.example', '+33 6 12 34 56 78'],
  ['Diego Álvarez', 'diego@contoso.example', '+34 612 34 56 78'],
  ['Hana Sato', 'hana.sato@fabrikam.example', '+81 90-1234-5678'],
  ['Olu Adeyemi', 'olu@northwind.example', '+234 803 123 4567'],
  ['Emma Jansen', 'emma.jansen@contoso.example', '+31 6 12345678'],
  ['Raj Patel', 'raj.patel@fabrikam.example', '+91 98765 43210'],
] as const;
const PROBLEMS = [
  'Outlook keeps asking for the password',
  'VPN drops every 10 minutes',
  'Printer on floor 2 shows paper jam',
  'New starter needs a laptop and accounts',
  'Shared drive S: is not mapped',
  'Teams calls have no audio',
  'Backup job failed last night',
  'Wi-Fi slow in the meeting room',
  'Card 4111 1111 1111 1111 charged twice, please check',
  'Server disk C: at 95%',
  'Reset MFA for a user',
  'Install Adobe Acrobat on reception PC',
];

export async function seedDemo(store: Store): Promise<DemoData> {
  const init = await initAccount(store, {
    accountName: 'Deskline demo',
    name: 'Ada Admin',
    email: 'ada@deskline.example',
  });
  const admin: Actor = {
    kind: 'technician',
    id: init.technician.id,
    name: init.technician.name,
    admin: true,
    tokenPrefix: 'demo',
  };
  const techs = [];
  for (const [name, email] of [
    ['Sam Rivera', 'sam@deskline.example'],
    ['Priya Shah', 'priya@deskline.example'],
    ['Jonas Berg', 'jonas@deskline.example'],
  ] as const) {
    techs.push(await createTechnician(store, admin, { name, email, canUnmask: false }));
  }
  const companies = [];
  for (const name of COMPANIES) companies.push(await createCompany(store, admin, { name }));
  for (const t of techs)
    for (const c of companies) await grantCompany(store, admin, { technicianId: t.id, companyId: c.id });
  const contacts = [];
  for (const [i, [name, email, phone]] of PEOPLE.entries()) {
    const company = companies[i % companies.length]!;
    contacts.push(await createContact(store, admin, { companyId: company.id, name, email, phone }));
  }
  for (let i = 0; i < 60; i++) {
    const contact = contacts[i % contacts.length]!;
    const tech = techs[i % techs.length]!;
    const actor: Actor = { kind: 'technician', id: tech.id, name: tech.name, admin: false, tokenPrefix: 'demo' };
    const ticket = await createTicket(store, actor, {
      title: PROBLEMS[i % PROBLEMS.length]!,
      companyId: contact.company.id,
      requesterId: contact.id,
      priority: PRIORITIES[i % PRIORITIES.length],
      type: TICKET_TYPES[i % TICKET_TYPES.length],
      impact: IMPACTS[i % IMPACTS.length],
      assigneeId: i % 5 === 4 ? undefined : tech.id,
      tags: i % 3 === 0 ? ['hardware'] : i % 3 === 1 ? ['network'] : ['accounts'],
      message: `Reported by ${contact.name} (${contact.phone ?? contact.email}).`,
    });
    if (i % 2 === 0) {
      await commentOnTicket(store, actor, ticket.id, {
        kind: 'reply',
        body: `Hi ${contact.name.split(' ')[0]}, looking into it now.`,
      });
    }
    const status = TICKET_STATUSES[Math.floor(i / 3) % TICKET_STATUSES.length]!;
    if (status !== 'open') await updateTicket(store, actor, ticket.id, { status });
  }
  for (const name of ['Resolved', 'Escalated to a ticket', 'Customer left']) await addWrapup(store, admin, { name });
  // A couple of customers waiting in the chat queue: offered to the first technician who becomes Available.
  const waiting = [
    [contacts[0]!, 'Hi, Outlook keeps asking for my password. You can call me on +447966197542.'],
    [contacts[3]!, 'The VPN dropped again during a customer call, can someone help?'],
  ] as const;
  for (const [contact, message] of waiting) {
    const customer = {
      kind: 'customer',
      contactId: contact.id,
      companyId: contact.company.id,
      name: contact.name,
      email: contact.email,
      tokenPrefix: 'demo',
    } as const;
    await requestChat(
      store,
      customer,
      { message, origin: { os: 'Windows 11', device: 'desktop', client: 'demo' } },
      { ip: '127.0.0.1' },
    );
  }
  return { adminToken: init.token, technicians: techs.map((t) => ({ id: t.id, name: t.name, token: t.token })) };
}
