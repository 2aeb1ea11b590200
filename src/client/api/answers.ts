/**
 * Small answers the client checks that no src/core schema names: acknowledgements of removals,
 * tokens, grants and read marks. The route modules import this while their request is out.
 */
import * as z from 'zod/mini';

/** A list of what a schema checks. */
export const listOf = <S extends z.ZodMiniType>(item: S) => z.array(item);

export const removedAnswer = z.object({ removed: z.literal(true) });
/** A wrap-up reason removed: its name. */
export const removedReasonAnswer = z.object({ removed: z.string() });
export const revokedTokensAnswer = z.object({ revoked: z.number() });
export const tokenAnswer = z.object({ token: z.string() });
export const grantAnswer = z.object({ technicianId: z.number(), companyId: z.number(), created: z.boolean() });
export const grantRevokedAnswer = z.object({ technicianId: z.number(), companyId: z.number(), revoked: z.boolean() });
export const prunedAnswer = z.object({ deleted: z.number() });
export const readAnswer = z.object({ read: z.number() });
export const codeSentAnswer = z.object({ sent: z.literal(true) });
export const loggedOutAnswer = z.object({ revoked: z.boolean() });
export const ratingAnswer = z.object({
  ticketId: z.number(),
  rating: z.number(),
  comment: z.nullable(z.string()),
  createdAt: z.string(),
});
/** Just enough of a notification to count the unread ones. */
export const notificationFlags = z.array(z.looseObject({ id: z.number(), read: z.boolean() }));
