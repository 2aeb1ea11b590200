/** Rating 1–5 with a comment, for a chat's ticket or a resolved ticket. */
import { api } from '../api.js';
import { h, replace } from '../dom.js';

export function ratingForm(ticketId: number | null): HTMLElement {
  if (ticketId === null) return h('p', { class: 'card', id: 'rating-thanks' }, 'Thank you for chatting with us.');
  const problem = h('p', { class: 'problem', role: 'alert' });
  const comment = h('textarea', { id: 'rating-comment', name: 'comment', rows: 2, maxlength: 2000 });
  const choices = [1, 2, 3, 4, 5].map((n) =>
    h(
      'label',
      { class: 'star' },
      h('input', { type: 'radio', name: 'rating', value: n, required: true, id: `rating-${n}` }),
      ` ${n}`,
    ),
  );
  const form: HTMLElement = h(
    'form',
    {
      class: 'card',
      id: 'rating-form',
      onSubmit: (e: Event) => {
        e.preventDefault();
        const picked = form.querySelector<HTMLInputElement>('input[name=rating]:checked');
        if (!picked) {
          problem.textContent = 'Pick a rating from 1 to 5.';
          return;
        }
        api.rateTicket(ticketId, Number(picked.value), comment.value.trim()).then(
          (r) => replace(form, h('p', { role: 'status', id: 'rated' }, `Thank you: you rated ${r.rating} out of 5.`)),
          (err: unknown) => (problem.textContent = err instanceof Error ? err.message : String(err)),
        );
      },
    },
    h('fieldset', {}, h('legend', {}, 'How did we do? (1 = poor, 5 = excellent)'), ...choices),
    h('label', { for: 'rating-comment' }, 'Comment (optional)'),
    comment,
    h('button', { type: 'submit' }, 'Send rating'),
    problem,
  );
  return form;
}
