/**
 * The two tools as @openai/agents function tools. The SDK gets the zod schemas (it derives the
 * strict JSON Schema and validates), execution goes through executeTool, and the user id comes from
 * the run context that code passes to `run(agent, input, { context: { userId } })`, never from arguments.
 */
import { ModelBehaviorError, tool, type RunContext } from '@openai/agents';
import type { BookingService } from './service';
import { argumentsProblem, bookingTools, executeTool } from './tools';
import type { ToolOutcome } from './types';

export interface AgentsToolContext {
  userId: string;
}

export function toAgentsTools(service: BookingService) {
  return bookingTools.map((definition) =>
    tool({
      name: definition.name,
      description: definition.description,
      parameters: definition.parameters,
      strict: true,
      execute: (args, runContext?: RunContext<AgentsToolContext>): Promise<ToolOutcome> =>
        executeTool(service, definition.name, args, { userId: userIdFrom(runContext) }),
      errorFunction: (_runContext, error) => explainRejectedArguments(definition.name, error),
    }),
  );
}

function userIdFrom(runContext: RunContext<AgentsToolContext> | undefined): string {
  const userId = runContext?.context?.userId;
  if (typeof userId !== 'string' || userId === '') {
    throw new Error('Booking tools need the run context { userId }: pass it as run(agent, input, { context: { userId } }).');
  }
  return userId;
}

/**
 * The SDK rejects invalid arguments with a generic message; give the model the same field-level
 * explanation executeTool gives elsewhere. Anything else (a store outage) propagates to the caller.
 */
function explainRejectedArguments(name: string, error: unknown): string {
  if (!(error instanceof ModelBehaviorError)) throw error;
  const input = 'toolInvocation' in error ? (error.toolInvocation as { input?: unknown } | undefined)?.input : undefined;
  const problem = argumentsProblem(name, input) ?? {
    ok: false,
    error: { code: 'INVALID_INPUT', message: `Invalid arguments for ${name}: ${error.message}.` },
  };
  return JSON.stringify(problem);
}
