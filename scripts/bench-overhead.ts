/**
 * Orchestration overhead of the multi-process patterns C and G: each function in its own process
 * (local Lambda runtime, dev server in front), offline model at zero latency. Per turn:
 *   overhead = wall time of the HTTP request - time spent inside LLM calls (from the trace)
 * Turns alternate an availability question and a booking at an hour still free, so every booking turn
 * books. Warm-up turns first (the same mix, booking three days ahead) bring every process to the steady
 * state of a warm Lambda: V8 optimises a function only after it has run many times. Prints p50/p95
 * (nearest rank) over all turns and per kind, Lambda invokes per turn, and on Linux the CPU time each
 * process spent per turn. The client is a bare keep-alive node:http request, like curl: the instrument
 * should cost the process hosting the dev server (and the local runtime) as little as possible.
 * Each pattern runs with OpenTelemetry export off, then on (every process exporting http/protobuf to a
 * loopback OTLP receiver in this process, flushed before each function returns): the difference is the
 * per-turn cost of export. --export off|on|both (default both).
 * Usage: pnpm bench:overhead [--turns 40] [--warmup 40] [--export both]
 */
import { Agent, request } from 'node:http';
import { clubDate, startOtlpReceiver, TEST_TIMEZONE } from '../shared/testkit/src';
import { startLocalPattern } from './test/local-pattern';
import { intOption } from './lib/args';
import { cpuPerTurn, cpuSnapshot } from './lib/load/process-cpu';
import { quantile } from './lib/load/generator';
import { overheadOf } from './lib/load/turn-cost';
import type { PatternLetter } from './lib/lambdas';

const ASK = 'Do you have anything tomorrow afternoon?';
/** Days and hours with a free court for every booking turn: 3 courts x 12 hours x 2 days = 72 bookings. */
const DAYS = ['tomorrow', 'the day after tomorrow'];
const HOURS = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
const COURTS = 3;
const MAX_TURNS = 2 * COURTS * HOURS.length * DAYS.length;
/** Warm-up bookings go three days ahead in the club's time zone, away from the measured days: 3 courts x 12 hours. */
const MAX_WARMUP = 2 * COURTS * HOURS.length;
const WARMUP_DAY = clubDate(3, new Date().toISOString(), process.env.CLUB_TIMEZONE || TEST_TIMEZONE);

/** The k-th booking: each court of an hour, then the next hour, then the next day. */
function bookAt(k: number, days: readonly string[]): string {
  const slot = Math.floor(k / COURTS);
  const hour = String(HOURS[slot % HOURS.length]).padStart(2, '0');
  return `Book ${days[Math.floor(slot / HOURS.length)]} at ${hour}:00`;
}

interface TurnSample {
  kind: 'ask' | 'book';
  overhead: number;
  invokes: number;
}

interface ChatReply {
  status: number;
  body: { response: string; booking: unknown; trace: Array<{ type: string; ms?: number }>; usage: { lambda_invokes: number } };
}

function post(agent: Agent, url: string, userId: string, message: string): Promise<ChatReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-user-id': userId } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ message }));
  });
}

/** One chat turn through the dev server's /<letter>/chat, as a client sees it. */
type Chat = (message: string, userId: string) => Promise<ChatReply>;

async function turn(chat: Chat, kind: TurnSample['kind'], message: string, userId: string): Promise<TurnSample> {
  const t0 = performance.now();
  const reply = await chat(message, userId);
  const wall = performance.now() - t0;
  if (reply.status !== 200) throw new Error(`${userId}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  if (kind === 'book' && !reply.body.booking) throw new Error(`${userId}: "${message}" booked nothing: ${reply.body.response}`);
  return { kind, overhead: overheadOf(wall, reply.body.trace), invokes: reply.body.usage.lambda_invokes };
}

function describe(samples: TurnSample[]): string {
  const sorted = samples.map((s) => s.overhead).sort((a, b) => a - b);
  return `p50 ${quantile(sorted, 0.5).toFixed(1)} ms  p95 ${quantile(sorted, 0.95).toFixed(1)} ms`;
}

/** `count` turns alternating an availability question and a booking (the k-th of bookAt over `days`). */
async function run(chat: Chat, count: number, days: readonly string[], label: string): Promise<TurnSample[]> {
  const samples: TurnSample[] = [];
  for (let i = 0; i < count; i++) {
    const book = i % 2 === 1;
    samples.push(await turn(chat, book ? 'book' : 'ask', book ? bookAt((i - 1) / 2, days) : ASK, `${label}-${i}`));
  }
  return samples;
}

async function bench(letter: PatternLetter, turns: number, warmup: number, exportOn: boolean): Promise<void> {
  const receiver = exportOn ? await startOtlpReceiver() : undefined;
  const otel: Record<string, string> = receiver
    ? { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }
    : {};
  const local = await startLocalPattern(letter, { LOG_LEVEL: 'WARN', OFFLINE_LATENCY_MS: '0', ...otel });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const chat: Chat = (message, userId) => post(agent, `${local.server.url}/${letter}/chat`, userId, message);
  try {
    await run(chat, warmup, [WARMUP_DAY], 'warm-up');
    const pids = local.host.runtime!.pids();
    const before = cpuSnapshot(pids);
    const samples = await run(chat, turns, DAYS, 'bench');
    const cpu = cpuPerTurn(before, cpuSnapshot(pids), turns);
    const invokes = samples.reduce((sum, s) => sum + s.invokes, 0) / samples.length;
    const spans = receiver ? `  spans/turn ${(receiver.spans.length / (turns + warmup)).toFixed(1)}` : '';
    console.log(
      `${letter.toUpperCase()}  export ${exportOn ? 'on ' : 'off'}  turns ${turns}  overhead ${describe(samples)}  ` +
        `(ask ${describe(samples.filter((s) => s.kind === 'ask'))}; book ${describe(samples.filter((s) => s.kind === 'book'))})  ` +
        `invokes/turn ${invokes.toFixed(1)} (+1 API Gateway -> HTTP function)${spans}`,
    );
    if (cpu) console.log(`   CPU ms/turn: ${cpu}`);
  } finally {
    await local.stop();
    agent.destroy();
    await receiver?.close();
  }
}

function exportModes(argv: string[]): boolean[] {
  const i = argv.indexOf('--export');
  const value = i === -1 ? 'both' : argv[i + 1];
  if (value === 'off') return [false];
  if (value === 'on') return [true];
  if (value === 'both') return [false, true];
  throw new Error(`--export takes off, on or both, got "${value ?? ''}"`);
}

const turns = intOption(process.argv, '--turns', 40, 2, MAX_TURNS);
const warmup = intOption(process.argv, '--warmup', 40, 2, MAX_WARMUP);
console.log(
  `Orchestration overhead per turn (wall time minus time inside LLM calls), offline model at zero latency, after ${warmup} warm-up turns:`,
);
const modes = exportModes(process.argv);
for (const letter of ['c', 'g'] as const) for (const on of modes) await bench(letter, turns, warmup, on);
