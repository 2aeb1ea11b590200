import { describe, expect, it } from 'vitest';
import { planBatches, uidSet } from '../../../src/server/services/mail/fetch-batches.js';

describe('unseen messages read in batches', () => {
  it('writes a UID set with ranges, in order', () => {
    expect(uidSet([7, 1, 2, 3, 5, 6, 10])).toBe('1:3,5:7,10');
    expect(uidSet([4])).toBe('4');
    expect(uidSet(Array.from({ length: 1000 }, (_, i) => i + 1))).toBe('1:1000');
  });

  it('cuts batches by count and by size, a message larger than the size alone', () => {
    const small = (uid: number) => ({ uid, size: 10 });
    expect(planBatches([1, 2, 3, 4, 5].map(small), 2, 1000)).toEqual([[1, 2], [3, 4], [5]]);
    expect(
      planBatches(
        [
          { uid: 1, size: 40 },
          { uid: 2, size: 40 },
          { uid: 3, size: 500 },
          { uid: 4, size: 10 },
        ],
        100,
        100,
      ),
    ).toEqual([[1, 2], [3], [4]]);
    expect(planBatches([], 100, 100)).toEqual([]);
  });
});
