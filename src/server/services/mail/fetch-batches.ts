/**
 * A mailbox's unseen messages fetched in batches: one SEARCH, one FETCH of their sizes, then one
 * FETCH of the sources per batch (at most `BATCH_MESSAGES` messages and `BATCH_BYTES`, a message
 * larger than that alone), so reading costs a few round trips per batch rather than per message.
 * The next batch is fetched while the caller imports the current one (at most two batches held).
 */
import type { FetchMessageObject, ImapFlow } from 'imapflow';

const BATCH_MESSAGES = 100;
const BATCH_BYTES = 32 * 1024 * 1024;

/** An IMAP UID set (`1:5,8`) for the given UIDs. */
export function uidSet(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Splits messages, in order, into batches of at most `maxCount` messages and `maxBytes` (one larger message alone). */
export function planBatches(
  messages: ReadonlyArray<{ uid: number; size: number }>,
  maxCount = BATCH_MESSAGES,
  maxBytes = BATCH_BYTES,
): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const m of messages) {
    if (current.length > 0 && (current.length >= maxCount || bytes + m.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m.uid);
    bytes += m.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The unseen messages of the open folder, a batch at a time, each with its UID and source. */
export async function* unseenBatches(client: ImapFlow): AsyncGenerator<FetchMessageObject[]> {
  const uids = (await client.search({ seen: false }, { uid: true })) || [];
  if (uids.length === 0) return;
  const sizes = await client.fetchAll(uidSet(uids), { size: true }, { uid: true });
  const listed = sizes.map((m) => ({ uid: m.uid, size: m.size ?? 0 })).sort((a, b) => a.uid - b.uid);
  const fetchBatch = (batch: number[]) => {
    const fetched = client.fetchAll(uidSet(batch), { source: true }, { uid: true });
    // Awaited below unless the caller stops first (its error, a closed connection): not unhandled then.
    fetched.catch(() => {});
    return fetched;
  };
  const batches = planBatches(listed);
  let next = batches[0] ? fetchBatch(batches[0]) : undefined;
  for (let i = 0; next; i++) {
    const fetched = await next;
    const following = batches[i + 1];
    next = following ? fetchBatch(following) : undefined;
    yield fetched.sort((a, b) => a.uid - b.uid);
  }
}
