/** What a technician does with chats, as the HTTP routes call it: read, start, answer, hand on, confer, end. */
export { listRequests, listMyChats, showChat } from './chat-queries.js';
export { startChat } from './invitations.js';
export { acceptChat, declineChat, takeChat } from './answers.js';
export { transferChat, unassignChat } from './transfer.js';
export { conferenceChat, endConference } from './conference.js';
export { endChat } from './ending.js';
export { giveWrapup } from './wrapups.js';
