import { describe, expect, it } from 'vitest';
import { sameCourt } from '../src/index';

describe('sameCourt', () => {
  it('matches what a user names to a court, with or without "court", in any case', () => {
    for (const named of ['Court B', 'court b', 'B', 'b', 'Court b ']) expect(sameCourt('Court B', named), named).toBe(true);
    for (const named of ['Court A', 'C', 'court', '']) expect(sameCourt('Court B', named), named).toBe(false);
  });
});
