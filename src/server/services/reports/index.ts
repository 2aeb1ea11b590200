/** Reports (issue 18): one module per report, all computed in SQL. */
export { ticketsReport } from './tickets.js';
export { slaReport } from './sla.js';
export { chatsReport } from './chats.js';
export { techniciansReport } from './technicians.js';
export { satisfactionReport } from './satisfaction.js';
export { timeReport } from './time.js';
export { setReportsRight } from './rights.js';
