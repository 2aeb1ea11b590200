/**
 * A chat's transcript: who said what and when, technicians by name, system lines apart, files as
 * download links. Each message is shown once however often it arrives (page load, replay, live).
 */
import type { ChatMessage } from '../../core/chat.js';
import { byteSize, clock, h } from '../dom.js';

export class Transcript {
  readonly list = h('ol', { class: 'transcript', id: 'transcript', 'aria-label': 'Conversation' });
  private readonly seen = new Set<number>();

  constructor(private readonly chatId: number) {}

  /** Adds a message unless it is shown already or internal; answers whether it was added. */
  add(m: ChatMessage): boolean {
    if (m.internal || this.seen.has(m.id)) return false;
    this.seen.add(m.id);
    const kind = m.author.kind;
    const when = h('time', { datetime: m.createdAt }, clock(m.createdAt));
    if (kind === 'system') {
      this.push(h('li', { class: 'msg system', 'data-id': m.id }, h('span', { class: 'body' }, m.body), ' ', when));
      return true;
    }
    const body = m.file
      ? h(
          'p',
          { class: 'body file' },
          h('a', { href: `/v1/customer/chats/${this.chatId}/files/${m.file.id}`, download: m.file.name }, m.file.name),
          ` (${byteSize(m.file.size)})`,
        )
      : h('p', { class: 'body' }, m.body);
    this.push(
      h(
        'li',
        { class: `msg ${kind === 'contact' ? 'mine' : 'theirs'}`, 'data-id': m.id },
        h(
          'p',
          { class: 'meta' },
          h('span', { class: 'author' }, kind === 'contact' ? 'You' : m.author.name),
          ' ',
          when,
        ),
        body,
      ),
    );
    return true;
  }

  /** A line about the chat itself (a technician joined, the chat ended). */
  note(text: string, at = new Date().toISOString()): void {
    this.push(
      h('li', { class: 'msg system' }, h('span', { class: 'body' }, text), ' ', h('time', { datetime: at }, clock(at))),
    );
  }

  private push(item: HTMLElement): void {
    const list = this.list;
    const atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.appendChild(item);
    if (atEnd) list.scrollTop = list.scrollHeight;
  }
}
