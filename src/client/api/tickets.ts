/**
 * The ticket routes: list, detail, create, change, comment, merge, spam, delete and restore; files,
 * products and expenses, rendered templates and who is viewing. Schemas are imported while the
 * request is out, so `desk tickets list --json` sends before it loads zod.
 */
import type { ApiClient, Download, Query } from '../http.js';
import type { CommentInput, CreateTicketInput, UpdateTicketInput } from '../../core/inputs.js';
import type { TicketStatus } from '../../core/tickets.js';

const core = () => import('../../core/schemas.js');
const detail = () => import('../../core/ticket-detail.js');
const properties = () => import('../../core/ticket-properties.js');
const resources = () => import('../../core/ticket-resources.js');
const answers = () => import('./answers.js');

/** Whose tickets a queue view shows. */
export type AssigneeFilter = 'mine' | 'unassigned' | 'all';
/** Which statuses a queue view shows; `active` is the server's default list (open and pending). */
export type StatusFilter = 'active' | TicketStatus | 'all';

/** The list query of a queue view: newest first, 100 a page. */
export function ticketViewQuery(
  filter: { assignee: AssigneeFilter; status: StatusFilter },
  cursor: string | null,
): Query {
  return {
    assignee: filter.assignee === 'mine' ? 'me' : filter.assignee === 'unassigned' ? 'none' : undefined,
    status: filter.status === 'active' ? undefined : filter.status,
    sort: 'created',
    limit: 100,
    cursor: cursor ?? undefined,
  };
}

export interface ItemInput {
  readonly kind: string;
  readonly name: string;
  readonly quantity: string;
  readonly unitPrice: string;
}

export class TicketsApi {
  constructor(private readonly http: ApiClient) {}

  /** A page of tickets; the query holds the list's filters, sort, limit and cursor. */
  list(query: Query) {
    return this.http.call('GET', '/v1/tickets', () => core().then((m) => m.ticketPageSchema), { query });
  }

  /** A ticket with its conversation, activity and time; `order` and `only` shape the conversation. */
  get(id: number, query: Query = {}) {
    return this.http.call('GET', `/v1/tickets/${id}`, () => detail().then((m) => m.ticketDetailSchema), { query });
  }

  create(input: CreateTicketInput) {
    return this.http.call('POST', '/v1/tickets', () => core().then((m) => m.ticketSchema), { body: input });
  }

  update(id: number, input: UpdateTicketInput) {
    return this.http.call('PATCH', `/v1/tickets/${id}`, () => core().then((m) => m.ticketSchema), { body: input });
  }

  /** A reply or a note; answers the comment and the ticket as it left it. */
  comment(id: number, input: CommentInput) {
    return this.http.call('POST', `/v1/tickets/${id}/comments`, () => core().then((m) => m.commentResultSchema), {
      body: input,
    });
  }

  merge(id: number, into: number) {
    return this.http.call('POST', `/v1/tickets/${id}/merge`, () => resources().then((m) => m.mergeResultSchema), {
      body: { into },
    });
  }

  markSpam(id: number, spam: boolean) {
    return this.http.call('POST', `/v1/tickets/${id}/spam`, () => core().then((m) => m.ticketSchema), {
      body: { spam },
    });
  }

  remove(id: number) {
    return this.http.call('DELETE', `/v1/tickets/${id}`, () => core().then((m) => m.ticketSchema));
  }

  restore(id: number) {
    return this.http.call('POST', `/v1/tickets/${id}/restore`, () => core().then((m) => m.ticketSchema));
  }

  // ---------- files

  attachments(id: number) {
    return this.http.call('GET', `/v1/tickets/${id}/attachments`, async () => {
      const [a, m] = await Promise.all([answers(), properties()]);
      return a.listOf(m.attachmentSchema);
    });
  }

  /** Uploads a file for the ticket; a reply or note attaches it by id. */
  upload(id: number, name: string, data: Uint8Array, onProgress?: (sent: number, total: number) => void) {
    return this.http.upload(`/v1/tickets/${id}/attachments`, data, () => properties().then((m) => m.attachmentSchema), {
      query: { name },
      ...(onProgress ? { onProgress } : {}),
    });
  }

  download(id: number, fileId: number): Promise<Download> {
    return this.http.download(`/v1/tickets/${id}/attachments/${fileId}/content`);
  }

  // ---------- templates, products and expenses, viewers

  /** A reply template filled in for the ticket. */
  renderTemplate(id: number, name: string) {
    return this.http.call('GET', `/v1/tickets/${id}/templates/${encodeURIComponent(name)}`, () =>
      resources().then((m) => m.renderedTemplateSchema),
    );
  }

  addItem(id: number, input: ItemInput) {
    return this.http.call('POST', `/v1/tickets/${id}/items`, () => resources().then((m) => m.itemSchema), {
      body: input,
    });
  }

  items(id: number) {
    return this.http.call('GET', `/v1/tickets/${id}/items`, () => resources().then((m) => m.itemListSchema));
  }

  removeItem(id: number, itemId: number) {
    return this.http.call('DELETE', `/v1/tickets/${id}/items/${itemId}`, () => answers().then((m) => m.removedAnswer));
  }

  /** Says that I am viewing the ticket (it lapses after a minute unless renewed). */
  view(id: number) {
    return this.http.call('PUT', `/v1/tickets/${id}/presence`, () => resources().then((m) => m.viewersSchema));
  }

  leave(id: number) {
    return this.http.call('DELETE', `/v1/tickets/${id}/presence`, () => resources().then((m) => m.viewersSchema));
  }
}
