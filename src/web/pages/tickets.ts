/**
 * "My tickets": the requester's tickets with their status, and one ticket with its public replies
 * (never internal notes: the server sends none), attachments, a reply form and, once resolved, a
 * rating. Both follow the event stream, so a technician's public reply appears without a reload.
 */
import type { CustomerComment, CustomerTicket, CustomerTicketDetail } from '../../core/customer-tickets.js';
import type { CUSTOMER_TICKET_COMMENTED, CUSTOMER_TICKET_STATUS_CHANGED } from '../../core/events.js';
import { api } from '../api.js';
import type { Session } from '../app.js';
import { byteSize, clock, h, replace } from '../dom.js';
import { ratingForm } from './rating.js';
import { isNotFound, notFound } from './not-found.js';

// The event names, checked against src/core/events.ts without bundling its schemas.
const COMMENTED: typeof CUSTOMER_TICKET_COMMENTED = 'customer.ticket-commented';
const STATUS_CHANGED: typeof CUSTOMER_TICKET_STATUS_CHANGED = 'customer.ticket-status-changed';

const statusText = (t: CustomerTicket) => t.statusName ?? t.status.replace(/_/g, ' ');
const failure = (err: unknown) =>
  h('p', { role: 'alert', class: 'problem' }, err instanceof Error ? err.message : String(err));

function link(session: Session, path: string, ...text: string[]): HTMLAnchorElement {
  const a = h('a', { href: path }, ...text);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    session.go(path);
  });
  return a;
}

export function ticketsPage(main: HTMLElement, session: Session): () => void {
  document.title = 'My tickets — Helpdesk';
  const list = h('ul', { class: 'tickets', id: 'ticket-list' });
  replace(
    main,
    h('section', { 'aria-labelledby': 'tickets-title' }, h('h1', { id: 'tickets-title' }, 'My tickets'), list),
  );
  const load = () =>
    api.tickets().then(
      (r) =>
        replace(
          list,
          ...(r.items.length === 0
            ? [h('li', {}, 'You have no tickets.')]
            : r.items.map((t) =>
                h(
                  'li',
                  { 'data-id': t.id },
                  link(session, `/tickets/${t.id}`, `#${t.number} ${t.title}`),
                  ' ',
                  h('span', { class: `status status-${t.status}` }, statusText(t)),
                  ' ',
                  h('time', { datetime: t.updatedAt }, clock(t.updatedAt)),
                ),
              )),
        ),
      (err: unknown) => replace(list, h('li', {}, failure(err))),
    );
  void load();
  return session.subscribe((e) => {
    if (e.type === COMMENTED || e.type === STATUS_CHANGED) void load();
  });
}

function comment(ticketId: number, c: CustomerComment): HTMLElement {
  return h(
    'li',
    { class: `comment ${c.author.kind === 'technician' ? 'theirs' : 'mine'}`, 'data-id': c.id },
    h(
      'p',
      { class: 'meta' },
      h('span', { class: 'author' }, c.author.name),
      ' ',
      h('time', { datetime: c.createdAt }, clock(c.createdAt)),
    ),
    h('p', { class: 'body' }, c.body),
    c.attachments.length > 0
      ? h(
          'ul',
          { class: 'attachments' },
          ...c.attachments.map((a) =>
            h(
              'li',
              {},
              h('a', { href: `/v1/customer/tickets/${ticketId}/files/${a.id}`, download: a.name }, a.name),
              ` (${byteSize(a.size)})`,
            ),
          ),
        )
      : null,
  );
}

export function ticketPage(main: HTMLElement, session: Session, id: number): () => void {
  let ticket: CustomerTicketDetail | undefined;
  const seen = new Set<number>();
  const title = h('h1', { id: 'ticket-title-heading' });
  const status = h('p', { class: 'status-line', id: 'ticket-status', role: 'status' });
  const comments = h('ol', { class: 'comments', id: 'comments', 'aria-label': 'Replies' });
  const rating = h('div', {});
  const problem = h('p', { class: 'problem', role: 'alert' });
  const body = h('textarea', { id: 'reply', name: 'reply', rows: 4, required: true });
  const reply = h(
    'form',
    {
      class: 'card',
      id: 'reply-form',
      onSubmit: (e: Event) => {
        e.preventDefault();
        problem.textContent = '';
        api.reply(id, body.value).then(
          (answer) => {
            body.value = '';
            // The answer holds the reply and the ticket as it left it; a merged ticket's reply went elsewhere.
            if (answer.ticketId !== id) return void refresh();
            addComment(answer.comment);
            showStatus(answer.ticket);
            if (ticket) ticket = { ...ticket, ...answer.ticket };
          },
          (err: unknown) => (problem.textContent = err instanceof Error ? err.message : String(err)),
        );
      },
    },
    h('label', { for: 'reply' }, 'Reply'),
    body,
    h('button', { type: 'submit' }, 'Send reply'),
    problem,
  );

  const addComment = (c: CustomerComment) => {
    if (seen.has(c.id)) return false;
    seen.add(c.id);
    comments.appendChild(comment(id, c));
    return true;
  };
  const showStatus = (t: CustomerTicket) => {
    const was = ticket?.status;
    status.textContent = `Status: ${statusText(t)}`;
    const resolved = t.status === 'resolved' || t.status === 'closed';
    if (!resolved) replace(rating);
    else if (was !== t.status || rating.childElementCount === 0)
      replace(
        rating,
        t.rating !== null ? h('p', {}, `You rated this ticket ${t.rating} out of 5.`) : ratingForm({ ticket: t.id }),
      );
  };
  const refresh = () =>
    api.ticket(id).then(
      (t) => {
        document.title = `#${t.number} ${t.title} — Helpdesk`;
        title.textContent = `#${t.number} ${t.title}`;
        showStatus(t);
        ticket = t;
        t.comments.forEach(addComment);
      },
      (err: unknown) =>
        replace(
          main,
          isNotFound(err) ? notFound(session, 'Ticket', { path: '/tickets', label: '← My tickets' }) : failure(err),
        ),
    );

  replace(
    main,
    h(
      'section',
      { 'aria-labelledby': 'ticket-title-heading' },
      link(session, '/tickets', '← My tickets'),
      title,
      status,
      comments,
      rating,
      reply,
    ),
  );
  void refresh();
  return session.subscribe((e) => {
    const d = e.data as { ticket?: CustomerTicket; comment?: CustomerComment };
    if (d.ticket?.id !== id) return;
    if (e.type === COMMENTED && d.comment && addComment(d.comment)) {
      session.announce(`${d.comment.author.name} replied: ${d.comment.body}`);
    }
    if (e.type === COMMENTED || e.type === STATUS_CHANGED) {
      showStatus(d.ticket);
      if (ticket) ticket = { ...ticket, ...d.ticket };
    }
  });
}
