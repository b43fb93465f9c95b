/** Lambda entry for pattern H's action group: invoked only by the Bedrock agent (see infra), never by the HTTP API. */
import { summarizeOutcome } from '@tennis/booking-service';
import { onceUntilFailure, startRuntime, traced, type Runtime } from '@tennis/runtime';
import type { Context } from 'aws-lambda';
import { createActionGroup, TRACEPARENT_ATTRIBUTE, type ActionGroupHandler, type BedrockAgentFunctionEvent } from '../action-group';
import { argsOf, outcomeOfBody } from '../agent-stream';

/** The action group over a runtime's booking service (DynamoDB when BOOKINGS_TABLE is set). */
export const build = (rt: Runtime): ActionGroupHandler =>
  createActionGroup(rt.bookings, rt.logger.child({ function: 'action-group' }), { requireConfirmation: rt.config.requireConfirmation });

// Built once per container, on the same start-up path as every other Lambda entry.
const start = onceUntilFailure(async () => build(await startRuntime()));

/**
 * Each call is traced as the function it runs; exported (when OTEL_EXPORTER_OTLP_ENDPOINT is set) under the
 * invoker's turn, whose traceparent the invoker put in the session attributes.
 */
export const handler = async (event: unknown, context: Context) => {
  const run = await start();
  const agentEvent = event as Partial<BedrockAgentFunctionEvent> | null;
  const name = String(agentEvent?.function ?? 'unknown');
  const root = {
    name: `invoke ${context?.functionName ?? 'pattern-h-action-group'}`,
    kind: 'server' as const,
    attributes: {
      'faas.trigger': 'other',
      'gen_ai.tool.name': name,
      ...(context?.awsRequestId ? { 'faas.invocation_id': context.awsRequestId } : {}),
    },
    traceparent: agentEvent?.sessionAttributes?.[TRACEPARENT_ATTRIBUTE],
  };
  return traced(root, async (trace) => {
    const started = performance.now();
    const out = await run(event, context);
    const outcome = outcomeOfBody(out.response.functionResponse.responseBody.TEXT.body);
    const args = argsOf(agentEvent?.parameters);
    trace.record({
      type: 'tool',
      actor: 'action-group',
      name,
      args,
      ok: outcome.ok,
      summary: summarizeOutcome(name, outcome),
      ms: Math.round(performance.now() - started),
    });
    return out;
  });
};
