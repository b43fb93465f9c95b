import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { clubConfigFrom, CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/index';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has the documented defaults with an empty environment', () => {
    expect(loadConfig({})).toEqual({
      llmMode: 'auto',
      openaiApiKey: undefined,
      openaiBaseUrl: undefined,
      openaiModel: 'gpt-5-mini',
      anthropicApiKey: undefined,
      anthropicModel: 'claude-haiku-4-5',
      awsRegion: 'us-east-1',
      bedrockModelId: 'us.amazon.nova-lite-v1:0',
      bedrockAgentId: undefined,
      bedrockAgentAliasId: undefined,
      openaiApiKeySecretArn: undefined,
      anthropicApiKeySecretArn: undefined,
      llmTimeoutMs: 30_000,
      llmMaxRetries: 2,
      openaiAgentsTracing: false,
      clubTimezone: 'Europe/London',
      courts: ['Court A', 'Court B', 'Court C'],
      slotFirstHour: 8,
      slotLastHour: 21,
      bookingWindowDays: 14,
      bookingsTable: undefined,
      sessionsTable: undefined,
      dynamodbEndpoint: undefined,
      sessionTtlHours: 24,
      maxMessageChars: 2000,
      maxBodyBytes: 16_384,
      maxModelCalls: 8,
      logLevel: 'INFO',
      offlineFaults: undefined,
      offlineLatencyMs: 0,
      offlineModelErrors: {},
      offlineModelSeed: 1,
      offlineModelErrorLog: undefined,
      groundingGuard: true,
      requireConfirmation: false,
      lambdaEndpoint: undefined,
      trustUserIdHeader: true,
    });
  });

  it('parses set values: numbers, booleans, lists, case-insensitive levels; empty strings count as unset', () => {
    const config = loadConfig({
      LLM_MODE: 'offline',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      LLM_TIMEOUT_MS: '5000',
      OPENAI_AGENTS_TRACING: 'TRUE',
      TRUST_USER_ID_HEADER: '0',
      COURTS: ' Centre Court , Court 2 ',
      LOG_LEVEL: 'debug',
      OFFLINE_FAULTS: 'http_429:times=1',
      BOOKINGS_TABLE: '',
      OPENAI_MODEL: '',
    });
    expect(config).toMatchObject({
      llmMode: 'offline',
      openaiBaseUrl: 'http://127.0.0.1:11434/v1',
      llmTimeoutMs: 5000,
      openaiAgentsTracing: true,
      trustUserIdHeader: false,
      courts: ['Centre Court', 'Court 2'],
      logLevel: 'DEBUG',
      offlineFaults: 'http_429:times=1',
      bookingsTable: undefined,
      openaiModel: 'gpt-5-mini',
    });
  });

  const BAD: Array<[string, string, RegExp]> = [
    ['LLM_MODE', 'online', /one of auto, offline, live/],
    ['CLUB_TIMEZONE', 'Europe/Londres', /IANA time zone/],
    ['CLUB_TIMEZONE', 'GMT+1', /IANA time zone/],
    ['SLOT_FIRST_HOUR', '24', /hour from 0 to 23/],
    ['SLOT_LAST_HOUR', '-1', /hour from 0 to 23/],
    ['BOOKING_WINDOW_DAYS', 'two weeks', /days from 0 to 365/],
    ['LLM_TIMEOUT_MS', '1.5', /milliseconds/],
    ['LLM_MAX_RETRIES', '99', /0 to 10/],
    ['OPENAI_AGENTS_TRACING', 'maybe', /true or false/],
    ['TRUST_USER_ID_HEADER', 'sometimes', /true or false/],
    ['COURTS', 'A,,B', /court names/],
    ['COURTS', 'A,A', /unique court names/],
    ['OPENAI_BASE_URL', 'localhost:11434', /http\(s\) URL/],
    ['DYNAMODB_ENDPOINT', 'not a url', /http\(s\) URL/],
    ['AWS_REGION', 'London', /AWS region/],
    ['OPENAI_API_KEY_SECRET_ARN', 'my-secret', /ARN/],
    ['LOG_LEVEL', 'verbose', /DEBUG, INFO, WARN, ERROR/],
    ['MAX_BODY_BYTES', '10', /256 to 1000000/],
    ['SESSION_TTL_HOURS', '0', /1 to 720/],
    ['OFFLINE_MODEL_ERRORS', 'sloppy', /entry "sloppy": unknown profile or mode "sloppy".*Modes: wrong_date, swapped_ampm/],
    ['OFFLINE_MODEL_ERRORS', 'false_claim:rate=1.5', /entry "false_claim:rate=1.5": rate must be a number from 0 to 1/],
    ['OFFLINE_MODEL_ERRORS', 'realistic;typo:rate=0.1', /entry "typo:rate=0.1": unknown mode "typo"/],
    ['OFFLINE_MODEL_ERRORS', 'wrong_date', /wrong_date needs a rate/],
    ['OFFLINE_MODEL_SEED', 'abc', /whole number from 0 to 4294967295/],
    ['OFFLINE_MODEL_SEED', '-3', /whole number/],
    ['GROUNDING_GUARD', 'maybe', /on or off/],
    ['REQUIRE_CONFIRMATION', 'maybe', /true or false/],
  ];

  it('reads the model error profile, a spec overriding a profile, the seed and the grounding guard switch', () => {
    expect(loadConfig({ OFFLINE_MODEL_ERRORS: 'harsh' }).offlineModelErrors.false_claim).toBe(0.15);
    const config = loadConfig({
      OFFLINE_MODEL_ERRORS: 'realistic; false_claim:rate=0.5',
      OFFLINE_MODEL_SEED: '42',
      GROUNDING_GUARD: 'OFF',
    });
    expect(config.offlineModelErrors).toMatchObject({ false_claim: 0.5, wrong_date: 0.03 });
    expect(config.offlineModelSeed).toBe(42);
    expect(config.groundingGuard).toBe(false);
    expect(loadConfig({ OFFLINE_MODEL_ERRORS: 'none' }).offlineModelErrors).toEqual({});
  });

  it.each(BAD)('%s=%s is rejected naming the variable, its value and what is expected', (variable, value, expected) => {
    const err = configError({ [variable]: value });
    expect(err.issues).toEqual([{ variable, value: JSON.stringify(value), expected: expect.stringMatching(expected) }]);
    expect(err.message).toContain(`${variable}=${JSON.stringify(value)}: expected`);
  });

  it('lists every bad variable at once', () => {
    const err = configError({ LLM_MODE: 'x', SLOT_FIRST_HOUR: 'y', CLUB_TIMEZONE: 'z' });
    expect(err.issues.map((i) => i.variable)).toEqual(['LLM_MODE', 'CLUB_TIMEZONE', 'SLOT_FIRST_HOUR']);
    expect(err.message).toMatch(/^Invalid configuration \(3 variables\):/);
  });

  it('rejects opening hours that end before they start', () => {
    const err = configError({ SLOT_FIRST_HOUR: '18', SLOT_LAST_HOUR: '9' });
    expect(err.issues[0]).toMatchObject({ variable: 'SLOT_LAST_HOUR', expected: 'an hour not before SLOT_FIRST_HOUR (18)' });
  });
});

describe('MAX_MODEL_CALLS, the one iteration cap', () => {
  it('still reads the old names MAX_TOOL_ITERATIONS and AGENT_MAX_TURNS, with a deprecation warning naming the new one', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(loadConfig({ MAX_TOOL_ITERATIONS: '3' }).maxModelCalls).toBe(3);
      expect(loadConfig({ AGENT_MAX_TURNS: '5' }).maxModelCalls).toBe(5);
      expect(loadConfig({ MAX_TOOL_ITERATIONS: '4', AGENT_MAX_TURNS: '4' }).maxModelCalls).toBe(4);
      expect(loadConfig({ MAX_MODEL_CALLS: '7', AGENT_MAX_TURNS: '2' }).maxModelCalls).toBe(7);
      const messages = warn.mock.calls.map(([message]) => String(message));
      expect(messages).toContain('MAX_TOOL_ITERATIONS is deprecated: set MAX_MODEL_CALLS instead (read as MAX_MODEL_CALLS=3 for now).');
      expect(messages).toContain('AGENT_MAX_TURNS is deprecated and ignored because MAX_MODEL_CALLS is set; remove AGENT_MAX_TURNS.');
    } finally {
      warn.mockRestore();
    }
  });

  it('names the old variable when its value is bad, and refuses two old names that disagree', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(configError({ AGENT_MAX_TURNS: '0' }).issues).toEqual([
        { variable: 'AGENT_MAX_TURNS (deprecated name of MAX_MODEL_CALLS)', value: '"0"', expected: 'an integer from 1 to 50' },
      ]);
      expect(configError({ MAX_TOOL_ITERATIONS: '6', AGENT_MAX_TURNS: '8' }).message).toContain(
        'AGENT_MAX_TURNS="8": expected MAX_MODEL_CALLS (AGENT_MAX_TURNS and MAX_TOOL_ITERATIONS are deprecated names of it and disagree)',
      );
    } finally {
      warn.mockRestore();
    }
  });
});

describe('clubConfigFrom', () => {
  it('maps config to the booking domain ClubConfig', () => {
    expect(
      clubConfigFrom(
        loadConfig({
          CLUB_TIMEZONE: 'America/New_York',
          COURTS: 'East,West',
          SLOT_FIRST_HOUR: '6',
          SLOT_LAST_HOUR: '22',
          BOOKING_WINDOW_DAYS: '7',
        }),
      ),
    ).toEqual({
      timeZone: 'America/New_York',
      courts: ['East', 'West'],
      firstSlotHour: 6,
      lastSlotHour: 22,
      windowDays: 7,
    });
  });
});

describe('.env.example', () => {
  const text = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
  const entries = [...text.matchAll(/^([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const);

  it('documents every variable loadConfig reads, each with a comment line above it', () => {
    expect(entries.map(([name]) => name).sort()).toEqual([...CONFIG_VARIABLES].sort());
    const lines = text.split('\n');
    for (const [name] of entries) {
      const at = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect(
        lines
          .slice(0, at)
          .reverse()
          .find((l) => !/^[A-Z0-9_]+=/.test(l)),
        name,
      ).toMatch(/^# \S/);
    }
  });

  it('shows the real defaults: loading it gives the same config as an empty environment', () => {
    expect(loadConfig(Object.fromEntries(entries))).toEqual(loadConfig({}));
  });
});
