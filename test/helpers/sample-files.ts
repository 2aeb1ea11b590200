/** File contents that the upload checks recognise by their magic numbers, for upload tests. */

/** A PNG signature and its IHDR chunk (a 1×1 image header), then `extra` bytes of `fill`. */
export function samplePng(extra = 64, fill = 7): Buffer {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const ihdr = [0, 0, 0, 0x0d, ...Buffer.from('IHDR'), 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89];
  return Buffer.concat([Buffer.from(signature), Buffer.from(ihdr), Buffer.alloc(extra, fill)]);
}
