/**
 * The two tools as @openai/agents function tools, executed through executeTool with the user id
 * taken from the run context that code passes to `run(agent, input, { context: { userId } })`,
 * never from the model's arguments.
 *
 * The SDK is given the strict JSON Schema derived from the zod schemas rather than the zod objects
 * themselves: with zod objects the SDK validates first and, by design, hides the rejected input
 * from errorFunction, so a model would only hear a generic "error running the tool". This way the
 * zod schemas validate inside executeTool and the model gets the same field-level INVALID_INPUT
 * explanation as in every other pattern.
 */
import { tool, type RunContext } from '@openai/agents';
import { strictToolJsonSchema } from './converters';
import type { BookingService } from './service';
import { bookingTools, executeTool, type BookingToolName } from './tools';
import type { ToolOutcome } from './types';

export interface AgentsToolContext {
  userId: string;
}

/** An @openai/agents `needsApproval` policy: true pauses the run at this call until a human approves or rejects it. */
// biome-ignore lint/suspicious/noExplicitAny: the policy is written against the caller's own run context and arguments (the SDK's own signature is as loose).
export type ToolApprovalPolicy = (runContext: RunContext<any>, args: any, callId?: string) => Promise<boolean>;

export interface AgentsToolsOptions {
  /** Per tool: pause the run for a human's approval before the call runs (e.g. `{ book: policy }` for REQUIRE_CONFIRMATION). */
  needsApproval?: Partial<Record<BookingToolName, ToolApprovalPolicy | false>>;
}

export function toAgentsTools(service: BookingService, options: AgentsToolsOptions = {}) {
  return bookingTools.map((definition) => {
    const needsApproval = options.needsApproval?.[definition.name];
    const { type, properties, required, additionalProperties } = strictToolJsonSchema(definition);
    return tool({
      name: definition.name,
      description: definition.description,
      parameters: { type, properties, required, additionalProperties },
      strict: true,
      execute: (args, runContext?: RunContext<AgentsToolContext>): Promise<ToolOutcome> =>
        executeTool(service, definition.name, args, { userId: userIdFrom(runContext) }),
      // Only unexpected failures (a store outage) reach here: let them fail the run, not be hidden.
      errorFunction: null,
      ...(needsApproval ? { needsApproval } : {}),
    });
  });
}

function userIdFrom(runContext: RunContext<AgentsToolContext> | undefined): string {
  const userId = runContext?.context?.userId;
  if (typeof userId !== 'string' || userId === '') {
    throw new Error('Booking tools need the run context { userId }: pass it as run(agent, input, { context: { userId } }).');
  }
  return userId;
}
