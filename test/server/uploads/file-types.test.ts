/** Upload checks by content: allowed types by their magic numbers, text, zip containers and archive bombs. */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkUpload, detectType, MAX_UPLOAD_BYTES } from '../../../src/server/uploads/file-types.js';
import { inspectZip } from '../../../src/server/uploads/zip.js';
import { DeskError } from '../../../src/core/errors.js';
import { zipOf, type ZipEntry } from '../../helpers/zip.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

/** A TIFF header and one empty image file directory. */
const tiffLE = bytes('II*\0', [8, 0, 0, 0], [0, 0], [0, 0, 0, 0]);
const tiffBE = bytes('MM\0*', [0, 0, 0, 8], [0, 0], [0, 0, 0, 0]);
const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 0x0d], 'IHDR', Array(17).fill(0));
const bmp = bytes('BM', [0x3a, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 0x28, 0, 0, 0], Array(40).fill(0));
/** An MPEG-1 layer III frame header (128 kbit/s, 44.1 kHz) and some frame bytes. */
const mp3Frame = bytes([0xff, 0xfb, 0x90, 0x64], Array(60).fill(0));
const ftyp = (brand: string) => bytes([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0], 'isommp41');
const ole = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], Array(24).fill(0));

const stored = (name: string, text: string): ZipEntry => ({
  name,
  data: Buffer.from(text),
  size: Buffer.byteLength(text),
  method: 0,
});
const docx = zipOf([stored('[Content_Types].xml', '<Types/>'), stored('word/document.xml', '<w:document/>')]);
const xlsx = zipOf([stored('[Content_Types].xml', '<Types/>'), stored('xl/workbook.xml', '<workbook/>')]);
const pptx = zipOf([stored('[Content_Types].xml', '<Types/>'), stored('ppt/presentation.xml', '<p/>')]);
const odt = zipOf([stored('mimetype', 'application/vnd.oasis.opendocument.text')]);
const ods = zipOf([stored('mimetype', 'application/vnd.oasis.opendocument.spreadsheet')]);
const plainZip = zipOf([stored('readme.txt', 'hello')]);
const emptyZip = zipOf([]);

describe('detectType', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF\0')],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xf7, 0, 0x0b])],
    ['png', png],
    ['gif', bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0])],
    ['gif', bytes('GIF87a', [1, 0, 1, 0, 0, 0, 0])],
    ['bmp', bmp],
    ['tiff', tiffLE],
    ['tiff', tiffBE],
    ['pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')],
    ['pdf', Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n')],
    ['ole', ole],
    ['rar', bytes('Rar!\x1a\x07\x00', Array(8).fill(0))],
    ['rar', bytes('Rar!\x1a\x07\x01\x00', Array(8).fill(0))],
    ['mp3', mp3Frame],
    ['mp3', bytes('ID3', [4, 0, 0, 0, 0, 0, 0], mp3Frame.toJSON().data)],
    ['mp4', ftyp('mp42')],
    ['mp4', ftyp('isom')],
    ['mp4', ftyp('M4A ')],
    ['mp4', ftyp('qt  ')],
    ['mp4', ftyp('3gp4')],
    ['docx', docx],
    ['xlsx', xlsx],
    ['pptx', pptx],
    ['odt', odt],
    ['ods', ods],
    ['zip', plainZip],
    ['zip', emptyZip],
    ['text', Buffer.from('plain text\n')],
    ['text', Buffer.from('\ufeffgrüße, 日本語\r\n\tindented\f\x1b[1mbold\n')],
    ['text', Buffer.from('BMI values: 22\n')],
    ['text', Buffer.from('<?xml version="1.0"?>\n<config/>\n')],
    ['text', Buffer.from('{\\rtf1\\ansi hello}')],
  ])('recognises %s content (%#)', async (kind, buf) => {
    expect((await detectType(buf))?.kind).toBe(kind);
  });

  it.each([
    ['a Windows executable', bytes('MZ\x90\0\x03\0\0\0', Array(56).fill(0))],
    ['an ELF binary', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], Array(8).fill(0))],
    ['a HEIF image', ftyp('heic')],
    ['an AVIF image', ftyp('avif')],
    ['a Canon raw image', ftyp('crx ')],
    ['a WebP image', bytes('RIFF', [0x1a, 0, 0, 0], 'WEBPVP8 ', Array(14).fill(0))],
    ['gzip data', bytes([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3], Array(10).fill(0))],
    ['AAC audio', bytes([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc], Array(20).fill(0))],
    ['UTF-16 text', Buffer.from('\ufeffhello', 'utf16le')],
    ['invalid UTF-8', Buffer.from([0x68, 0x69, 0xc3, 0x28])],
    ['text with a NUL byte', Buffer.from('abc\0def')],
    ['text with DEL', Buffer.from('abc\x7fdef')],
  ])('refuses %s', async (_what, buf) => {
    expect(await detectType(buf)).toBeUndefined();
  });
});

/** The DeskError a rejected promise ends with. */
async function failure(promise: Promise<unknown>): Promise<DeskError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeskError);
  return err as DeskError;
}

describe('checkUpload', () => {
  it('gives the type and MIME type, an OLE file its MIME type by its name', async () => {
    await expect(checkUpload(odt, 'letter.odt')).resolves.toEqual({
      kind: 'odt',
      mime: 'application/vnd.oasis.opendocument.text',
    });
    await expect(checkUpload(docx, 'report.docx')).resolves.toMatchObject({ kind: 'docx' });
    await expect(checkUpload(ole, 'setup.msi')).resolves.toEqual({ kind: 'ole', mime: 'application/x-msi' });
    await expect(checkUpload(ole, 'budget.xls')).resolves.toEqual({ kind: 'ole', mime: 'application/vnd.ms-excel' });
    await expect(checkUpload(ftyp('M4A '), 'song.m4a')).resolves.toEqual({ kind: 'mp4', mime: 'video/mp4' });
    await expect(checkUpload(Buffer.from('log line\n'), 'dir/server.LOG')).resolves.toEqual({
      kind: 'text',
      mime: 'text/plain; charset=utf-8',
    });
  });

  it.each([
    [
      'a file whose content is not its name',
      docx,
      'report.pdf',
      "the file's content is docx, which does not match its name (.pdf)",
    ],
    [
      'text named as a pdf',
      Buffer.from('just text, not a pdf\n'),
      'notes.pdf',
      "the file's content is text, which does not match its name (.pdf)",
    ],
    [
      'a disallowed type',
      bytes('MZ', Array(200).fill(1)),
      'setup.exe',
      'this type of file is not allowed (allowed: images, pdf, Office and OpenDocument files, text, zip, rar, mp3, mp4, msi)',
    ],
    [
      'an allowed content under a name without an extension',
      Buffer.from('log line\n'),
      'README',
      'this type of file is not allowed (allowed: images, pdf, Office and OpenDocument files, text, zip, rar, mp3, mp4, msi)',
    ],
    [
      'an OLE file under a name that ends in a dot',
      ole,
      'setup.',
      'this type of file is not allowed (allowed: images, pdf, Office and OpenDocument files, text, zip, rar, mp3, mp4, msi)',
    ],
    ['an empty file', Buffer.alloc(0), 'x.txt', 'the file is empty'],
    ['a file over 20 MB', Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x61), 'big.log', 'the file is larger than 20 MB'],
  ])('refuses %s as invalid input on the file field', async (_what, buf, name, message) => {
    const err = await failure(checkUpload(buf, name));
    expect({ code: err.code, field: err.field, message: err.message }).toEqual({
      code: 'invalid',
      field: 'file',
      message,
    });
  });

  it('accepts a file of exactly 20 MB', async () => {
    await expect(checkUpload(Buffer.alloc(MAX_UPLOAD_BYTES, 0x61), 'big.log')).resolves.toMatchObject({ kind: 'text' });
  });
});

describe('archive bombs', () => {
  const one = zipOf([stored('a', 'hello')]);

  /** `one` with a second directory entry pointing at the same local entry. */
  function overlapping(): Buffer {
    const eocd = one.length - 22;
    const cdStart = one.readUInt32LE(eocd + 16);
    const cd = one.subarray(cdStart, eocd);
    const twice = Buffer.concat([one.subarray(0, cdStart), cd, cd, one.subarray(eocd)]);
    const end = twice.length - 22;
    twice.writeUInt16LE(2, end + 8);
    twice.writeUInt16LE(2, end + 10);
    twice.writeUInt32LE(cd.length * 2, end + 12);
    return twice;
  }

  function nestedThreeDeep(): Buffer {
    let nested = one;
    for (let i = 0; i < 3; i++) nested = zipOf([{ name: `l${i}.zip`, data: nested, size: nested.length, method: 0 }]);
    return nested;
  }

  it.each([
    [
      'an entry that inflates past the budget',
      () => zipOf([{ name: 'z', data: deflateRawSync(Buffer.alloc(32 * 1024 * 1024)), size: 10, method: 8 }]),
      'the archive was refused: it expands to too much data',
    ],
    [
      'a stored entry that declares a huge size',
      () => zipOf([{ name: 'z', data: Buffer.from('x'), size: 0xfffffff0, method: 0 }]),
      'the archive was refused: it expands to too much data',
    ],
    ['overlapping entries', overlapping, 'the archive was refused: its entries overlap'],
    ['archives nested three deep', nestedThreeDeep, 'the archive was refused: archives are nested too deeply'],
  ])('refuses %s, also as an upload', async (_what, make, message) => {
    const zip = make();
    expect(() => inspectZip(zip)).toThrow(message);
    const err = await failure(checkUpload(zip, 'archive.zip'));
    expect({ code: err.code, field: err.field, message: err.message }).toEqual({
      code: 'invalid',
      field: 'file',
      message,
    });
  });

  it('accepts a zip inside a zip and a small deflated entry', async () => {
    const inner = zipOf([
      { name: 'readme.txt', data: deflateRawSync(Buffer.from('hello '.repeat(100))), size: 600, method: 8 },
    ]);
    const outer = zipOf([{ name: 'inner.zip', data: inner, size: inner.length, method: 0 }]);
    expect(inspectZip(outer).names).toEqual(['inner.zip']);
    await expect(checkUpload(outer, 'bundle.zip')).resolves.toEqual({ kind: 'zip', mime: 'application/zip' });
  });
});
