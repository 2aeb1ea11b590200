/** The server as a library: for embedding, benchmarks and tools. */
export { Store } from './store/store.js';
export type { StoreConfig } from './store/dialect.js';
export { startServer } from './start.js';
export { listTickets, createTicket, showTicket, updateTicket, commentOnTicket } from './services/tickets.js';
