/**
 * Sign in: the e-mail address (a code is sent to it), then the six-digit code. The fields carry the
 * autocomplete hints phones and password managers rely on to fill them in.
 */
import { api, type Contact } from '../api.js';
import { h, replace } from '../dom.js';

export function signInPage(main: HTMLElement, signedIn: (contact: Contact) => Promise<void>): () => void {
  const problem = h('p', { class: 'problem', role: 'alert', id: 'sign-in-problem' });
  const fail = (err: unknown) => {
    problem.textContent = err instanceof Error ? err.message : String(err);
  };

  const email = h('input', {
    id: 'email',
    name: 'email',
    type: 'email',
    autocomplete: 'email',
    required: true,
    'aria-describedby': 'sign-in-problem',
  });
  const emailForm = h(
    'form',
    {
      class: 'card',
      onSubmit: (e: Event) => {
        e.preventDefault();
        problem.textContent = '';
        api.login(email.value).then(askCode, fail);
      },
    },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'We send a six-digit code to your e-mail address.'),
    h('label', { for: 'email' }, 'E-mail address'),
    email,
    h('button', { type: 'submit' }, 'Send me a code'),
    problem,
  );

  function askCode(): void {
    const code = h('input', {
      id: 'code',
      name: 'code',
      type: 'text',
      autocomplete: 'one-time-code',
      inputmode: 'numeric',
      pattern: '[0-9]{6}',
      maxlength: 6,
      required: true,
      'aria-describedby': 'sign-in-problem',
    });
    const form = h(
      'form',
      {
        class: 'card',
        onSubmit: (e: Event) => {
          e.preventDefault();
          problem.textContent = '';
          api
            .verify(email.value, code.value)
            .then((r) => signedIn(r.contact))
            .catch(fail);
        },
      },
      h('h1', {}, 'Enter your code'),
      h('p', {}, `We sent a code to ${email.value}. It expires in a few minutes.`),
      h('label', { for: 'code' }, 'Code'),
      code,
      h('button', { type: 'submit' }, 'Sign in'),
      h(
        'button',
        {
          type: 'button',
          class: 'link-button',
          onClick: () => {
            problem.textContent = '';
            replace(main, emailForm);
            email.focus();
          },
        },
        'Use another address',
      ),
      problem,
    );
    replace(main, form);
    code.focus();
  }

  replace(main, emailForm);
  email.focus();
  return () => {};
}
