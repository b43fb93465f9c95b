import { describe, expect, it } from 'vitest';
import { FaultPlan, FaultSpecError, parseFaults } from '../src/faults';

describe('parseFaults', () => {
  it('parses the documented example', () => {
    expect(
      parseFaults(
        'http_429:times=1,vendor=openai;latency:ms=200;latency:ms=500,random,seed=7;malformed_json;hallucinated_slot;endless_tools;timeout',
      ),
    ).toEqual([
      { kind: 'http_429', times: 1, vendor: 'openai' },
      { kind: 'latency', ms: 200 },
      { kind: 'latency', ms: 500, random: true, seed: 7 },
      { kind: 'malformed_json' },
      { kind: 'hallucinated_slot' },
      { kind: 'endless_tools' },
      { kind: 'timeout' },
    ]);
  });

  it('treats an empty spec as no faults', () => {
    expect(parseFaults('')).toEqual([]);
    expect(parseFaults(' ; ')).toEqual([]);
  });

  it.each([
    ['http_418', /unknown fault kind "http_418"/],
    ['latency', /latency needs ms=/],
    ['latency:ms=fast', /ms needs a whole number/],
    ['http_429:times=-1', /times needs a whole number/],
    ['http_500:vendor=azure', /vendor must be one of openai, anthropic, bedrock/],
    ['timeout:ms=5', /only apply to latency/],
    ['latency:ms=5,seed=3', /seed only applies with random/],
    ['latency:ms=5,random=yes', /"random" takes no value/],
    ['malformed_json:color=red', /unknown option "color"/],
  ])('rejects %s with a clear message', (spec, message) => {
    expect(() => parseFaults(spec)).toThrow(FaultSpecError);
    expect(() => parseFaults(spec)).toThrow(message);
  });
});

describe('FaultPlan', () => {
  it('counts times per fault and filters by vendor', () => {
    const plan = new FaultPlan(parseFaults('http_429:times=1,vendor=anthropic;malformed_json:times=3'));
    expect(plan.next('openai')).toMatchObject({ malformedJson: true });
    expect(plan.next('openai').httpStatus).toBeUndefined();
    expect(plan.next('anthropic')).toMatchObject({ httpStatus: 429, malformedJson: true });
    expect(plan.next('anthropic')).toEqual({ latencyMs: 0, timeout: false, malformedJson: false, errors: new Set() });
  });

  it('adds base latency and passes the first decision fault', () => {
    const plan = new FaultPlan(parseFaults('latency:ms=10;endless_tools;hallucinated_slot'), 5);
    expect(plan.next('bedrock')).toMatchObject({ latencyMs: 15, decision: 'endless_tools' });
  });

  it('draws seeded random latency reproducibly within [0, ms)', () => {
    const draw = (seed: number) => {
      const plan = new FaultPlan(parseFaults(`latency:ms=1000,random,seed=${seed}`));
      return Array.from({ length: 5 }, () => plan.next('openai').latencyMs);
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((ms) => ms >= 0 && ms < 1000)).toBe(true);
  });
});
