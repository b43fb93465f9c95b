/** The deferred SDK client: the SDK loads on the first call, and calls behave as on the real client. */
import { describe, expect, it } from 'vitest';
import { deferredClient } from '../src/clients/deferred';

/** A stand-in SDK client whose calls return an APIPromise-like value (a promise with withResponse). */
function sdkClient(calls: unknown[]) {
  const apiPromise = (data: unknown) => Object.assign(Promise.resolve(data), { withResponse: async () => ({ data, response: 'raw' }) });
  return {
    name: 'sdk',
    chat: {
      completions: {
        create(this: { owner: string }, args: unknown) {
          calls.push([this.owner, args]);
          return apiPromise({ id: 'done' });
        },
        owner: 'completions',
      },
    },
  };
}

describe('deferredClient', () => {
  it('loads nothing until a method is called, then loads once and calls on the right object', async () => {
    let loads = 0;
    const calls: unknown[] = [];
    const client = deferredClient(async () => {
      loads++;
      return sdkClient(calls);
    });
    const completions = client.chat.completions;
    expect(loads).toBe(0);
    await expect(completions.create({ model: 'm' })).resolves.toEqual({ id: 'done' });
    await expect(client.chat.completions.create({ model: 'n' })).resolves.toEqual({ id: 'done' });
    expect(loads).toBe(1);
    expect(calls).toEqual([
      ['completions', { model: 'm' }],
      ['completions', { model: 'n' }],
    ]);
  });

  it("keeps the SDK promise's withResponse()", async () => {
    const client = deferredClient(async () => sdkClient([]));
    await expect(client.chat.completions.create({}).withResponse()).resolves.toEqual({ data: { id: 'done' }, response: 'raw' });
  });

  it('rejects the call when loading fails, and tries again on the next call', async () => {
    let attempt = 0;
    const client = deferredClient(async () => {
      if (++attempt === 1) throw new Error('cannot load the SDK');
      return sdkClient([]);
    });
    await expect(client.chat.completions.create({})).rejects.toThrow('cannot load the SDK');
    await expect(client.chat.completions.create({})).resolves.toEqual({ id: 'done' });
  });

  it('names a path that is not a method', async () => {
    const client = deferredClient(async () => sdkClient([]));
    await expect((client as unknown as { name(): Promise<unknown> }).name()).rejects.toThrow(/name is not a method/);
  });
});
