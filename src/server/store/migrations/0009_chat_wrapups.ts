/**
 * 0009: a wrap-up reason per technician in a chat (the owner who ends or hands it on, each technician
 * who leaves a conference, everyone still in a chat the customer ended), and queues an admin removed.
 * Reasons given before are carried over: a chat's reason to the technician who owned it at the end,
 * an accepted transfer's reason to the technician who handed the chat on; an owner who has not yet
 * given the reason for a chat the customer ended still owes it.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export function chatWrapups(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('chat_participants').addColumn('wrapup', 'text').execute();
      await db.schema
        .alterTable('chat_participants')
        .addColumn('wrapup_due', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('chat_participants').addColumn('wrapup_at', 'bigint').execute();
      await db.schema.alterTable('chat_queues').addColumn('removed_at', 'bigint').execute();
      await db.schema
        .createIndex('chat_participants_wrapup_due')
        .on('chat_participants')
        .columns(['technician_id', 'wrapup_due'])
        .execute();

      await sql`
        UPDATE chat_participants SET
          wrapup = (SELECT c.wrapup FROM chats c WHERE c.id = chat_participants.chat_id),
          wrapup_at = (SELECT c.ended_at FROM chats c WHERE c.id = chat_participants.chat_id)
        WHERE EXISTS (SELECT 1 FROM chats c WHERE c.id = chat_participants.chat_id
          AND c.owner_id = chat_participants.technician_id AND c.wrapup IS NOT NULL)`.execute(db);
      await sql`
        UPDATE chat_participants SET
          wrapup = (SELECT t.reason FROM chat_transfers t WHERE t.chat_id = chat_participants.chat_id
            AND t.from_id = chat_participants.technician_id AND t.state = 'accepted' ORDER BY t.id DESC LIMIT 1),
          wrapup_at = (SELECT t.answered_at FROM chat_transfers t WHERE t.chat_id = chat_participants.chat_id
            AND t.from_id = chat_participants.technician_id AND t.state = 'accepted' ORDER BY t.id DESC LIMIT 1)
        WHERE wrapup IS NULL AND EXISTS (SELECT 1 FROM chat_transfers t WHERE t.chat_id = chat_participants.chat_id
          AND t.from_id = chat_participants.technician_id AND t.state = 'accepted')`.execute(db);
      await sql`
        UPDATE chat_participants SET wrapup_due = 1
        WHERE wrapup IS NULL AND EXISTS (SELECT 1 FROM chats c WHERE c.id = chat_participants.chat_id
          AND c.owner_id = chat_participants.technician_id AND c.state = 'ended'
          AND c.ended_by = 'customer' AND c.accepted_at IS NOT NULL AND c.wrapup IS NULL)`.execute(db);
    },
  };
}
