/**
 * Fault injection for the offline model: parse OFFLINE_FAULTS and decide, call by call, which
 * faults apply. Transport faults (latency, HTTP errors, timeouts, malformed JSON) are applied by
 * the transports; decision faults are handed to the brain's decide().
 */
import { ModelErrorPlan, seededRandom, type ModelErrorMode } from './model-errors';
import type { FaultKind, FaultSpec } from './types';

export type Vendor = 'openai' | 'anthropic' | 'bedrock';
export type DecisionFault = 'invalid_tool_args' | 'hallucinated_slot' | 'endless_tools';

const KINDS: readonly FaultKind[] = [
  'latency',
  'http_429',
  'http_500',
  'http_503',
  'timeout',
  'malformed_json',
  'invalid_tool_args',
  'hallucinated_slot',
  'endless_tools',
];
const DECISION_FAULTS: readonly FaultKind[] = ['invalid_tool_args', 'hallucinated_slot', 'endless_tools'];
const VENDORS: readonly string[] = ['openai', 'anthropic', 'bedrock'];

export class FaultSpecError extends Error {
  constructor(spec: string, problem: string) {
    super(
      `Bad OFFLINE_FAULTS entry "${spec}": ${problem}. ` +
        'Format: kind[:key=value,...] separated by ";", e.g. "http_429:times=1,vendor=openai;latency:ms=200,random,seed=7". ' +
        `Kinds: ${KINDS.join(', ')}.`,
    );
    this.name = 'FaultSpecError';
  }
}

function nonNegativeInt(entry: string, key: string, value: string | undefined): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new FaultSpecError(entry, `${key} needs a whole number, got "${value ?? ''}"`);
  return Number(value);
}

function parseOption(entry: string, spec: FaultSpec, option: string): void {
  const [key = '', value] = option.split('=', 2).map((s) => s.trim());
  switch (key) {
    case 'ms':
      spec.ms = nonNegativeInt(entry, key, value);
      return;
    case 'seed':
      spec.seed = nonNegativeInt(entry, key, value);
      return;
    case 'times':
      spec.times = nonNegativeInt(entry, key, value);
      return;
    case 'random':
      if (value !== undefined) throw new FaultSpecError(entry, '"random" takes no value');
      spec.random = true;
      return;
    case 'vendor':
      if (!value || !VENDORS.includes(value)) throw new FaultSpecError(entry, `vendor must be one of ${VENDORS.join(', ')}`);
      spec.vendor = value;
      return;
    default:
      throw new FaultSpecError(entry, `unknown option "${key}"`);
  }
}

function parseEntry(entry: string): FaultSpec {
  const colon = entry.indexOf(':');
  const kind = (colon < 0 ? entry : entry.slice(0, colon)).trim();
  if (!KINDS.includes(kind as FaultKind)) throw new FaultSpecError(entry, `unknown fault kind "${kind}"`);
  const spec: FaultSpec = { kind: kind as FaultKind };
  if (colon >= 0) for (const option of entry.slice(colon + 1).split(',')) parseOption(entry, spec, option);
  if (spec.kind === 'latency' && spec.ms === undefined) throw new FaultSpecError(entry, 'latency needs ms=<milliseconds>');
  if (spec.kind !== 'latency' && (spec.ms !== undefined || spec.random || spec.seed !== undefined)) {
    throw new FaultSpecError(entry, 'ms, random and seed only apply to latency');
  }
  if (spec.seed !== undefined && !spec.random) throw new FaultSpecError(entry, 'seed only applies with random');
  return spec;
}

/** Parses an OFFLINE_FAULTS string ("" or whitespace means no faults). Throws FaultSpecError with the bad entry. */
export function parseFaults(spec: string): FaultSpec[] {
  return spec
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseEntry);
}

/** What to do to one call. */
export interface ActiveFaults {
  latencyMs: number;
  httpStatus?: 429 | 500 | 503;
  timeout: boolean;
  malformedJson: boolean;
  decision?: DecisionFault;
  /** Model mistakes drawn for this call (OFFLINE_MODEL_ERRORS); the brain applies those that fit the request. */
  errors: ReadonlySet<ModelErrorMode>;
}

interface FaultState {
  spec: FaultSpec;
  used: number;
  random?: () => number;
}

/**
 * Per-transport fault state: `times` counts per fault for the fetch/handler that owns the plan,
 * and a random latency's sequence starts from its seed for each new plan.
 */
export class FaultPlan {
  private readonly states: FaultState[];

  constructor(
    faults: FaultSpec[] = [],
    private readonly baseLatencyMs = 0,
    private readonly errors = new ModelErrorPlan(),
  ) {
    this.states = faults.map((spec) => ({
      spec,
      used: 0,
      ...(spec.random ? { random: seededRandom(spec.seed ?? 1) } : {}),
    }));
  }

  /** An error profile is set: decide() gets the drawn mistakes (possibly none) on every call. */
  get makesMistakes(): boolean {
    return this.errors.active;
  }

  /** Consumes the faults that apply to the next call to `vendor`. */
  next(vendor: Vendor): ActiveFaults {
    const active: ActiveFaults = { latencyMs: this.baseLatencyMs, timeout: false, malformedJson: false, errors: this.errors.next(vendor) };
    for (const state of this.states) {
      const { spec } = state;
      if (spec.vendor !== undefined && spec.vendor !== vendor) continue;
      if (spec.times !== undefined && state.used >= spec.times) continue;
      state.used++;
      applyFault(active, state);
    }
    return active;
  }
}

function applyFault(active: ActiveFaults, state: FaultState): void {
  const { spec } = state;
  switch (spec.kind) {
    case 'latency':
      active.latencyMs += state.random ? Math.floor(state.random() * (spec.ms ?? 0)) : (spec.ms ?? 0);
      return;
    case 'http_429':
      active.httpStatus ??= 429;
      return;
    case 'http_500':
      active.httpStatus ??= 500;
      return;
    case 'http_503':
      active.httpStatus ??= 503;
      return;
    case 'timeout':
      active.timeout = true;
      return;
    case 'malformed_json':
      active.malformedJson = true;
      return;
    default:
      if (DECISION_FAULTS.includes(spec.kind)) active.decision ??= spec.kind as DecisionFault;
  }
}
