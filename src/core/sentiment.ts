/**
 * Sentiment of a requester's latest comments (DESIGN §2.1), computed locally
 * with a small AFINN-style lexicon: each known word scores -5..+5, a negator
 * just before a word flips it, and the average decides. No network service.
 * The lexicon is written for English helpdesk text; other languages score
 * neutral.
 */
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

const LEXICON: Readonly<Record<string, number>> = {
  // positive
  thanks: 2,
  thank: 2,
  thx: 2,
  great: 3,
  excellent: 3,
  awesome: 4,
  amazing: 4,
  perfect: 3,
  good: 3,
  nice: 3,
  love: 3,
  loved: 3,
  happy: 3,
  glad: 3,
  pleased: 3,
  appreciate: 2,
  appreciated: 2,
  helpful: 2,
  works: 2,
  working: 1,
  fixed: 2,
  solved: 2,
  resolved: 2,
  quick: 2,
  fast: 2,
  brilliant: 4,
  wonderful: 4,
  fantastic: 4,
  superb: 4,
  cheers: 2,
  kind: 2,
  satisfied: 2,
  smooth: 2,
  easy: 1,
  better: 2,
  best: 3,
  grateful: 3,
  impressed: 3,
  ok: 1,
  okay: 1,
  fine: 1,
  well: 1,
  welcome: 2,
  success: 2,
  successful: 2,
  // negative
  bad: -3,
  terrible: -3,
  awful: -3,
  horrible: -3,
  worst: -3,
  worse: -3,
  hate: -3,
  angry: -3,
  annoyed: -2,
  annoying: -2,
  frustrated: -2,
  frustrating: -2,
  unacceptable: -3,
  disappointed: -2,
  disappointing: -2,
  useless: -2,
  broken: -2,
  broke: -2,
  crash: -2,
  crashes: -2,
  crashed: -2,
  crashing: -2,
  fail: -2,
  fails: -2,
  failed: -2,
  failing: -2,
  failure: -2,
  error: -2,
  errors: -2,
  problem: -2,
  problems: -2,
  issue: -1,
  issues: -1,
  slow: -2,
  stuck: -2,
  down: -1,
  outage: -3,
  lost: -3,
  lose: -3,
  losing: -3,
  urgent: -2,
  asap: -2,
  ridiculous: -3,
  still: -1,
  again: -1,
  never: -2,
  nobody: -2,
  ignored: -2,
  waiting: -1,
  wait: -1,
  delay: -2,
  delayed: -2,
  late: -2,
  wrong: -2,
  sucks: -3,
  poor: -2,
  upset: -2,
  complain: -2,
  complaint: -2,
  cancel: -1,
  refund: -2,
  sad: -2,
  unhappy: -2,
  disaster: -3,
  mess: -2,
  impossible: -2,
  cannot: -1,
  unable: -2,
  damn: -4,
  hopeless: -2,
  furious: -3,
  rude: -2,
};

const NEGATORS = new Set([
  'not',
  'no',
  "don't",
  'dont',
  "doesn't",
  'doesnt',
  "isn't",
  'isnt',
  "wasn't",
  'never',
  "didn't",
  'didnt',
  "won't",
  'wont',
  "can't",
  'cant',
]);

export interface SentimentScore {
  readonly score: number;
  /** Score per word counted (known words only). */
  readonly comparative: number;
  readonly words: number;
}

/** Scores a text: the sum of the lexicon values of its words, negations flipped. */
export function scoreText(text: string): SentimentScore {
  const tokens = text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
  let score = 0;
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    const value = LEXICON[tokens[i] as string];
    if (value === undefined) continue;
    const negated =
      (i > 0 && NEGATORS.has(tokens[i - 1] as string)) || (i > 1 && NEGATORS.has(tokens[i - 2] as string));
    score += negated ? -value : value;
    words += 1;
  }
  return { score, comparative: words ? score / words : 0, words };
}

/**
 * The sentiment of a requester's latest comments (newest last); the newest
 * weighs most. Null when there is nothing to judge.
 */
export function sentimentOf(comments: readonly string[]): Sentiment | null {
  if (comments.length === 0) return null;
  let total = 0;
  comments.forEach((c, i) => {
    total += scoreText(c).score * (i + 1);
  });
  if (total >= 2) return 'positive';
  if (total <= -2) return 'negative';
  return 'neutral';
}
