/**
 * One validated place for every environment variable the services read.
 *
 * Each variable is parsed on its own so a bad deployment fails at start-up with ONE error
 * listing every bad variable, its value and what was expected (never a zod dump).
 * An empty string counts as unset: `.env` files and Terraform often write `FOO=`.
 */
import * as z from 'zod';
import type { ClubConfig } from '@tennis/booking-service';
import { parseModelErrors, type ModelErrorRates } from '@tennis/offline-model/transports';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const text = () => z.string().trim().min(1);
const optionalText = () => text().optional();

/** A whole number within [min, max], from its decimal text. */
const integer = (min: number, max: number, fallback: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max)).default(fallback);

const boolean = (fallback: boolean) =>
  z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .default(fallback);

/** OFFLINE_MODEL_ERRORS: a profile or mode:rate entries; a bad one is reported with the parser's own message. */
const modelErrors = z
  .string()
  .transform((value, ctx): ModelErrorRates => {
    try {
      return parseModelErrors(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err), params: { explains: true } });
      return z.NEVER;
    }
  })
  .default({});

const courtList = z
  .string()
  .transform((v) => v.split(',').map((c) => c.trim()))
  .pipe(z.array(z.string().min(1).max(40)).min(1).max(26))
  .refine((courts) => new Set(courts).size === courts.length)
  .default(['Court A', 'Court B', 'Court C']);

interface VarSpec<S extends z.ZodType> {
  env: string;
  schema: S;
  /** What a valid value looks like, for the start-up error. */
  expected: string;
}

const v = <S extends z.ZodType>(env: string, schema: S, expected: string): VarSpec<S> => ({ env, schema, expected });

/** Config key -> environment variable. Defaults live in the schemas. */
const SPEC = {
  llmMode: v('LLM_MODE', z.enum(['auto', 'offline', 'live']).default('auto'), 'one of auto, offline, live'),
  openaiApiKey: v('OPENAI_API_KEY', optionalText(), 'an API key'),
  openaiBaseUrl: v('OPENAI_BASE_URL', z.url({ protocol: /^https?$/ }).optional(), 'an http(s) URL'),
  openaiModel: v('OPENAI_MODEL', text().default('gpt-5-mini'), 'a model id'),
  anthropicApiKey: v('ANTHROPIC_API_KEY', optionalText(), 'an API key'),
  anthropicModel: v('ANTHROPIC_MODEL', text().default('claude-haiku-4-5'), 'a model id'),
  awsRegion: v(
    'AWS_REGION',
    z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
      .default('us-east-1'),
    'an AWS region such as eu-west-2',
  ),
  bedrockModelId: v('BEDROCK_MODEL_ID', text().default('us.amazon.nova-lite-v1:0'), 'a Bedrock model or inference profile id'),
  bedrockAgentId: v('BEDROCK_AGENT_ID', optionalText(), 'a Bedrock agent id'),
  bedrockAgentAliasId: v('BEDROCK_AGENT_ALIAS_ID', optionalText(), 'a Bedrock agent alias id'),
  openaiApiKeySecretArn: v('OPENAI_API_KEY_SECRET_ARN', z.string().startsWith('arn:').optional(), 'a Secrets Manager ARN (arn:...)'),
  anthropicApiKeySecretArn: v('ANTHROPIC_API_KEY_SECRET_ARN', z.string().startsWith('arn:').optional(), 'a Secrets Manager ARN (arn:...)'),
  llmTimeoutMs: v('LLM_TIMEOUT_MS', integer(100, 900_000, 30_000), 'milliseconds, 100 to 900000'),
  llmMaxRetries: v('LLM_MAX_RETRIES', integer(0, 10, 2), 'an integer from 0 to 10'),
  openaiAgentsTracing: v('OPENAI_AGENTS_TRACING', boolean(false), 'true or false'),
  clubTimezone: v('CLUB_TIMEZONE', z.string().refine(isTimeZone).default('Europe/London'), 'an IANA time zone such as Europe/London'),
  courts: v('COURTS', courtList, 'comma-separated unique court names (1-26, each 1-40 chars)'),
  slotFirstHour: v('SLOT_FIRST_HOUR', integer(0, 23, 8), 'an hour from 0 to 23'),
  slotLastHour: v('SLOT_LAST_HOUR', integer(0, 23, 21), 'an hour from 0 to 23'),
  bookingWindowDays: v('BOOKING_WINDOW_DAYS', integer(0, 365, 14), 'a number of days from 0 to 365'),
  bookingsTable: v('BOOKINGS_TABLE', optionalText(), 'a DynamoDB table name'),
  sessionsTable: v('SESSIONS_TABLE', optionalText(), 'a DynamoDB table name'),
  dynamodbEndpoint: v('DYNAMODB_ENDPOINT', z.url({ protocol: /^https?$/ }).optional(), 'an http(s) URL'),
  sessionTtlHours: v('SESSION_TTL_HOURS', integer(1, 24 * 30, 24), 'hours, 1 to 720'),
  maxMessageChars: v('MAX_MESSAGE_CHARS', integer(1, 100_000, 2000), 'an integer from 1 to 100000'),
  maxBodyBytes: v('MAX_BODY_BYTES', integer(256, 1_000_000, 16_384), 'bytes, 256 to 1000000'),
  maxModelCalls: v('MAX_MODEL_CALLS', integer(1, 50, 8), 'an integer from 1 to 50'),
  logLevel: v(
    'LOG_LEVEL',
    z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']))
      .default('INFO'),
    'one of DEBUG, INFO, WARN, ERROR, SILENT',
  ),
  offlineFaults: v('OFFLINE_FAULTS', optionalText(), 'a fault spec (see @tennis/offline-model)'),
  offlineLatencyMs: v('OFFLINE_LATENCY_MS', integer(0, 600_000, 0), 'milliseconds, 0 to 600000'),
  offlineModelErrors: v('OFFLINE_MODEL_ERRORS', modelErrors, 'none, realistic, harsh, or mode:rate=R entries (see @tennis/offline-model)'),
  offlineModelSeed: v('OFFLINE_MODEL_SEED', integer(0, 4_294_967_295, 1), 'a whole number from 0 to 4294967295'),
  offlineModelErrorLog: v('OFFLINE_MODEL_ERROR_LOG', optionalText(), 'a file path (the scorecard appends the mistakes made)'),
  groundingGuard: v(
    'GROUNDING_GUARD',
    z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(['on', 'off', 'true', 'false']))
      .transform((s) => s === 'on' || s === 'true')
      .default(true),
    'on or off',
  ),
  requireConfirmation: v('REQUIRE_CONFIRMATION', boolean(false), 'true or false'),
  lambdaEndpoint: v('LAMBDA_ENDPOINT', z.url({ protocol: /^https?$/ }).optional(), 'an http(s) URL'),
  trustUserIdHeader: v('TRUST_USER_ID_HEADER', boolean(true), 'true or false'),
} as const;

type Spec = typeof SPEC;
export type Config = { readonly [K in keyof Spec]: z.output<Spec[K]['schema']> };
export type LogLevel = Config['logLevel'];
export type Env = Record<string, string | undefined>;

export interface ConfigIssue {
  variable: string;
  /** The offending value, JSON-quoted. API keys accept any text, so they never appear here. */
  value: string;
  expected: string;
}

/** Thrown at start-up when environment variables are invalid; lists every bad one. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    const lines = issues.map((i) => `  ${i.variable}=${i.value}: expected ${i.expected}`);
    super(`Invalid configuration (${issues.length} variable${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

function readVar(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw;
}

/** A value's own parser explains what is wrong better than the generic expectation (e.g. which entry, which modes). */
function customMessage(error: z.ZodError): string | undefined {
  const issue = error.issues.find((i) => i.code === 'custom' && (i.params as { explains?: boolean } | undefined)?.explains);
  return issue?.message;
}

/**
 * Old names still read, each for its new one, with a warning: MAX_MODEL_CALLS is the one iteration cap of
 * every loop (D's, the agents' runs, the Anthropic tool loops, H's InvokeAgent calls).
 */
export const DEPRECATED_VARIABLES: Readonly<Record<string, string>> = {
  MAX_TOOL_ITERATIONS: 'MAX_MODEL_CALLS',
  AGENT_MAX_TURNS: 'MAX_MODEL_CALLS',
};

const warned = new Set<string>();
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, 'DeprecationWarning');
}

/** The environment with deprecated names read into their new ones (when those are unset), and where each value came from. */
function withDeprecatedNames(env: Env, issues: ConfigIssue[]): { env: Env; source: Record<string, string> } {
  const out: Env = { ...env };
  const source: Record<string, string> = {};
  for (const [old, now] of Object.entries(DEPRECATED_VARIABLES)) {
    const value = readVar(env, old);
    if (value === undefined) continue;
    if (readVar(env, now) !== undefined) {
      warnOnce(`${old} is deprecated and ignored because ${now} is set; remove ${old}.`);
      continue;
    }
    warnOnce(`${old} is deprecated: set ${now} instead (read as ${now}=${value.trim()} for now).`);
    const earlier = source[now];
    if (earlier !== undefined && out[now]!.trim() !== value.trim()) {
      issues.push({
        variable: old,
        value: JSON.stringify(value),
        expected: `${now} (${old} and ${earlier} are deprecated names of it and disagree)`,
      });
      continue;
    }
    out[now] = value;
    source[now] = old;
  }
  return { env: out, source };
}

/** Every environment variable loadConfig reads, in documentation order. */
export const CONFIG_VARIABLES: readonly string[] = Object.values(SPEC).map((spec) => spec.env);

/** Parses and validates the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(given: Env = process.env): Config {
  const out: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  const { env, source } = withDeprecatedNames(given, issues);
  for (const [key, spec] of Object.entries(SPEC) as Array<[string, VarSpec<z.ZodType>]>) {
    const raw = readVar(env, spec.env);
    const parsed = spec.schema.safeParse(raw);
    const variable = source[spec.env] ? `${source[spec.env]} (deprecated name of ${spec.env})` : spec.env;
    if (parsed.success) out[key] = parsed.data;
    else issues.push({ variable, value: JSON.stringify(raw), expected: customMessage(parsed.error) ?? spec.expected });
  }
  const config = out as Config;
  if (issues.length === 0 && config.slotFirstHour > config.slotLastHour) {
    issues.push({
      variable: 'SLOT_LAST_HOUR',
      value: JSON.stringify(String(config.slotLastHour)),
      expected: `an hour not before SLOT_FIRST_HOUR (${config.slotFirstHour})`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return Object.freeze(config);
}

/** The booking domain's club settings from config. */
export function clubConfigFrom(config: Config): ClubConfig {
  return {
    timeZone: config.clubTimezone,
    courts: [...config.courts],
    firstSlotHour: config.slotFirstHour,
    lastSlotHour: config.slotLastHour,
    windowDays: config.bookingWindowDays,
  };
}
