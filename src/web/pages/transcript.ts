/**
 * A chat's transcript: who said what and when, technicians by name, system lines apart, files as
 * download links. Each message is shown once however often it arrives (page load, replay, live).
 */
import type { ChatMessage } from '../../core/chat.js';
import { authHeaders, sessionToken } from '../api.js';
import { byteSize, clock, h } from '../dom.js';

/**
 * Saves a file with the in-memory session token (the embedded chat has no cookie for a plain link
 * to carry): fetched with `Authorization: Bearer`, then handed to the browser as a download.
 */
async function saveWithToken(href: string, name: string): Promise<void> {
  const res = await fetch(href, { headers: authHeaders(), credentials: 'omit' });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function fileLink(chatId: number, file: { id: number; name: string }): HTMLElement {
  const href = `/v1/customer/chats/${chatId}/files/${file.id}`;
  const a = h('a', { href, download: file.name }, file.name);
  a.addEventListener('click', (e) => {
    if (sessionToken() === undefined) return;
    e.preventDefault();
    void saveWithToken(href, file.name);
  });
  return a;
}

/** A person's line in the transcript: who and when above what they said. */
function messageLine(cls: string, author: string, when: HTMLElement, body: HTMLElement): HTMLElement {
  return h('li', { class: cls }, h('p', { class: 'meta' }, h('span', { class: 'author' }, author), ' ', when), body);
}

/** A message of mine on its way. */
export interface UnconfirmedLine {
  /** It was refused or could not be sent: the line says why, and offers `retry` when given one. */
  failed(reason: string, retry: (() => void) | undefined): void;
}

export class Transcript {
  readonly list = h('ol', { class: 'transcript', id: 'transcript', 'aria-label': 'Conversation' });
  private readonly seen = new Set<number>();
  /** My messages shown before the server answered, by client id. */
  private readonly unconfirmed = new Map<string, HTMLElement>();
  /** Whether the list is scrolled to its end, so new lines keep it there (read on scroll, when layout is fresh). */
  private following = true;
  private scrollPending = false;

  /** `me`: the signed-in contact, whose lines are "You"; other customers in a shared session go by name. */
  constructor(
    private readonly chatId: number,
    private readonly me: number,
  ) {
    this.list.addEventListener(
      'scroll',
      () => {
        const list = this.list;
        this.following = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
      },
      { passive: true },
    );
  }

  /**
   * Adds a message unless it is shown already or internal; answers whether it was added. A message
   * of mine shown by {@link sending} is that line, now with the server's id and time.
   */
  add(m: ChatMessage): boolean {
    if (m.internal || this.seen.has(m.id)) return false;
    this.seen.add(m.id);
    const early = m.clientId === null ? undefined : this.unconfirmed.get(m.clientId);
    if (early && m.clientId !== null) {
      this.unconfirmed.delete(m.clientId);
      early.dataset.id = String(m.id);
      const time = early.querySelector('time');
      const shown = clock(m.createdAt);
      // Rewritten only when the minute shown differs: the line is not drawn again for nothing.
      if (time && time.textContent !== shown) time.textContent = shown;
      time?.setAttribute('datetime', m.createdAt);
      // Refused on the way, yet stored (the answer was lost): it was sent after all.
      early.querySelector('.not-sent')?.remove();
      early.classList.remove('failed');
      return false;
    }
    const kind = m.author.kind;
    const mine = kind === 'contact' && m.author.id === this.me;
    const when = h('time', { datetime: m.createdAt }, clock(m.createdAt));
    if (kind === 'system') {
      this.push(h('li', { class: 'msg system', 'data-id': m.id }, h('span', { class: 'body' }, m.body), ' ', when));
      return true;
    }
    const body = m.file
      ? h('p', { class: 'body file' }, fileLink(this.chatId, m.file), ` (${byteSize(m.file.size)})`)
      : h('p', { class: 'body' }, m.body);
    const item = messageLine(
      `msg ${mine ? 'mine' : 'theirs'}${kind === 'contact' ? ' customer' : ''}`,
      mine ? 'You' : m.author.name,
      when,
      body,
    );
    item.dataset.id = String(m.id);
    this.push(item);
    return true;
  }

  /**
   * Shows a message of mine the moment it is sent, with this device's time, until the server has it
   * ({@link add} with the same client id). If it is refused the line stays, saying so, with a Retry
   * button that sends it again under the same client id (stored once however often it is sent).
   */
  sending(clientId: string, body: string): UnconfirmedLine {
    const at = new Date().toISOString();
    const item = messageLine(
      'msg mine customer',
      'You',
      h('time', { datetime: at }, clock(at)),
      h('p', { class: 'body' }, body),
    );
    this.unconfirmed.set(clientId, item);
    this.push(item);
    return {
      failed: (reason, retry) => {
        if (!this.unconfirmed.has(clientId)) return;
        item.querySelector('.not-sent')?.remove();
        const note = h('p', { class: 'not-sent' }, `Not sent: ${reason}`);
        if (retry) {
          const short = body.length > 40 ? `${body.slice(0, 40)}…` : body;
          const again = h(
            'button',
            { type: 'button', class: 'link-button', 'aria-label': `Retry sending “${short}”` },
            'Retry',
          );
          again.addEventListener('click', () => {
            note.remove();
            item.classList.remove('failed');
            // Sent again now: it takes its place after what was sent meanwhile, as the server stores it.
            this.list.appendChild(item);
            document.getElementById('composer')?.focus();
            retry();
          });
          note.append(' ', again);
        }
        item.classList.add('failed');
        item.appendChild(note);
      },
    };
  }

  /** The chat is over: what was not sent can no longer be, so no line offers to send it again. */
  closeRetries(): void {
    for (const button of this.list.querySelectorAll('.not-sent button')) button.remove();
  }

  /** A line about the chat itself (a technician joined, the chat ended). */
  note(text: string, at = new Date().toISOString()): void {
    this.push(
      h('li', { class: 'msg system' }, h('span', { class: 'body' }, text), ' ', h('time', { datetime: at }, clock(at))),
    );
  }

  /**
   * Appends a line; when the list was at its end, scrolls to the new end before the next frame is
   * drawn. Nothing here reads the layout, so a burst of lines is laid out once, not once per line.
   */
  private push(item: HTMLElement): void {
    this.list.appendChild(item);
    if (!this.following || this.scrollPending) return;
    this.scrollPending = true;
    requestAnimationFrame(() => {
      this.scrollPending = false;
      this.list.scrollTop = this.list.scrollHeight;
    });
  }
}
