/**
 * Terminal safety (DESIGN §2.6): customer text is made inert before any client prints it. Escape
 * sequences are removed whole, with their parameters and payload, so nothing of them reaches the
 * terminal: CSI (`ESC [` … final byte, or 8-bit 0x9B), OSC (`ESC ]` or 0x9D, up to BEL or ST), DCS,
 * SOS, PM and APC (`ESC P`/`X`/`^`/`_` or 0x90/0x98/0x9E/0x9F, up to ST), where a missing terminator
 * removes the rest of the text, and every other `ESC` sequence. Then every remaining C0 control but
 * newline and tab (carriage return included), DEL and every C1 control (U+0080–U+009F) are dropped.
 * Pure; text with nothing to strip is returned as it is.
 */

const BEL = 0x07;
const ESC = 0x1b;
const C1_DCS = 0x90;
const C1_SOS = 0x98;
const C1_CSI = 0x9b;
const C1_ST = 0x9c;
const C1_OSC = 0x9d;
const C1_PM = 0x9e;
const C1_APC = 0x9f;

/**
 * Every character that starts something to strip, including the bidirectional marks, embedding,
 * override and isolate controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which could
 * reorder what a technician sees.
 */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_TEST = new RegExp(CONTROL.source);
const LINE_BREAK_OR_TAB = /[\n\t]/g;

/** Removes escape sequences and control characters (keeping newline and tab). */
export function sanitizeTerminal(text: string): string {
  const control = new RegExp(CONTROL);
  let out = '';
  let from = 0;
  for (let match = control.exec(text); match !== null; match = control.exec(text)) {
    out += text.slice(from, match.index);
    from = sequenceEnd(text, match.index);
    control.lastIndex = from;
  }
  return from === 0 ? text : out + text.slice(from); // from is 0 only when nothing was stripped
}

/** A colour or style sequence (SGR) as chalk writes it: `ESC [` digits and semicolons, then `m`. */
const SGR = /\x1b\[[0-9;]*m/g;

/**
 * The last guard before a stream reaches the terminal, for whole chunks of output that mix the
 * program's own styling with text from elsewhere: every escape sequence and control character is
 * removed as {@link sanitizeTerminal} does, except colour and style sequences (SGR) and a carriage
 * return that starts the chunk (a progress line rewriting itself). Text from the server is made
 * fully inert earlier, where it is rendered; this keeps anything that slipped past from moving the
 * cursor, setting the title or writing the clipboard.
 */
export function inertOutput(chunk: string): string {
  const lead = chunk.startsWith('\r') ? '\r' : '';
  const body = lead ? chunk.slice(1) : chunk;
  if (!CONTROL_TEST.test(body)) return chunk;
  let out = lead;
  let from = 0;
  for (const m of body.matchAll(SGR)) {
    out += sanitizeTerminal(body.slice(from, m.index)) + m[0];
    from = m.index + m[0].length;
  }
  return out + sanitizeTerminal(body.slice(from));
}

/** {@link sanitizeTerminal} for one-line output such as a table cell: newlines and tabs become spaces. */
export function sanitizeLine(text: string): string {
  return sanitizeTerminal(text).replace(LINE_BREAK_OR_TAB, ' ');
}

/** Where the sequence or control character starting at `index` ends. */
function sequenceEnd(text: string, index: number): number {
  const c = text.charCodeAt(index);
  if (c === ESC) return escapeEnd(text, index + 1);
  if (c === C1_CSI) return csiEnd(text, index + 1);
  if (c === C1_OSC) return stringEnd(text, index + 1, true);
  if (c === C1_DCS || c === C1_SOS || c === C1_PM || c === C1_APC) return stringEnd(text, index + 1, false);
  return index + 1;
}

/** The end of an escape sequence whose `ESC` is just before `index`. */
function escapeEnd(text: string, index: number): number {
  const c = text.charCodeAt(index);
  if (c === 0x5b) return csiEnd(text, index + 1); // [
  if (c === 0x5d) return stringEnd(text, index + 1, true); // ]
  if (c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f) return stringEnd(text, index + 1, false); // P X ^ _
  const end = skipRange(text, index, 0x20, 0x2f); // intermediate bytes
  return inRange(text.charCodeAt(end), 0x30, 0x7e) ? end + 1 : end; // final byte, if there is one
}

/** Parameter and intermediate bytes, then the final byte if there is one. */
function csiEnd(text: string, index: number): number {
  const end = skipRange(text, index, 0x20, 0x3f);
  return inRange(text.charCodeAt(end), 0x40, 0x7e) ? end + 1 : end;
}

/**
 * The end of a control string (OSC, DCS, SOS, PM, APC): after 0x9C or, for OSC, BEL; before an `ESC`,
 * which is either the `ESC \` terminator or a new sequence and is stripped in turn; else the end of text.
 */
function stringEnd(text: string, index: number, belTerminates: boolean): number {
  for (let i = index; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === C1_ST || (belTerminates && c === BEL)) return i + 1;
    if (c === ESC) return i;
  }
  return text.length;
}

function skipRange(text: string, index: number, low: number, high: number): number {
  let i = index;
  while (i < text.length && inRange(text.charCodeAt(i), low, high)) i++;
  return i;
}

function inRange(c: number, low: number, high: number): boolean {
  return c >= low && c <= high;
}
