/**
 * The chat composer: a textarea where Enter sends and Shift+Enter starts a new line, with the TUI's
 * rules (src/core/composer.ts: not empty, at most 1000 characters as people count them, no `<` or
 * `>`) checked as the customer types, a live counter, and files sent by picker or drag and drop with
 * upload progress.
 */
import { COMPOSER_MAX, checkComposer, composerLength } from '../../core/composer.js';
import { FILE_MAX, upload } from '../api.js';
import type { ChatMessage } from '../../core/chat.js';
import { byteSize, h } from '../dom.js';

/** How the composer's alert begins when a message did not get through. */
export const NOT_SENT = 'Your message was not sent';

export interface ComposerHooks {
  /** Sends a message; the composer is empty again at once (a message refused stays in the transcript, with Retry). */
  send(text: string): Promise<unknown>;
  sent(m: ChatMessage): void;
}

export function composer(chatId: number, dropZone: HTMLElement, hooks: ComposerHooks): HTMLElement {
  const problem = h('p', { class: 'problem', id: 'composer-problem', role: 'alert' });
  const counter = h('span', { class: 'counter', id: 'composer-counter', 'aria-live': 'off' }, `0 / ${COMPOSER_MAX}`);
  const text = h('textarea', {
    id: 'composer',
    name: 'message',
    rows: 3,
    'aria-describedby': 'composer-counter composer-problem',
  });
  const progress = h('progress', { id: 'upload-progress', max: 1, value: 0, hidden: true });
  const uploading = h('p', { class: 'upload-state', id: 'upload-state', role: 'status' });

  // The counter and the problem line change only when what they say changes: each write would
  // lay out and paint the composer again, keystroke after keystroke.
  let counted = -1;
  const check = () => {
    const length = composerLength(text.value);
    if (length !== counted) {
      counted = length;
      counter.textContent = `${length} / ${COMPOSER_MAX}`;
      counter.classList.toggle('over', length > COMPOSER_MAX);
    }
    const verdict = checkComposer(text.value);
    const words = verdict.ok || verdict.code === 'empty' ? '' : verdict.reason;
    if (problem.textContent !== words) problem.textContent = words;
    return verdict;
  };

  const submit = () => {
    const verdict = check();
    if (!verdict.ok) {
      // Written again even when it says the same: the alert is read again for each refused send.
      problem.textContent = verdict.reason;
      return;
    }
    const sending = text.value;
    // Sent first: the page's own drawing follows the message out rather than delaying it.
    const sent = hooks.send(sending);
    text.value = '';
    check();
    sent.catch((err: unknown) => {
      problem.textContent = `${NOT_SENT}: ${err instanceof Error ? err.message : String(err)}`;
    });
  };

  text.addEventListener('input', check);
  text.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    submit();
  });

  const sendFile = async (file: File) => {
    if (file.size > FILE_MAX) {
      problem.textContent = `${file.name} is ${byteSize(file.size)}; files may be at most ${byteSize(FILE_MAX)}.`;
      return;
    }
    problem.textContent = '';
    progress.hidden = false;
    progress.value = 0;
    uploading.textContent = `Sending ${file.name}…`;
    try {
      const m = await upload(chatId, file, (share) => {
        progress.value = share;
        uploading.textContent = `Sending ${file.name}… ${Math.round(share * 100)}%`;
      });
      uploading.textContent = `Sent ${file.name}.`;
      hooks.sent(m);
    } catch (err) {
      uploading.textContent = '';
      problem.textContent = err instanceof Error ? err.message : String(err);
    } finally {
      progress.hidden = true;
    }
  };
  const sendFiles = async (files: FileList | null) => {
    for (const f of Array.from(files ?? [])) await sendFile(f);
  };

  const picker = h('input', {
    id: 'file-input',
    type: 'file',
    class: 'visually-hidden',
    onChange: () => {
      void sendFiles(picker.files).then(() => (picker.value = ''));
    },
  });
  dropZone.addEventListener('dragover', (e) => {
    e.preventDefault();
    dropZone.classList.add('dropping');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dropping'));
  dropZone.addEventListener('drop', (e) => {
    e.preventDefault();
    dropZone.classList.remove('dropping');
    void sendFiles(e.dataTransfer?.files ?? null);
  });

  return h(
    'form',
    {
      class: 'composer',
      id: 'composer-form',
      onSubmit: (e: Event) => {
        e.preventDefault();
        submit();
      },
    },
    h(
      'label',
      { for: 'composer' },
      'Your message ',
      h('span', { class: 'hint' }, '(Enter sends, Shift+Enter: new line)'),
    ),
    text,
    h(
      'div',
      { class: 'composer-row' },
      counter,
      picker,
      h('label', { for: 'file-input', class: 'file-button' }, 'Send a file'),
      h('button', { type: 'submit' }, 'Send'),
    ),
    progress,
    uploading,
    problem,
  );
}
