/** The server as a library: for embedding, benchmarks and tools. */
export { Store } from './store/store.js';
export type { StoreConfig } from './store/dialect.js';
export { startServer } from './start.js';
export { listTickets } from './services/tickets/list-query.js';
export { createTicket } from './services/tickets/create.js';
export { showTicket } from './services/tickets/detail.js';
export { updateTicket } from './services/tickets/update.js';
export { commentOnTicket } from './services/tickets/comments.js';
export { seedDemo } from './demo/seed.js';
export { initAccount, issueAdminToken } from './services/people.js';
export * as reports from './services/reports/index.js';
