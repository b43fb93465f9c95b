/**
 * Synth-time settings for every stack. What the Lambdas read (models, mode, zone, log level, identity)
 * is parsed by shared/runtime's loadConfig, so synth and the functions agree on defaults and on what is
 * valid; the rest (throttling, retention, CORS, Bedrock regions) is infra's own.
 */
import { join } from 'node:path';
import { loadConfig } from '@tennis/runtime/config';
import { REPO_ROOT } from '../../scripts/lib/lambdas';

/**
 * Who may call POST /chat. header: no authorizer, X-User-Id is the identity (demo only). cognito: the
 * stack's own user pool and app client behind an HTTP API JWT authorizer. jwt: the same authorizer
 * for an existing identity provider (JWT_ISSUER, JWT_AUDIENCE).
 */
export type AuthSetting = { mode: 'header' } | { mode: 'cognito' } | { mode: 'jwt'; issuer: string; audience: string[] };

export const AUTH_MODES = ['header', 'cognito', 'jwt'] as const;

export interface InfraSettings {
  /** AWS region the provider deploys to. */
  region: string;
  /** auto | offline | live, as shared/runtime reads it. */
  llmMode: string;
  openaiModel: string;
  anthropicModel: string;
  /** Bedrock model or cross-region inference profile id, used by C's Converse step and H's agent. */
  bedrockModelId: string;
  /** Regions an inference profile may route to: IAM must name each foundation-model ARN. */
  bedrockInferenceRegions: string[];
  clubTimezone: string;
  logLevel: string;
  auth: AuthSetting;
  /** Only without an authorizer (AUTH=header) may the X-User-Id header be the identity (see infra/README.md). */
  trustUserIdHeader: boolean;
  /** REQUIRE_CONFIRMATION for the stack's HTTP function: human approval before booking (root README). */
  requireConfirmation: boolean;
  logRetentionDays: number;
  throttlingBurstLimit: number;
  throttlingRateLimit: number;
  corsAllowOrigins: string[];
  /** Where scripts/build.ts writes the zips. */
  lambdaDistDir: string;
  /** OpenTelemetry export of every function's spans (README: Tracing with OpenTelemetry). */
  telemetry: TelemetrySettings;
  /** Publish the pinned AWS SDK layer and attach it to every function (AWS_SDK_LAYER=false: use the runtime's SDK). */
  awsSdkLayer: boolean;
  /** Where scripts/build.ts writes the AWS SDK layer zip. */
  layerZip: string;
}

export interface TelemetrySettings {
  /** The standard OTEL_* variables given at synth time, passed to every function as they are. */
  environment: Record<string, string>;
  /** A collector layer (e.g. the ADOT collector) added to every function: OTEL_COLLECTOR_LAYER_ARN. */
  collectorLayerArn?: string;
}

/**
 * Passed through to the functions. Not OTEL_EXPORTER_OTLP_HEADERS: it often carries a vendor's API key,
 * which must not sit in plain text in a function's configuration (point the endpoint at a collector instead).
 */
export const OTEL_PASSTHROUGH = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT',
  'OPENTELEMETRY_COLLECTOR_CONFIG_URI',
] as const;

function telemetrySettings(env: Env): TelemetrySettings {
  const environment = Object.fromEntries(OTEL_PASSTHROUGH.flatMap((name) => (env[name]?.trim() ? [[name, env[name]!.trim()]] : [])));
  const layer = env.OTEL_COLLECTOR_LAYER_ARN?.trim();
  if (layer && !/^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:layer:[\w-]+:\d+$/.test(layer)) {
    throw new Error(
      `OTEL_COLLECTOR_LAYER_ARN=${JSON.stringify(layer)}: expected a Lambda layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)`,
    );
  }
  return { environment, ...(layer ? { collectorLayerArn: layer } : {}) };
}

export type Env = Record<string, string | undefined>;

/** Where each geography's inference profiles route to (AWS's cross-region inference tables). */
const PROFILE_REGIONS: Record<string, string[]> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  eu: ['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'],
  apac: ['ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2'],
};

/** "us.amazon.nova-lite-v1:0" -> "us"; a plain foundation model id -> undefined. */
export function inferenceProfileGeo(modelId: string): string | undefined {
  const match = /^(us|eu|apac|us-gov|jp|au|ca|global)\.(.+)$/.exec(modelId);
  return match?.[1];
}

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new Error(`${name}=${JSON.stringify(raw)}: expected a positive integer`);
  return Number(raw);
}

function authSetting(env: Env): AuthSetting {
  const mode = env.AUTH?.trim().toLowerCase() || 'header';
  if (mode === 'header' || mode === 'cognito') return { mode };
  if (mode !== 'jwt') throw new Error(`AUTH=${JSON.stringify(env.AUTH)}: expected one of ${AUTH_MODES.join(', ')}`);
  const issuer = env.JWT_ISSUER?.trim() ?? '';
  let https = false;
  try {
    https = new URL(issuer).protocol === 'https:';
  } catch {
    // reported below
  }
  if (!https)
    throw new Error(`JWT_ISSUER=${JSON.stringify(env.JWT_ISSUER ?? '')}: AUTH=jwt needs the identity provider's issuer, an https URL`);
  const audience = list(env.JWT_AUDIENCE);
  if (!audience)
    throw new Error('JWT_AUDIENCE is empty: AUTH=jwt needs the audience(s) tokens must carry in aud or client_id (comma separated)');
  return { mode, issuer, audience };
}

/** The one line `pnpm infra:deploy` prints before deploying a stack without an authorizer. */
export function authWarning(auth: AuthSetting): string | undefined {
  if (auth.mode !== 'header') return undefined;
  return 'warning: AUTH=header deploys POST /chat with no authorizer: anyone who can reach it can book as any X-User-Id (demo only; set AUTH=cognito or AUTH=jwt).';
}

/**
 * The one line `pnpm infra:deploy --pattern h` prints with REQUIRE_CONFIRMATION=true: the provider cannot
 * declare user confirmation on the agent's `book` function, which has to be turned on once by hand.
 */
export function approvalWarning(pattern: string, settings: Pick<InfraSettings, 'requireConfirmation'>): string | undefined {
  if (pattern !== 'h' || !settings.requireConfirmation) return undefined;
  return (
    "warning: REQUIRE_CONFIRMATION=true on pattern H: @cdktf/provider-aws 20.1.0 cannot set requireConfirmation on the agent's book function; " +
    'until you turn it on (patterns/pattern-h-bedrock-agent/README.md, "Approval"), the agent never asks and the action group refuses every booking.'
  );
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new Error(`${name}=${JSON.stringify(env[name])}: expected true or false`);
}

function inferenceRegions(env: Env, modelId: string): string[] {
  const explicit = list(env.BEDROCK_INFERENCE_REGIONS);
  if (explicit) return explicit;
  const geo = inferenceProfileGeo(modelId);
  if (geo === undefined) return [];
  const regions = PROFILE_REGIONS[geo];
  if (!regions) {
    throw new Error(
      `BEDROCK_MODEL_ID=${modelId} is a "${geo}." inference profile: set BEDROCK_INFERENCE_REGIONS ` +
        '(comma separated) to the regions it routes to, so IAM can name each model ARN',
    );
  }
  return regions;
}

export function loadInfraSettings(env: Env = process.env): InfraSettings {
  // What the Lambdas will read is parsed by their own config: same defaults, same validation, so a bad
  // value fails the synth instead of every cold start.
  const runtime = loadConfig(env);
  const auth = authSetting(env);
  return {
    region: runtime.awsRegion,
    llmMode: runtime.llmMode,
    openaiModel: runtime.openaiModel,
    anthropicModel: runtime.anthropicModel,
    bedrockModelId: runtime.bedrockModelId,
    bedrockInferenceRegions: inferenceRegions(env, runtime.bedrockModelId),
    clubTimezone: runtime.clubTimezone,
    logLevel: runtime.logLevel,
    auth,
    // Behind an authorizer the token's sub is the user; the header is never trusted, whatever TRUST_USER_ID_HEADER says.
    trustUserIdHeader: auth.mode === 'header' && runtime.trustUserIdHeader,
    requireConfirmation: runtime.requireConfirmation,
    logRetentionDays: positiveInt(env, 'LOG_RETENTION_DAYS', 14),
    throttlingBurstLimit: positiveInt(env, 'API_THROTTLE_BURST', 20),
    throttlingRateLimit: positiveInt(env, 'API_THROTTLE_RATE', 10),
    corsAllowOrigins: list(env.CORS_ALLOW_ORIGINS) ?? ['*'],
    lambdaDistDir: join(REPO_ROOT, 'dist', 'lambdas'),
    telemetry: telemetrySettings(env),
    awsSdkLayer: flag(env, 'AWS_SDK_LAYER', true),
    layerZip: join(REPO_ROOT, 'dist', 'layers', 'aws-sdk.zip'),
  };
}
