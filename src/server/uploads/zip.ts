/**
 * Looks inside a zip file (also the container of OOXML and OpenDocument files)
 * without trusting its headers: every entry is really inflated against a
 * budget, so archive bombs — huge expansion, overlapping entries, deep nesting
 * — are refused before anything is stored.
 */
import { inflateRawSync } from 'node:zlib';
import { invalid } from '../../core/errors.js';

export interface ZipListing {
  readonly names: readonly string[];
  /** The content of an OpenDocument `mimetype` entry, if there is one. */
  readonly mimetype: string | undefined;
  readonly uncompressedBytes: number;
}

export const ZIP_LIMITS = {
  maxEntries: 10_000,
  /** Most bytes all entries (nested archives included) may expand to. */
  maxTotalBytes: 256 * 1024 * 1024,
  /** Above `ratioFloorBytes`, refuse archives that expand more than this many times. */
  maxRatio: 100,
  ratioFloorBytes: 10 * 1024 * 1024,
  /** A zip inside a zip is fine; one more level is refused. */
  maxDepth: 2,
};

const bomb = (why: string) => invalid(`the archive was refused: ${why}`, 'file');

function findEndOfCentralDirectory(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw bomb('it is not a valid zip file (no central directory)');
}

interface Budget {
  used: number;
}

function inflateEntry(data: Buffer, method: number, declared: number, budget: Budget): Buffer | undefined {
  const left = ZIP_LIMITS.maxTotalBytes - budget.used;
  if (method === 0) {
    budget.used += data.length;
    if (budget.used > ZIP_LIMITS.maxTotalBytes) throw bomb('it expands to too much data');
    return data;
  }
  if (method === 8) {
    // Past the floor, an entry may not expand more than maxRatio times: a bomb is stopped early.
    const limit = Math.min(left, Math.max(ZIP_LIMITS.ratioFloorBytes, data.length * ZIP_LIMITS.maxRatio));
    let out: Buffer;
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, limit) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw bomb('it expands to too much data');
      }
      throw bomb('an entry is corrupt');
    }
    budget.used += out.length;
    return out;
  }
  // Other methods (encrypted, bzip2, lzma…) cannot be checked here: count what they declare.
  budget.used += declared;
  if (budget.used > ZIP_LIMITS.maxTotalBytes) throw bomb('it expands to too much data');
  return undefined;
}

function walk(buf: Buffer, depth: number, budget: Budget): ZipListing {
  if (depth > ZIP_LIMITS.maxDepth) throw bomb('archives are nested too deeply');
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x06054b50)
    return { names: [], mimetype: undefined, uncompressedBytes: 0 };
  const eocd = findEndOfCentralDirectory(buf);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    throw bomb('zip64 archives are not accepted');
  if (count > ZIP_LIMITS.maxEntries) throw bomb(`it has more than ${ZIP_LIMITS.maxEntries} entries`);
  if (cdOffset + cdSize > buf.length) throw bomb('it is not a valid zip file (truncated)');
  let declaredTotal = 0;
  for (let i = 0, q = cdOffset; i < count && q + 46 <= buf.length; i++) {
    declaredTotal += buf.readUInt32LE(q + 24);
    q += 46 + buf.readUInt16LE(q + 28) + buf.readUInt16LE(q + 30) + buf.readUInt16LE(q + 32);
  }
  if (budget.used + declaredTotal > ZIP_LIMITS.maxTotalBytes) throw bomb('it expands to too much data');
  const names: string[] = [];
  const ranges: Array<[number, number]> = [];
  let mimetype: string | undefined;
  const before = budget.used;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw bomb('it is not a valid zip file (bad directory)');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const declared = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50)
      throw bomb('it is not a valid zip file (bad entry)');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const end = start + compressed;
    if (end > buf.length) throw bomb('it is not a valid zip file (entry out of bounds)');
    if (ranges.some(([s, e]) => start < e && s < end)) throw bomb('its entries overlap');
    ranges.push([start, end]);
    names.push(name);
    if (name.endsWith('/')) continue;
    const content = inflateEntry(buf.subarray(start, end), method, declared, budget);
    if (!content) continue;
    if (name === 'mimetype' && i === 0) mimetype = content.toString('latin1', 0, Math.min(content.length, 200));
    const nested =
      content.length >= 4 && (content.readUInt32LE(0) === 0x04034b50 || content.readUInt32LE(0) === 0x06054b50);
    if (nested) walk(content, depth + 1, budget);
  }
  const uncompressedBytes = budget.used - before;
  if (uncompressedBytes > ZIP_LIMITS.ratioFloorBytes && uncompressedBytes > buf.length * ZIP_LIMITS.maxRatio) {
    throw bomb(`it expands more than ${ZIP_LIMITS.maxRatio} times`);
  }
  return { names, mimetype, uncompressedBytes };
}

/** Lists a zip's entries after checking it is no bomb; throws invalid input otherwise. */
export function inspectZip(buf: Buffer): ZipListing {
  return walk(buf, 1, { used: 0 });
}
