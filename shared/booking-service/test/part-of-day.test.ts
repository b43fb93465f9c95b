import { describe, expect, it } from 'vitest';
import { inPartOfDay } from '../src/index';

describe('inPartOfDay', () => {
  it('splits the day at noon and 17:00', () => {
    expect(
      ['08:00', '11:00', '12:00', '16:00', '17:00', '21:00'].map((t) => [
        inPartOfDay(t, 'morning'),
        inPartOfDay(t, 'afternoon'),
        inPartOfDay(t, 'evening'),
      ]),
    ).toEqual([
      [true, false, false],
      [true, false, false],
      [false, true, false],
      [false, true, false],
      [false, false, true],
      [false, false, true],
    ]);
  });
});
