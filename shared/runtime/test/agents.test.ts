/** The @openai/agents Runner built by createAgentsRunner books through the offline model, and tracing export obeys config. */
import { Agent, setTraceProcessors, setTracingDisabled, type TracingProcessor } from '@openai/agents';
import { toAgentsTools } from '@tennis/booking-service/agents';
import { describe, expect, it } from 'vitest';
import { createAgentsRunner, flushAgentsTraces } from '../src/agents';
import { Trace, withTrace } from '../src/trace';
import { bookingFixture, offlineConfig, SYSTEM_PROMPT, USER_ID, USER_MESSAGE } from './clients-fixtures';

/** Counts what the agents SDK would export, in place of the OpenAI exporter. */
function countingProcessor() {
  const seen = { traces: 0, flushes: 0 };
  const processor: TracingProcessor = {
    onTraceStart: async () => {},
    onTraceEnd: async () => {
      seen.traces++;
    },
    onSpanStart: async () => {},
    onSpanEnd: async () => {},
    shutdown: async () => {},
    forceFlush: async () => {
      seen.flushes++;
    },
  };
  setTraceProcessors([processor]);
  return seen;
}

function bookingAgent() {
  const fx = bookingFixture();
  const agent = new Agent({ name: 'Booking assistant', instructions: SYSTEM_PROMPT, tools: toAgentsTools(fx.service) });
  return { fx, agent };
}

describe('createAgentsRunner', () => {
  it('runs an agent with the zod booking tools to a booking, recording each model call', async () => {
    const { fx, agent } = bookingAgent();
    const config = offlineConfig();
    const trace = new Trace();
    const result = await withTrace(trace, () => createAgentsRunner(config).run(agent, USER_MESSAGE, { context: { userId: USER_ID } }));
    const [booking] = await fx.service.listBookings(USER_ID);
    expect(booking).toMatchObject({ date: '2026-11-22', time: '15:00', user_id: USER_ID });
    expect(result.finalOutput).toContain(booking!.court);
    const llm = trace.events().filter((e) => e.type === 'llm');
    expect(llm.map((e) => e.decision)).toEqual(['tool_call: check_availability', 'tool_call: book', 'answer']);
    expect(llm.every((e) => e.api === 'responses' && e.mode === 'offline' && e.model === config.openaiModel)).toBe(true);
  });

  it('can run the agent over Chat Completions', async () => {
    const { fx, agent } = bookingAgent();
    const config = offlineConfig();
    const trace = new Trace();
    await withTrace(trace, () =>
      createAgentsRunner(config, { useChatCompletions: true }).run(agent, USER_MESSAGE, { context: { userId: USER_ID } }),
    );
    expect(await fx.service.listBookings(USER_ID)).toHaveLength(1);
    expect(
      trace
        .events()
        .filter((e) => e.type === 'llm')
        .every((e) => e.type === 'llm' && e.api === 'chat.completions'),
    ).toBe(true);
  });

  it('exports no traces when OPENAI_AGENTS_TRACING is off, even if tracing was globally on', async () => {
    const seen = countingProcessor();
    setTracingDisabled(false);
    const { agent } = bookingAgent();
    const config = offlineConfig({ OPENAI_AGENTS_TRACING: 'false' });
    await createAgentsRunner(config).run(agent, USER_MESSAGE, { context: { userId: USER_ID } });
    expect(seen.traces).toBe(0);
  });

  it('exports traces when tracing is on with a key, and flushAgentsTraces flushes them', async () => {
    const seen = countingProcessor();
    const { agent } = bookingAgent();
    // A key turns tracing on; LLM_MODE=offline keeps model calls local. The counting processor replaces the network exporter.
    const config = offlineConfig({ OPENAI_AGENTS_TRACING: 'true', OPENAI_API_KEY: 'sk-test' });
    await createAgentsRunner(config).run(agent, USER_MESSAGE, { context: { userId: USER_ID } });
    await flushAgentsTraces();
    expect(seen.traces).toBe(1);
    expect(seen.flushes).toBe(1);
  });
});
