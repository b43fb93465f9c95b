import { describe, expect, it } from 'vitest';
import { createHandler } from '../src/index';
import { chatEvent, counterPattern, parse, testRuntime } from './helpers';

describe('Pattern.afterTurn (e.g. exporting agent traces before the Lambda freezes)', () => {
  it('runs once after every turn, after the turn itself', async () => {
    const order: string[] = [];
    const rt = testRuntime();
    const handler = createHandler(
      'e',
      (runtime) => ({
        ...counterPattern(runtime, async () => void order.push('turn')),
        afterTurn: async () => void order.push('after'),
      }),
      { runtime: rt },
    );
    expect(parse(await handler(chatEvent({ message: 'hi' }))).status).toBe(200);
    expect(parse(await handler(chatEvent({ message: 'hi again' }))).status).toBe(200);
    expect(order).toEqual(['turn', 'after', 'turn', 'after']);
  });

  it('never turns a good answer into an error when it fails', async () => {
    const rt = testRuntime();
    const handler = createHandler(
      'e',
      (runtime) => ({ ...counterPattern(runtime), afterTurn: async () => Promise.reject(new Error('exporter down')) }),
      { runtime: rt },
    );
    const res = parse(await handler(chatEvent({ message: 'hi' })));
    expect(res.status).toBe(200);
  });
});
