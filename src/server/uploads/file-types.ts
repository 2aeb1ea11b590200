/**
 * What a file is, by its content (magic bytes), for the allowed upload types of
 * DESIGN §2.4: images (jpeg, png, gif, bmp, tiff), pdf, Word/Excel/PowerPoint
 * (legacy and OOXML), OpenDocument, txt/log/cfg, zip/rar, mp3/mp4 and msi. The
 * name's extension must agree with the content when it has one.
 */
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

function startsWith(buf: Buffer, bytes: readonly number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) return false;
  return bytes.every((b, i) => buf[offset + i] === b);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** ISO media brands that are still images (HEIF, AVIF, camera raw), not mp4. */
const IMAGE_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis', 'crx ']);

function isMp3(buf: Buffer): boolean {
  if (startsWith(buf, ascii('ID3'))) return true;
  // An MPEG audio frame header: 11 sync bits, MPEG version not reserved, layer III.
  const b1 = buf[1] ?? 0;
  return buf[0] === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x18) !== 0x08 && (b1 & 0x06) === 0x02;
}

function isBmp(buf: Buffer): boolean {
  if (!startsWith(buf, ascii('BM')) || buf.length < 26) return false;
  return [12, 40, 52, 56, 64, 108, 124].includes(buf.readUInt32LE(14));
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

/** The type of a file by its content, or undefined when it is none of the allowed ones. */
export function detectType(buf: Buffer): DetectedType | undefined {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return TYPES.png;
  if (startsWith(buf, ascii('GIF87a')) || startsWith(buf, ascii('GIF89a'))) return TYPES.gif;
  if (isBmp(buf)) return TYPES.bmp;
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a])) return TYPES.tiff;
  if (startsWith(buf, ascii('%PDF-'))) return TYPES.pdf;
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return TYPES.ole;
  if (startsWith(buf, ascii('PK\x03\x04')) || startsWith(buf, ascii('PK\x05\x06'))) return zipKind(inspectZip(buf));
  if (startsWith(buf, ascii('Rar!\x1a\x07\x00')) || startsWith(buf, ascii('Rar!\x1a\x07\x01\x00'))) return TYPES.rar;
  if (startsWith(buf, ascii('ftyp'), 4) && !IMAGE_BRANDS.has(buf.toString('latin1', 8, 12))) return TYPES.mp4;
  if (isMp3(buf)) return TYPES.mp3;
  if (isText(buf)) return TYPES.text;
  return undefined;
}

function extensionOf(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined;
}

export interface CheckedUpload {
  readonly kind: string;
  readonly mime: string;
}

/**
 * Checks an upload's size and content type (and, for archives, that it is no
 * bomb); throws invalid input naming the problem.
 */
export function checkUpload(buf: Buffer, name: string): CheckedUpload {
  if (buf.length === 0) throw invalid('the file is empty', 'file');
  if (buf.length > MAX_UPLOAD_BYTES) throw invalid('the file is larger than 20 MB', 'file');
  const type = detectType(buf);
  if (!type) {
    throw invalid(
      'this type of file is not allowed (allowed: images, pdf, Office and OpenDocument files, text, zip, rar, mp3, mp4, msi)',
      'file',
    );
  }
  const ext = extensionOf(name);
  if (ext !== undefined && !type.extensions.includes(ext)) {
    throw invalid(`the file's content is ${type.kind}, which does not match its name (.${ext})`, 'file');
  }
  const mime = type.kind === 'ole' ? (OLE_MIME[ext ?? ''] ?? type.mime) : type.mime;
  return { kind: type.kind, mime };
}
