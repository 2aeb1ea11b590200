/**
 * The technician's chat composer rules (DESIGN §2.4), checked by the client before sending and by the
 * server on receipt: a message is not blank, holds at most {@link COMPOSER_MAX} characters and has no
 * `<` or `>`, which are reserved for template parameters. Pure.
 */

/** Most characters in one chat message. */
export const COMPOSER_MAX = 1000;

/** Most characters in the optional note of a chat transfer. */
export const TRANSFER_NOTE_MAX = 345;

export type ComposerCheck = { ok: true } | { ok: false; reason: string; code: 'empty' | 'too_long' | 'reserved_char' };

/** Made on first use: building a segmenter loads ICU break data, which every command would pay. */
let graphemes: Intl.Segmenter | undefined;

/** Text in which every UTF-16 code unit is one grapheme: ASCII without a carriage return (CR LF is one). */
const ONE_UNIT_PER_GRAPHEME = /^[^\r\u0080-\uffff]*$/;

/** Whitespace and invisible format characters (zero-width space, joiners, BOM): nothing to read. */
const BLANK = /^[\s\p{Cf}]*$/u;

const RESERVED = /[<>]/;

/**
 * The length of a message as a person counts it: Unicode extended grapheme clusters. An emoji built
 * of several code points (👍🏽, 👨‍👩‍👧, 🇫🇷) or a letter with combining accents (é written as e + ◌́)
 * is one character on screen, so it counts as one. Code points would count those as 2 to 5, and
 * UTF-16 units (`string.length`) as up to 8, refusing messages a technician sees as short enough.
 */
export function composerLength(text: string): number {
  if (ONE_UNIT_PER_GRAPHEME.test(text)) return text.length;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const segments = graphemes.segment(text)[Symbol.iterator]();
  let count = 0;
  while (segments.next().done !== true) count++;
  return count;
}

/** Checks a chat message against the composer rules; the reason is a sentence to show the technician. */
export function checkComposer(text: string): ComposerCheck {
  if (BLANK.test(text)) {
    return { ok: false, code: 'empty', reason: 'The message is empty.' };
  }
  // Graphemes never outnumber UTF-16 units, so only a longer text needs counting.
  const length = text.length > COMPOSER_MAX ? composerLength(text) : 0;
  if (length > COMPOSER_MAX) {
    return {
      ok: false,
      code: 'too_long',
      reason: `The message is ${length} characters long; the limit is ${COMPOSER_MAX}.`,
    };
  }
  if (RESERVED.test(text)) {
    return {
      ok: false,
      code: 'reserved_char',
      reason: 'The message may not contain < or >: they are reserved for template parameters.',
    };
  }
  return { ok: true };
}
