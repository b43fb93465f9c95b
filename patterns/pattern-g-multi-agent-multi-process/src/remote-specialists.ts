/**
 * G's manager tools: each invokes one specialist Lambda (payloads.ts), with the caller's user id copied by code.
 * A failed invoke becomes an answer the manager explains; only the availability specialist (read-only) and a
 * booking proposal are retried. With REQUIRE_CONFIRMATION the booking tool pauses the manager's run
 * (needsApproval, the policy F shares through team.ts): before it, the booking specialist proposes its slot
 * without booking it; after the member's yes, the resumed call asks it to book exactly that slot id.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { tool, type RunContext } from '@openai/agents';
import type { BookingService } from '@tennis/booking-service';
import { StepFailedError } from '@tennis/runtime';
import { approvalPolicy, SPECIALIST_TOOLS } from '@tennis/pattern-f/team';
import type { AgentsTurnContext } from '@tennis/runtime/agents';
import { invokeWorker } from '@tennis/runtime/invoke';
import { BookingSpecialistInput, SpecialistInput, SpecialistResult } from './payloads';

export interface SpecialistFunctions {
  availability: string;
  booking: string;
}

export interface RemoteSpecialistsDeps {
  bookings: BookingService;
  lambda: LambdaClient;
  /** Deployed function names (G_AVAILABILITY_FUNCTION, G_BOOKING_FUNCTION). */
  functions: SpecialistFunctions;
  requireConfirmation: boolean;
}

/** What the manager hears when a specialist Lambda failed: honest about what is known, and what to do. */
function unavailable(topic: 'availability' | 'booking', err: StepFailedError): string {
  const what =
    topic === 'booking'
      ? 'The booking service is unavailable right now; no booking was confirmed'
      : 'The availability service is unavailable right now';
  return `${what} (${err.message}). Please try again in a moment.`;
}

const REQUEST_PARAMETERS = {
  type: 'object' as const,
  properties: { request: { type: 'string', description: 'A self-contained request in absolute terms (YYYY-MM-DD, HH:MM, court).' } },
  required: ['request'],
  additionalProperties: false as const,
};

/** The manager's two tools, one per specialist Lambda. */
export function remoteSpecialists({ bookings, lambda, functions, requireConfirmation }: RemoteSpecialistsDeps) {
  // A specialist's answer for a call that asked nothing (no slot proposed), kept for that call's execute.
  const proposals = new WeakMap<AgentsTurnContext, Map<string, string>>();

  /** One specialist Lambda invoke; a failed one becomes the answer the manager explains. */
  const invoke = async (
    topic: 'availability' | 'booking',
    payload: SpecialistInput | BookingSpecialistInput,
    context: AgentsTurnContext,
  ) => {
    try {
      return await invokeWorker({
        lambda,
        functionName: functions[topic],
        step: `${topic}-specialist`,
        input: topic === 'booking' ? BookingSpecialistInput : SpecialistInput,
        result: SpecialistResult,
        payload,
        trace: context.trace,
        retryOnce: topic === 'availability' || 'propose' in payload,
      });
    } catch (err) {
      if (err instanceof StepFailedError) return { answer: unavailable(topic, err), booking: null };
      throw err;
    }
  };

  /** Approval step (REQUIRE_CONFIRMATION): the booking specialist picks its slot without booking it; that slot is asked about. */
  const proposeSlot = async ({ request }: { request: string }, context: AgentsTurnContext, callId: string) => {
    const proposal = await invoke('booking', { request, user_id: context.userId, propose: true }, context);
    if (!proposal.proposed_slot_id) proposals.set(context, (proposals.get(context) ?? new Map()).set(callId, proposal.answer));
    return proposal.proposed_slot_id ?? null;
  };

  /** A manager tool that invokes one specialist Lambda. */
  const remoteSpecialist = (topic: 'availability' | 'booking') =>
    tool({
      name: SPECIALIST_TOOLS[topic].toolName,
      description: SPECIALIST_TOOLS[topic].toolDescription,
      parameters: REQUEST_PARAMETERS,
      strict: true,
      needsApproval: approvalPolicy(bookings, topic === 'booking' && requireConfirmation, proposeSlot),
      execute: async (args, runContext?: RunContext<AgentsTurnContext>, details?) => {
        const context = runContext?.context;
        if (!context) throw new Error('The manager runs with an AgentsTurnContext (createTurnContext).');
        const { request } = args as { request: string };
        const callId = details?.toolCall?.callId ?? '';
        // With approval on, the booking specialist books only the slot the member approved, and nothing else.
        const approved = context.asked[callId];
        const unproposed = proposals.get(context)?.get(callId);
        if (topic === 'booking' && requireConfirmation && !approved) return unproposed ?? 'Nothing was booked: no slot was approved.';
        const payload = approved ? { approved_slot_id: approved, user_id: context.userId } : { request, user_id: context.userId };
        const result = await invoke(topic, payload, context);
        if (result.booking) context.booked.push(result.booking);
        return result.answer;
      },
    });

  return { availability: remoteSpecialist('availability'), booking: remoteSpecialist('booking') };
}
