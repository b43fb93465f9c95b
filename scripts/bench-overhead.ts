/**
 * Orchestration overhead of the multi-process patterns C and G: each function in its own process
 * (local Lambda runtime, dev server in front), offline model at zero latency. Per turn:
 *   overhead = wall time of the HTTP request - time spent inside LLM calls (from the trace)
 * Prints p50/p95 and Lambda invokes per turn. Usage: pnpm tsx scripts/bench-overhead.ts [--turns 40]
 */
import { startLocalPattern } from './test/local-pattern';
import type { PatternLetter } from './lib/lambdas';

const MESSAGES = ['Do you have anything tomorrow afternoon?', 'Book tomorrow at 3pm'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function bench(letter: PatternLetter, turns: number): Promise<void> {
  const local = await startLocalPattern(letter, { LOG_LEVEL: 'WARN', OFFLINE_LATENCY_MS: '0' });
  try {
    await local.app.chat(MESSAGES[0]!, { userId: 'warm-up' }); // first invokes pay module warm-up inside each process
    const overhead: number[] = [];
    const invokes: number[] = [];
    for (let i = 0; i < turns; i++) {
      const t0 = performance.now();
      const reply = await local.app.chat(MESSAGES[i % MESSAGES.length]!, { userId: `bench-${i}` });
      const wall = performance.now() - t0;
      if (!reply.ok) throw new Error(`turn ${i}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
      const llmMs = reply.body.trace.reduce((sum, e) => sum + (e.type === 'llm' ? e.ms : 0), 0);
      overhead.push(wall - llmMs);
      invokes.push(reply.body.usage.lambda_invokes);
    }
    overhead.sort((a, b) => a - b);
    const meanInvokes = invokes.reduce((a, b) => a + b, 0) / invokes.length;
    console.log(
      `${letter.toUpperCase()}  turns ${turns}  overhead p50 ${percentile(overhead, 50).toFixed(1)} ms  p95 ${percentile(overhead, 95).toFixed(1)} ms  ` +
        `invokes/turn ${meanInvokes.toFixed(1)} (+1 API Gateway -> HTTP function)`,
    );
  } finally {
    await local.stop();
  }
}

const i = process.argv.indexOf('--turns');
const turns = i >= 0 ? Number(process.argv[i + 1]) : 40;
if (!Number.isInteger(turns) || turns < 1) throw new Error('--turns needs a positive whole number');
console.log('Orchestration overhead per turn (wall time minus time inside LLM calls), offline model at zero latency:');
for (const letter of ['c', 'g'] as const) await bench(letter, turns);
