/** Rating 1–5 with a comment: of an ended chat (with or without a ticket), or of a resolved ticket. */
import { api } from '../api.js';
import { h, replace } from '../dom.js';

/** What is rated: a chat the customer was in, or one of their tickets. */
export type Rated = { readonly chat: number } | { readonly ticket: number };

export function ratingForm(what: Rated): HTMLElement {
  const problem = h('p', { class: 'problem', role: 'alert', id: 'rating-problem' });
  const comment = h('textarea', { id: 'rating-comment', name: 'comment', rows: 2, maxlength: 2000 });
  const choices = [1, 2, 3, 4, 5].map((n) =>
    h(
      'label',
      { class: 'star' },
      h('input', { type: 'radio', name: 'rating', value: n, required: true, id: `rating-${n}` }),
      ` ${n}`,
    ),
  );
  const send = (rating: number, text: string) =>
    'chat' in what ? api.rateChat(what.chat, rating, text) : api.rateTicket(what.ticket, rating, text);
  const form: HTMLElement = h(
    'form',
    {
      class: 'card',
      id: 'rating-form',
      // Focused when the chat ends, so that Tab goes on into the rating.
      tabindex: '-1',
      'aria-labelledby': 'rating-legend',
      onSubmit: (e: Event) => {
        e.preventDefault();
        const picked = form.querySelector<HTMLInputElement>('input[name=rating]:checked');
        if (!picked) {
          problem.textContent = 'Pick a rating from 1 to 5.';
          return;
        }
        send(Number(picked.value), comment.value.trim()).then(
          (r) => {
            const done = h(
              'p',
              { role: 'status', id: 'rated', tabindex: '-1' },
              `Thank you: you rated ${r.rating} out of 5.`,
            );
            replace(form, done);
            done.focus();
          },
          (err: unknown) => (problem.textContent = err instanceof Error ? err.message : String(err)),
        );
      },
    },
    h(
      'fieldset',
      {},
      h(
        'legend',
        { id: 'rating-legend' },
        `How did we do ${'chat' in what ? 'in this chat' : 'on this ticket'}? (1 = poor, 5 = excellent)`,
      ),
      ...choices,
    ),
    h('label', { for: 'rating-comment' }, 'Comment (optional)'),
    comment,
    h('button', { type: 'submit' }, 'Send rating'),
    problem,
  );
  return form;
}
