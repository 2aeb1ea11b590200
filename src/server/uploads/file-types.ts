/**
 * What a file is, by its content, for the allowed upload types of DESIGN §2.4: images (jpeg, png, gif,
 * bmp, tiff), pdf, Word/Excel/PowerPoint (legacy and OOXML), OpenDocument, txt/log/cfg, zip/rar,
 * mp3/mp4 and msi. Magic numbers are read by `file-type`; a zip is first held to the bomb budget of
 * zip.ts and then named by its entries; content that is none of these is text when it is UTF-8
 * without control bytes. The name must have an extension, and it must agree with the content.
 */
import { fileTypeFromBuffer } from 'file-type';
import { inspectZip, type ZipListing } from './zip.js';
import { invalid } from '../../core/errors.js';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export interface DetectedType {
  /** The type family, e.g. `png`, `docx`, `text`. */
  readonly kind: string;
  readonly mime: string;
  /** Extensions a file of this content may carry. */
  readonly extensions: readonly string[];
}

const T = (kind: string, mime: string, extensions: string[]): DetectedType => ({ kind, mime, extensions });

const TYPES = {
  jpeg: T('jpeg', 'image/jpeg', ['jpg', 'jpeg', 'jpe']),
  png: T('png', 'image/png', ['png']),
  gif: T('gif', 'image/gif', ['gif']),
  bmp: T('bmp', 'image/bmp', ['bmp']),
  tiff: T('tiff', 'image/tiff', ['tif', 'tiff']),
  pdf: T('pdf', 'application/pdf', ['pdf']),
  // Legacy Office files and MSI installers are both OLE compound files.
  ole: T('ole', 'application/x-ole-storage', ['doc', 'xls', 'ppt', 'msi', 'dot', 'xlt', 'pps', 'pot']),
  docx: T('docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ['docx', 'docm', 'dotx']),
  xlsx: T('xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ['xlsx', 'xlsm', 'xltx']),
  pptx: T('pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', [
    'pptx',
    'pptm',
    'ppsx',
  ]),
  odt: T('odt', 'application/vnd.oasis.opendocument.text', ['odt']),
  ods: T('ods', 'application/vnd.oasis.opendocument.spreadsheet', ['ods']),
  odp: T('odp', 'application/vnd.oasis.opendocument.presentation', ['odp']),
  odg: T('odg', 'application/vnd.oasis.opendocument.graphics', ['odg']),
  zip: T('zip', 'application/zip', ['zip']),
  rar: T('rar', 'application/vnd.rar', ['rar']),
  mp3: T('mp3', 'audio/mpeg', ['mp3']),
  mp4: T('mp4', 'video/mp4', ['mp4', 'm4a', 'm4v']),
  text: T('text', 'text/plain; charset=utf-8', ['txt', 'log', 'cfg']),
} as const;

/**
 * The allowed types by the extension `file-type` names. Every ISO media file that is not an image
 * (HEIF, AVIF and camera raw are) counts as mp4.
 */
const BY_FILE_TYPE: Readonly<Record<string, DetectedType>> = {
  jpg: TYPES.jpeg,
  jls: TYPES.jpeg,
  png: TYPES.png,
  apng: TYPES.png,
  gif: TYPES.gif,
  bmp: TYPES.bmp,
  tif: TYPES.tiff,
  pdf: TYPES.pdf,
  cfb: TYPES.ole,
  rar: TYPES.rar,
  mp3: TYPES.mp3,
  ...Object.fromEntries(
    ['mp4', 'm4a', 'm4v', 'm4p', 'm4b', 'mov', '3gp', '3g2', 'f4v', 'f4p', 'f4a', 'f4b'].map((e) => [e, TYPES.mp4]),
  ),
};

const OLE_MIME: Record<string, string> = {
  doc: 'application/msword',
  dot: 'application/msword',
  xls: 'application/vnd.ms-excel',
  xlt: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  pps: 'application/vnd.ms-powerpoint',
  pot: 'application/vnd.ms-powerpoint',
  msi: 'application/x-msi',
};

/** A zip's local file header or, for an empty archive, its end of central directory. */
function isZip(buf: Buffer): boolean {
  return buf.length >= 4 && (buf.readUInt32LE(0) === 0x04034b50 || buf.readUInt32LE(0) === 0x06054b50);
}

/** UTF-8 text (a BOM allowed) without NUL or other control bytes except tab, newlines, form feed and ESC. */
function isText(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return false;
  }
  for (const b of buf) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) return false;
    if (b === 0x7f) return false;
  }
  return true;
}

/** OpenDocument by its `mimetype` entry, OOXML by its part folders, else a plain zip. */
function zipKind(listing: ZipListing): DetectedType {
  const mimetype = listing.mimetype?.trim();
  if (mimetype) {
    const od = Object.values(TYPES).find((t) => t.kind.startsWith('od') && t.mime === mimetype);
    if (od) return od;
  }
  const names = listing.names;
  if (names.includes('[Content_Types].xml')) {
    if (names.some((n) => n.startsWith('word/'))) return TYPES.docx;
    if (names.some((n) => n.startsWith('xl/'))) return TYPES.xlsx;
    if (names.some((n) => n.startsWith('ppt/'))) return TYPES.pptx;
  }
  return TYPES.zip;
}

/**
 * The type of a file by its content, or undefined when it is none of the allowed ones. Throws invalid
 * input for a zip that breaks the bomb budget.
 */
export async function detectType(buf: Buffer): Promise<DetectedType | undefined> {
  if (isZip(buf)) return zipKind(inspectZip(buf));
  const found = await fileTypeFromBuffer(buf);
  const type = found ? BY_FILE_TYPE[found.ext] : undefined;
  // `BM` is only two bytes: text that starts with them ("BMI: 22") stays text.
  if (type && !(type === TYPES.bmp && isText(buf))) return type;
  return isText(buf) ? TYPES.text : undefined;
}

function extensionOf(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : undefined;
}

export interface CheckedUpload {
  readonly kind: string;
  readonly mime: string;
}

/**
 * Checks an upload's size and content type (and, for archives, that it is no
 * bomb); throws invalid input naming the problem.
 */
export async function checkUpload(buf: Buffer, name: string): Promise<CheckedUpload> {
  if (buf.length === 0) throw invalid('the file is empty', 'file');
  if (buf.length > MAX_UPLOAD_BYTES) throw invalid('the file is larger than 20 MB', 'file');
  const type = await detectType(buf);
  const ext = extensionOf(name);
  // A name without an extension says nothing of its type: refused like content of no allowed type.
  if (!type || ext === undefined) {
    throw invalid(
      'this type of file is not allowed (allowed: images, pdf, Office and OpenDocument files, text, zip, rar, mp3, mp4, msi)',
      'file',
    );
  }
  if (!type.extensions.includes(ext)) {
    throw invalid(`the file's content is ${type.kind}, which does not match its name (.${ext})`, 'file');
  }
  const mime = type.kind === 'ole' ? (OLE_MIME[ext] ?? type.mime) : type.mime;
  return { kind: type.kind, mime };
}
