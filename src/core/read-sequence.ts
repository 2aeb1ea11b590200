/**
 * The header on every GET answer with the event sequence it was read at: every event up to it is in
 * the answer (one after it may be too), so a client that loaded state watches the stream from there.
 * Apart from events.ts so that the HTTP client does not load the stream's schemas.
 */
export const SEQ_HEADER = 'x-desk-seq';
