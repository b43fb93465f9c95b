/**
 * Model error profiles: realistic mistakes the offline model makes on purpose, each at a rate, drawn
 * from a seeded generator so a run is reproducible call for call (OFFLINE_MODEL_ERRORS, OFFLINE_MODEL_SEED).
 *
 * Which mistakes can apply to a call is decided by the brain from what the request offers (tools,
 * structured output, free text), never from who is calling. This module only parses the spec and draws.
 */

/** The kinds of mistake, in draw order (one draw per mode per call, so streams stay aligned). */
export const MODEL_ERROR_MODES = [
  'wrong_date',
  'swapped_ampm',
  'wrong_court',
  'unchecked_booking',
  'book_on_question',
  'skipped_tool',
  'false_claim',
  'malformed_args',
  'missing_field',
  'forgot_history',
  'repeat_tool',
] as const;

export type ModelErrorMode = (typeof MODEL_ERROR_MODES)[number];
export type ModelErrorRates = Partial<Record<ModelErrorMode, number>>;

/** One line per mode: what the model gets wrong (docs, reports and the playground use these). */
export const MODEL_ERROR_DESCRIPTIONS: Record<ModelErrorMode, string> = {
  wrong_date: 'reads the date one day late',
  swapped_ampm: 'swaps am and pm',
  wrong_court: 'picks another court than the one named',
  unchecked_booking: 'books a guessed slot id without checking availability',
  book_on_question: 'books when the member only asked what is free',
  skipped_tool: 'answers without the tool call the request needed',
  false_claim: 'claims a booking that was never made, or that failed',
  malformed_args: 'sends tool arguments that violate the schema',
  missing_field: 'leaves a required field out of structured output',
  forgot_history: 'ignores earlier turns of the conversation',
  repeat_tool: 'calls the same tool again and again',
};

/**
 * Per-call rates. `realistic` is an assumption, not a measurement of any model: its order of magnitude follows
 * published function-calling evaluations (see the package README), where strong models get a few percent of
 * simple calls wrong and multi-turn, stateful tasks fail far more often. `harsh` is a stress setting.
 */
export const MODEL_ERROR_PROFILES = {
  none: {},
  realistic: {
    wrong_date: 0.03,
    swapped_ampm: 0.02,
    wrong_court: 0.02,
    unchecked_booking: 0.03,
    book_on_question: 0.03,
    skipped_tool: 0.03,
    false_claim: 0.04,
    malformed_args: 0.02,
    missing_field: 0.02,
    forgot_history: 0.04,
    repeat_tool: 0.02,
  },
  harsh: Object.fromEntries(MODEL_ERROR_MODES.map((mode) => [mode, 0.15])) as ModelErrorRates,
} satisfies Record<string, ModelErrorRates>;

export type ModelErrorProfile = keyof typeof MODEL_ERROR_PROFILES;
const PROFILES = Object.keys(MODEL_ERROR_PROFILES) as ModelErrorProfile[];

export class ModelErrorSpecError extends Error {
  constructor(entry: string, problem: string) {
    super(
      `Bad OFFLINE_MODEL_ERRORS entry "${entry}": ${problem}. ` +
        `Use a profile (${PROFILES.join(', ')}) or mode:rate=R entries separated by ";" (R from 0 to 1), ` +
        `e.g. "false_claim:rate=0.2;wrong_date:rate=0.05". Modes: ${MODEL_ERROR_MODES.join(', ')}.`,
    );
    this.name = 'ModelErrorSpecError';
  }
}

function parseEntry(entry: string, rates: ModelErrorRates): void {
  if ((PROFILES as string[]).includes(entry)) {
    Object.assign(rates, MODEL_ERROR_PROFILES[entry as ModelErrorProfile]);
    return;
  }
  const colon = entry.indexOf(':');
  const mode = (colon < 0 ? entry : entry.slice(0, colon)).trim();
  if (!(MODEL_ERROR_MODES as readonly string[]).includes(mode)) {
    throw new ModelErrorSpecError(entry, colon < 0 ? `unknown profile or mode "${mode}"` : `unknown mode "${mode}"`);
  }
  if (colon < 0) throw new ModelErrorSpecError(entry, `${mode} needs a rate, as ${mode}:rate=0.1`);
  const [key = '', value = ''] = entry
    .slice(colon + 1)
    .split('=', 2)
    .map((s) => s.trim());
  if (key !== 'rate') throw new ModelErrorSpecError(entry, `unknown option "${key}" (only rate)`);
  const rate = /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(value) ? Number(value) : Number.NaN;
  if (!(rate >= 0 && rate <= 1)) throw new ModelErrorSpecError(entry, `rate must be a number from 0 to 1, got "${value}"`);
  rates[mode as ModelErrorMode] = rate;
}

/**
 * Parses OFFLINE_MODEL_ERRORS: a profile name, mode:rate=R entries, or a profile followed by entries that
 * override it ("realistic;false_claim:rate=0.5"). Empty means none. Throws ModelErrorSpecError naming the entry.
 */
export function parseModelErrors(spec: string): ModelErrorRates {
  const rates: ModelErrorRates = {};
  for (const entry of spec
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean))
    parseEntry(entry, rates);
  return rates;
}

/** Parses OFFLINE_MODEL_SEED: a whole number from 0 to 2^32-1. */
export function parseModelSeed(text: string): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) > 0xffffffff) {
    throw new ModelErrorSpecError(`OFFLINE_MODEL_SEED=${text}`, 'the seed must be a whole number from 0 to 4294967295');
  }
  return Number(trimmed);
}

/** mulberry32: a tiny seeded PRNG, the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string, to derive a stream's seed from the run seed and a stream name. */
export function hashSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The mistakes drawn for each call. One generator per vendor per transport (engine), each seeded from the run's
 * seed and the vendor's name, and one draw per mode per call, so the same seed and the same sequence of calls
 * always give the same mistakes.
 */
export class ModelErrorPlan {
  private readonly streams = new Map<string, () => number>();
  readonly active: boolean;

  constructor(
    private readonly rates: ModelErrorRates = {},
    private readonly seed = 1,
  ) {
    this.active = Object.values(rates).some((r) => (r ?? 0) > 0);
  }

  next(vendor: string): ReadonlySet<ModelErrorMode> {
    const drawn = new Set<ModelErrorMode>();
    if (!this.active) return drawn;
    let random = this.streams.get(vendor);
    if (!random) this.streams.set(vendor, (random = seededRandom(hashSeed(this.seed, vendor))));
    for (const mode of MODEL_ERROR_MODES) if (random() < (this.rates[mode] ?? 0)) drawn.add(mode);
    return drawn;
  }
}
