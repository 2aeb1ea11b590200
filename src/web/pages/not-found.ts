/**
 * The not-found state of a page for a chat or ticket the customer cannot see: the server answers
 * 404 (or 403) alike for one that does not exist and for someone else's, and so does the page.
 */
import { ApiError } from '../api.js';
import type { Session } from '../app.js';
import { h } from '../dom.js';

/** Whether an answer means "not yours or not there". */
export const isNotFound = (err: unknown): boolean =>
  err instanceof ApiError && (err.status === 404 || err.status === 403);

/** "Ticket not found", with the way back. */
export function notFound(session: Session, what: string, back: { path: string; label: string }): HTMLElement {
  document.title = `${what} not found — Helpdesk`;
  const link = h('a', { href: back.path }, back.label);
  link.addEventListener('click', (e) => {
    e.preventDefault();
    session.go(back.path);
  });
  return h(
    'section',
    { class: 'card not-found', id: 'not-found', 'aria-labelledby': 'not-found-title' },
    h('h1', { id: 'not-found-title' }, `${what} not found`),
    h('p', {}, `There is no such ${what.toLowerCase()} among yours.`),
    h('p', {}, link),
  );
}
