/**
 * Logging: structured JSON through Powertools Logger in Lambda (CloudWatch Logs Insights can
 * query every field), one readable line per event locally. Local lines go to stderr so a
 * command's stdout (e.g. `pnpm demo --json`) stays machine-readable.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Config, LogLevel } from './config';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (request id, pattern, user, session). */
  child(fields: LogFields): Logger;
}

type Level = Exclude<LogLevel, 'SILENT'>;
const RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 99 };

/** Field names that must never reach a log line with their value. */
const SECRET_FIELD = /key|secret|token|password|authorization|cookie/i;

export function redact(fields: LogFields): LogFields {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '[redacted]' : v]));
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(`${value.name}: ${value.message}`);
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** "12:03:04.123 INFO  turn done pattern=d latency_ms=42" */
function formatLine(level: Level, message: string, fields: LogFields, at = new Date()): string {
  const pairs = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  return [at.toISOString().slice(11, 23), level.padEnd(5), message, ...pairs].join(' ');
}

class LineLogger implements Logger {
  constructor(
    private readonly level: LogLevel,
    private readonly fields: LogFields,
    private readonly write: (line: string) => void,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.log('DEBUG', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('INFO', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('WARN', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('ERROR', message, fields);
  }
  child(fields: LogFields): Logger {
    return new LineLogger(this.level, { ...this.fields, ...redact(fields) }, this.write);
  }

  private log(level: Level, message: string, fields: LogFields = {}): void {
    if (RANK[level] < RANK[this.level]) return;
    this.write(formatLine(level, message, { ...this.fields, ...redact(fields) }));
  }
}

class LambdaLogger implements Logger {
  constructor(private readonly logger: PowertoolsLogger) {}

  debug(message: string, fields: LogFields = {}): void {
    this.logger.debug(message, redact(fields));
  }
  info(message: string, fields: LogFields = {}): void {
    this.logger.info(message, redact(fields));
  }
  warn(message: string, fields: LogFields = {}): void {
    this.logger.warn(message, redact(fields));
  }
  error(message: string, fields: LogFields = {}): void {
    this.logger.error(message, redact(fields));
  }
  child(fields: LogFields): Logger {
    const child = this.logger.createChild();
    child.appendPersistentKeys(redact(fields));
    return new LambdaLogger(child);
  }
}

export interface LoggerOptions {
  /** Service name in Lambda logs, e.g. "pattern-d". */
  service?: string;
  /** Force JSON (Lambda) or line output; default: JSON when AWS_LAMBDA_FUNCTION_NAME is set. */
  json?: boolean;
  /** Where local lines go (default stderr); tests capture them here. */
  write?: (line: string) => void;
}

export function createLogger(config: Pick<Config, 'logLevel'>, options: LoggerOptions = {}): Logger {
  const json = options.json ?? Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
  if (json) {
    return new LambdaLogger(new PowertoolsLogger({ serviceName: options.service ?? 'tennis-booking', logLevel: config.logLevel }));
  }
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  return new LineLogger(config.logLevel, options.service ? { service: options.service } : {}, write);
}
