import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/index';

describe('createLogger (local lines)', () => {
  it('writes one readable line per event with child fields, respecting the level', () => {
    const lines: string[] = [];
    const log = createLogger({ logLevel: 'INFO' }, { json: false, write: (l) => lines.push(l) });
    const child = log.child({ request_id: 'r1', pattern: 'd' });
    child.debug('hidden');
    child.info('turn', { latency_ms: 42, mode: 'offline', note: 'two words' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{2}:\d{2}:\d{2}\.\d{3} INFO {2}turn request_id=r1 pattern=d latency_ms=42 mode=offline note="two words"$/);
  });

  it('redacts secret-looking fields', () => {
    const lines: string[] = [];
    const log = createLogger({ logLevel: 'DEBUG' }, { json: false, write: (l) => lines.push(l) });
    log.child({ authorization: 'Bearer abc' }).warn('x', { openaiApiKey: 'sk-live', user_id: 'alice' });
    expect(lines[0]).toContain('authorization=[redacted]');
    expect(lines[0]).toContain('openaiApiKey=[redacted]');
    expect(lines[0]).toContain('user_id=alice');
    expect(lines[0]).not.toMatch(/sk-live|Bearer abc/);
  });
});

describe('createLogger (Lambda JSON through Powertools)', () => {
  it('emits structured JSON with the child keys', () => {
    const writes: string[] = [];
    // In Lambda, Powertools prints through its own Console bound to process.stdout.
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const log = createLogger({ logLevel: 'INFO' }, { json: true, service: 'pattern-d' });
      log.child({ request_id: 'r9', user_id: 'alice' }).info('turn', { latency_ms: 7, token: 'shh' });
    } finally {
      out.mockRestore();
    }
    const line = writes.find((l) => l.includes('"turn"'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      level: 'INFO',
      message: 'turn',
      service: 'pattern-d',
      request_id: 'r9',
      user_id: 'alice',
      latency_ms: 7,
      token: '[redacted]',
    });
  });
});
