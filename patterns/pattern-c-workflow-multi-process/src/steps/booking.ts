/**
 * Step 3, booking: Bedrock Converse picks ONE of the candidate slots through a forced `select_slot`
 * tool (structured choice, no free text); code checks the choice is a candidate and books it for the
 * user id the orchestrator's code put in the payload.
 *
 * Not safe to re-run blindly: a second run may select a different candidate and book it too.
 * Retrying with the SAME slot_id is safe, because the booking service returns the existing booking
 * when the same user books the same slot again.
 */
import type { BedrockRuntimeClient, Tool } from '@aws-sdk/client-bedrock-runtime';
import type { BookingService } from '@tennis/booking-service';
import { runBookingTool, UpstreamError, type TraceRecorder } from '@tennis/runtime';
import type { StepInput, StepOutput } from '@tennis/pattern-b/contract';
import * as z from 'zod';

export interface BookingDeps {
  bedrock: BedrockRuntimeClient;
  model: string;
  bookings: BookingService;
}

type Input = StepInput<'booking'>;

const SELECT_SLOT = 'select_slot';
const Selection = z.object({ slot_id: z.string(), reason: z.string() });

/** The forced tool: its slot_id enum is exactly the candidates, so a well-behaved model cannot invent one. */
function selectSlotTool(candidates: Input['candidates']): Tool {
  return {
    toolSpec: {
      name: SELECT_SLOT,
      description: 'Select the one candidate slot that best fits the preferences.',
      inputSchema: {
        json: {
          type: 'object',
          properties: {
            slot_id: { type: 'string', enum: candidates.map((c) => c.slot_id), description: 'slot_id of the chosen candidate' },
            reason: { type: 'string', description: 'One short sentence: why this slot' },
          },
          required: ['slot_id', 'reason'],
        },
      },
    },
  };
}

function preferences({ date, time, part_of_day, court }: Input['request']) {
  return { date, time, part_of_day, court };
}

async function selectSlot(deps: BookingDeps, input: Input): Promise<z.output<typeof Selection>> {
  const prompt = [
    `Select the best slot for these preferences: ${JSON.stringify(preferences(input.request))}`,
    `Candidates: ${JSON.stringify(input.candidates)}`,
    'A named court wins over any other court; otherwise prefer the requested time, then the earliest.',
  ].join('\n');
  // The SDK loads with the first selection, not at the step's cold start.
  const { ConverseCommand } = await import('@aws-sdk/client-bedrock-runtime');
  const res = await deps.bedrock.send(
    new ConverseCommand({
      modelId: deps.model,
      messages: [{ role: 'user', content: [{ text: prompt }] }],
      toolConfig: { tools: [selectSlotTool(input.candidates)], toolChoice: { tool: { name: SELECT_SLOT } } },
    }),
  );
  const use = res.output?.message?.content?.find((block) => block.toolUse?.name === SELECT_SLOT)?.toolUse;
  const selection = Selection.safeParse(use?.input);
  if (!selection.success) throw new UpstreamError('bad_upstream', 'The model did not select a slot.');
  // The gate between model and booking: only a slot the orchestrator offered can be booked.
  if (!input.candidates.some((c) => c.slot_id === selection.data.slot_id)) {
    throw new UpstreamError('bad_upstream', `The model selected ${selection.data.slot_id}, which is not one of the candidates.`);
  }
  return selection.data;
}

export function createBookingStep(deps: BookingDeps) {
  return async (input: Input, trace: TraceRecorder): Promise<StepOutput<'booking'>> => {
    const { slot_id, reason } = await selectSlot(deps, input);
    // select_only (REQUIRE_CONFIRMATION): the member approves this slot first; their "yes" books it here on a later invoke.
    if (input.select_only) return { status: 'selected', slot: input.candidates.find((c) => c.slot_id === slot_id)!, reason };
    const outcome = await runBookingTool(deps.bookings, 'book', { slot_id }, { userId: input.user_id, trace, actor: 'booking' });
    if (outcome.ok) return { status: 'booked', booking: outcome.result, reason };
    return { status: 'refused', slot_id, code: outcome.error.code, message: outcome.error.message };
  };
}
