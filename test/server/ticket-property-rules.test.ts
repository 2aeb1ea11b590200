import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkUpload, detectType } from '../../src/server/uploads/file-types.js';
import { inspectZip } from '../../src/server/uploads/zip.js';
import { onPublicReply, onStatusChange, retarget, startSla, viewTarget } from '../../src/core/sla.js';
import { resolveMentions } from '../../src/core/mentions.js';
import { renderTemplate, unknownPlaceholders } from '../../src/core/templates.js';
import { sentimentOf } from '../../src/core/sentiment.js';
import { canonicalValue } from '../../src/core/custom-fields.js';
import { DeskError } from '../../src/core/errors.js';
import { zipOf } from '../helpers/zip.js';

const H = 3_600_000;

describe('SLA clock rules', () => {
  it('pauses while pending, stops when resolved, and counts neither', () => {
    let s = startSla({ responseMs: H, resolutionMs: 8 * H }, 0, 'open');
    s = onStatusChange(s, 'open', 'pending', 0.5 * H);
    expect(viewTarget(s, s.response, 5 * H)).toMatchObject({ status: 'paused', leftMs: 0.5 * H });
    s = onStatusChange(s, 'pending', 'open', 5 * H);
    expect(s.response.dueAt).toBe(5.5 * H);
    s = onPublicReply(s, 5.25 * H);
    expect(viewTarget(s, s.response, 6 * H)).toMatchObject({ status: 'met', met: true, breached: false });
    s = onStatusChange(s, 'open', 'resolved', 6 * H);
    expect(viewTarget(s, s.resolution, 20 * H)).toMatchObject({ status: 'met' });
    s = onStatusChange(s, 'resolved', 'open', 10 * H);
    expect(viewTarget(s, s.resolution, 10 * H)).toMatchObject({ status: 'running', leftMs: 8 * H - 1.5 * H });
  });

  it('marks a target met late as breached, and retargets from the start excluding pauses', () => {
    let s = startSla({ responseMs: H, resolutionMs: null }, 0, 'open');
    s = onPublicReply(s, 2 * H);
    expect(viewTarget(s, s.response, 2 * H)).toMatchObject({ met: false, breached: true, status: 'breached' });
    let t = startSla({ responseMs: H, resolutionMs: 8 * H }, 0, 'open');
    t = onStatusChange(t, 'open', 'pending', 0);
    t = onStatusChange(t, 'pending', 'open', H);
    t = retarget(t, { responseMs: 4 * H, resolutionMs: null });
    expect(t.response.dueAt).toBe(5 * H);
    expect(viewTarget(t, t.resolution, 0)).toBeNull();
  });
});

describe('upload checks by content', () => {
  it('recognises allowed types by magic bytes and refuses the rest', () => {
    expect(detectType(Buffer.from('%PDF-1.7\n'))?.kind).toBe('pdf');
    expect(detectType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.kind).toBe('jpeg');
    expect(detectType(Buffer.from('GIF89a....'))?.kind).toBe('gif');
    expect(detectType(Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1'))?.kind).toBe('rar');
    expect(detectType(Buffer.from('\0\0\0\x18ftypmp42', 'latin1'))?.kind).toBe('mp4');
    expect(detectType(Buffer.from('\0\0\0\x18ftypheic', 'latin1'))).toBeUndefined();
    expect(detectType(Buffer.from('ID3\x04\0\0\0\0', 'latin1'))?.kind).toBe('mp3');
    expect(detectType(Buffer.from('plain text\n'))?.kind).toBe('text');
    expect(detectType(Buffer.from('MZ\x90\0\x03\0\0\0', 'latin1'))).toBeUndefined();
    expect(detectType(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]))).toBeUndefined();
    const docx = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), size: 8, method: 0 },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>'), size: 13, method: 0 },
    ]);
    expect(detectType(docx)?.kind).toBe('docx');
    const odt = zipOf([
      { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.text'), size: 39, method: 0 },
    ]);
    expect(checkUpload(odt, 'letter.odt').mime).toBe('application/vnd.oasis.opendocument.text');
    expect(() => checkUpload(docx, 'report.pdf')).toThrow(/does not match its name/);
    expect(checkUpload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'setup.msi').mime).toBe(
      'application/x-msi',
    );
  });

  it('refuses zip bombs: big expansion, overlapping entries, deep nesting', () => {
    const zeros = deflateRawSync(Buffer.alloc(32 * 1024 * 1024));
    expect(() => inspectZip(zipOf([{ name: 'z', data: zeros, size: 10, method: 8 }]))).toThrow(/too much data/);
    expect(() => inspectZip(zipOf([{ name: 'z', data: Buffer.from('x'), size: 0xfffffff0, method: 0 }]))).toThrow(
      /too much data/,
    );
    const one = zipOf([{ name: 'a', data: Buffer.from('hello'), size: 5, method: 0 }]);
    const overlapping = Buffer.from(one);
    // A second directory entry pointing at the same local entry.
    const eocd = overlapping.length - 22;
    const cdStart = overlapping.readUInt32LE(eocd + 16);
    const cd = overlapping.subarray(cdStart, eocd);
    const twice = Buffer.concat([overlapping.subarray(0, cdStart), cd, cd, overlapping.subarray(eocd)]);
    const end = twice.length - 22;
    twice.writeUInt16LE(2, end + 8);
    twice.writeUInt16LE(2, end + 10);
    twice.writeUInt32LE(cd.length * 2, end + 12);
    expect(() => inspectZip(twice)).toThrow(/overlap/);
    let nested = one;
    for (let i = 0; i < 3; i++) nested = zipOf([{ name: `l${i}.zip`, data: nested, size: nested.length, method: 0 }]);
    expect(() => inspectZip(nested)).toThrow(/nested too deeply/);
    expect(() => checkUpload(Buffer.alloc(0), 'x.txt')).toThrow(DeskError);
  });
});

describe('mentions, templates, sentiment, field values', () => {
  const techs = [
    { id: 1, name: 'Sam Rivera', email: 'sam@example.com' },
    { id: 2, name: 'Sam Stone', email: 'stone@example.com' },
    { id: 3, name: 'Kim Lee', email: 'kim.lee@example.com' },
  ];
  it('resolves @mentions by e-mail local part, dotted full name or unique first name', () => {
    const ids = (text: string) => resolveMentions(text, techs).map((t) => t.id);
    expect(ids('@sam and @kim please')).toEqual([1, 3]);
    expect(ids('@sam.stone, @kim.lee.')).toEqual([2, 3]);
    expect(ids('mail kim@example.com or @nobody')).toEqual([]);
    expect(ids('@Sam_Rivera @sam_rivera')).toEqual([1]);
  });
  it('fills templates and spots unknown placeholders', () => {
    expect(renderTemplate('Hi {{requester.name}} ({{ticket.id}})', { 'requester.name': 'Mel', 'ticket.id': '7' })).toBe(
      'Hi Mel (7)',
    );
    expect(unknownPlaceholders('{{ticket.id}} {{foo.bar}}')).toEqual(['foo.bar']);
  });
  it('judges sentiment locally', () => {
    expect(sentimentOf([])).toBeNull();
    expect(sentimentOf(['This is not good at all, terrible'])).toBe('negative');
    expect(sentimentOf(['Printer model 4100'])).toBe('neutral');
    expect(sentimentOf(['still broken', 'great, thanks, it works!'])).toBe('positive');
  });
  it('canonicalises and validates field values', () => {
    expect(canonicalValue({ name: 'n', kind: 'number', choices: null }, ' 007.50 ')).toBe('7.5');
    expect(() => canonicalValue({ name: 'd', kind: 'date', choices: null }, '2026-02-29')).toThrow(/YYYY-MM-DD/);
    expect(canonicalValue({ name: 'c', kind: 'choice', choices: ['Prod'] }, 'prod')).toBe('Prod');
  });
});
