/** Table type: a customer's rating of a chat (0019), one per customer and chat. Times are epoch milliseconds. */
export interface ChatRatingTable {
  chat_id: number;
  contact_id: number;
  rating: number;
  comment: string | null;
  created_at: number;
}
