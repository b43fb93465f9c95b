/**
 * Pattern H: a Bedrock agent. AWS runs the loop: the agent reads the instruction, calls the action
 * group's functions (our action-group Lambda runs them) and answers. Our invoker only sends the
 * message with who the caller is and today's date, then reads the agent's event stream.
 * Two hand-backs reach the invoker: returnControl (run the function here and continue) and, with
 * REQUIRE_CONFIRMATION, user confirmation (ask the member, continue on their next turn).
 */
import { createHash } from 'node:crypto';
import {
  InvokeAgentCommand,
  type BedrockAgentRuntimeClient,
  type FunctionInvocationInput,
  type InvocationResultMember,
  type InvokeAgentCommandInput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { summarizeOutcome, type Booking, type BookingService } from '@tennis/booking-service';
import {
  approvalQuestion,
  dateContext,
  declinedAnswer,
  pendingApproval,
  turnTraceparent,
  UpstreamError,
  type ApprovalAnswer,
  type GroundingGuard,
  type PendingApproval,
  type LlmMode,
  type Pattern,
  type TraceRecorder,
} from '@tennis/runtime';
import type { Context } from 'aws-lambda';
import {
  APPROVED_SLOT_ATTRIBUTE,
  createActionGroup,
  TRACEPARENT_ATTRIBUTE,
  USER_ID_ATTRIBUTE,
  type ActionGroupHandler,
  type BedrockAgentFunctionEvent,
} from './action-group';
import { agentError } from './agent-errors';
import { AgentTraceReader, argsOf, bookingOf, outcomeOfBody, readCompletion, type AgentTurn } from './agent-stream';

export interface PatternHDeps {
  bookings: BookingService;
  /** clients.bedrockAgent(): the real client, on AWS or on the offline agent runtime. */
  agent: BedrockAgentRuntimeClient;
  agentId: string;
  agentAliasId: string;
  /** For the trace: which mode the agent runtime is in, and the agent's foundation model. */
  mode: LlmMode;
  model: string;
  /** InvokeAgent calls allowed per turn, hand-backs included (MAX_MODEL_CALLS). */
  maxModelCalls: number;
  /** Checks the agent's answer against what the turn did (GROUNDING_GUARD). */
  grounding: GroundingGuard;
  /** REQUIRE_CONFIRMATION: the action group books only the slot the member approved (set on the CONFIRM request). */
  requireConfirmation: boolean;
}

/**
 * REQUIRE_CONFIRMATION: the function call the agent handed back for the member's yes or no. The runtime keeps
 * it server side as the session's `approval.hold`; Bedrock keeps the call itself in the agent's session.
 */
export interface HeldInvocation {
  invocationId: string;
  input: FunctionInvocationInput;
}

/** How the agent loop of one request ended: an answer, or a function call the member must approve first. */
type LoopEnd = { answer: string; booking: Booking | null } | { held: HeldInvocation; pending: PendingApproval; booking: Booking | null };

const RETURN_ACTOR = 'invoker';

/** Bedrock's session id: derived from our session AND the caller, so it cannot be chosen or shared by a client. */
function agentSessionId(userId: string, sessionId: string): string {
  return `h-${createHash('sha256').update(`${userId}\n${sessionId}`).digest('hex').slice(0, 40)}`;
}

function needsConfirmation(input: FunctionInvocationInput): boolean {
  return input.actionInvocationType === 'USER_CONFIRMATION' || input.actionInvocationType === 'USER_CONFIRMATION_AND_RESULT';
}

/** The hold the runtime handed back (written by this pattern's previous turn), or undefined when it is not one. */
function heldInvocation(hold: unknown): HeldInvocation | undefined {
  const held = hold as Partial<HeldInvocation> | null | undefined;
  return typeof held?.invocationId === 'string' && typeof held.input === 'object' && held.input !== null
    ? (held as HeldInvocation)
    : undefined;
}

export function createPatternH(deps: PatternHDeps): Pattern {
  const { bookings, agent, agentId, agentAliasId } = deps;
  // returnControl runs the very code the action-group Lambda runs, with the same identity and approval rules.
  const actions: ActionGroupHandler = createActionGroup(bookings, undefined, { requireConfirmation: deps.requireConfirmation });

  /** One InvokeAgent call, its stream read to the end; any failure becomes a clear HTTP error. */
  async function invoke(input: InvokeAgentCommandInput, trace: TraceRecorder): Promise<AgentTurn> {
    const reader = new AgentTraceReader(trace, deps.mode, deps.model);
    const output = await agent.send(new InvokeAgentCommand(input)).catch((err: unknown) => {
      throw agentError(err);
    });
    if (!output.completion) throw new UpstreamError('bad_upstream', 'The Bedrock agent answered without a completion stream.');
    try {
      return await readCompletion(output.completion, reader);
    } catch (err) {
      throw agentError(err, { midStream: true, booking: reader.booking });
    }
  }

  /** What every InvokeAgent call of one turn shares: the agent, its session, and who is asking. */
  function agentCall(userId: string, sessionId: string, trace: TraceRecorder) {
    const session = agentSessionId(userId, sessionId);
    // Set by code on every call: the action group reads the caller (and, when the turn is exported, its
    // trace context) from here, the model reads the date.
    const traceparent = turnTraceparent(trace);
    // With REQUIRE_CONFIRMATION the approved slot is named only on the request that CONFIRMs it, and cleared on every other.
    const attributes = (approvedSlot = '') => ({
      sessionAttributes: {
        [USER_ID_ATTRIBUTE]: userId,
        ...(traceparent ? { [TRACEPARENT_ATTRIBUTE]: traceparent } : {}),
        ...(deps.requireConfirmation ? { [APPROVED_SLOT_ATTRIBUTE]: approvedSlot } : {}),
      },
      promptSessionAttributes: { currentDateTime: dateContext(bookings) },
    });
    const base = { agentId, agentAliasId, sessionId: session, enableTrace: true };
    return {
      userId,
      session,
      /** The member's message. */
      ask: (inputText: string): InvokeAgentCommandInput => ({ ...base, inputText, sessionState: attributes() }),
      /** The next request after a hand-back: the invocation's results instead of new input text. */
      continueWith: (invocationId: string, results: InvocationResultMember[], approvedSlot?: string): InvokeAgentCommandInput => ({
        ...base,
        sessionState: { ...attributes(approvedSlot), invocationId, returnControlInvocationResults: results },
      }),
    };
  }
  type AgentCall = ReturnType<typeof agentCall>;

  /** Runs a returned function here, through the action group, and records it as a tool call. */
  async function runHere(input: FunctionInvocationInput, call: AgentCall, trace: TraceRecorder, approvedSlot?: string) {
    const event: BedrockAgentFunctionEvent = {
      messageVersion: '1.0',
      agent: { name: 'invoker', id: agentId, alias: agentAliasId, version: 'return-control' },
      inputText: '',
      sessionId: call.session,
      actionGroup: input.actionGroup ?? '',
      function: input.function ?? '',
      parameters: (input.parameters ?? []).map((p) => ({ name: p.name ?? '', type: 'string', value: p.value ?? '' })),
      sessionAttributes: { [USER_ID_ATTRIBUTE]: call.userId, ...(approvedSlot ? { [APPROVED_SLOT_ATTRIBUTE]: approvedSlot } : {}) },
      promptSessionAttributes: {},
    };
    const started = performance.now();
    const { response } = await actions(event, {} as Context);
    const body = response.functionResponse.responseBody.TEXT.body;
    const outcome = outcomeOfBody(body);
    const name = event.function;
    trace.record({
      type: 'tool',
      actor: RETURN_ACTOR,
      name,
      args: argsOf(input.parameters),
      ok: outcome.ok,
      summary: summarizeOutcome(name, outcome),
      ms: Math.round(performance.now() - started),
    });
    const result: InvocationResultMember = {
      functionResult: {
        actionGroup: event.actionGroup,
        function: name,
        responseBody: { TEXT: { body } },
        ...(response.functionResponse.responseState ? { responseState: response.functionResponse.responseState } : {}),
      },
    };
    return { result, booking: bookingOf(name, outcome) };
  }

  /** Runs every returned function here (returnControl); the results continue the agent's turn. */
  async function runAll(inputs: FunctionInvocationInput[], call: AgentCall, trace: TraceRecorder) {
    const results: InvocationResultMember[] = [];
    let booking: Booking | null = null;
    for (const input of inputs) {
      const ran = await runHere(input, call, trace);
      results.push(ran.result);
      booking = ran.booking ?? booking;
    }
    return { results, booking };
  }

  /**
   * AWS runs the agent loop from `request`; we read its stream, run what it hands back to us (returnControl),
   * at most maxModelCalls InvokeAgent calls, until it answers or hands back a call for the member to approve.
   */
  async function agentLoop(
    request: InvokeAgentCommandInput,
    call: AgentCall,
    trace: TraceRecorder,
    booked: Booking | null = null,
  ): Promise<LoopEnd> {
    let booking = booked;
    for (let calls = 1; calls <= deps.maxModelCalls; calls++) {
      const turn = await invoke(request, trace);
      booking = turn.booking ?? booking;
      const handBack = turn.returnControl;
      if (!handBack?.invocationId) return { answer: turn.answer, booking };
      const inputs = (handBack.invocationInputs ?? []).flatMap((i) => (i.functionInvocationInput ? [i.functionInvocationInput] : []));
      const ask = inputs.find(needsConfirmation);
      if (ask) {
        const held = { invocationId: handBack.invocationId, input: ask };
        const pending = approvalOf(held);
        if (pending) return { held, pending, booking };
        // Not a slot a member could approve (a malformed slot id): the action group refuses it, and the model reads why.
        trace.step(RETURN_ACTOR, 'user confirmation', `CONFIRM ${ask.function ?? ''}: not a slot to ask about`);
        request = (await answerHeld(held, true, call, trace)).request;
        continue;
      }
      const ran = await runAll(inputs, call, trace);
      booking = ran.booking ?? booking;
      request = call.continueWith(handBack.invocationId, ran.results);
    }
    throw new UpstreamError(
      'bad_upstream',
      `The agent still handed control back after ${deps.maxModelCalls} calls in one turn, so the turn was stopped.`,
    );
  }

  /** The slot a held `book` call would book, as the member is asked about it; undefined when it names no readable slot. */
  function approvalOf(held: HeldInvocation): PendingApproval | undefined {
    const slotId = argsOf(held.input.parameters).slot_id;
    if (held.input.function !== 'book' || !slotId) return undefined;
    try {
      return pendingApproval(bookings, slotId);
    } catch {
      return undefined;
    }
  }

  /**
   * The member's answer to a held call, sent back to the agent: CONFIRM or DENY (run here first if it asked for the
   * result). `approvedSlot`: the slot the member said yes to, which the action group may then book.
   */
  async function answerHeld(held: HeldInvocation, confirmed: boolean, call: AgentCall, trace: TraceRecorder, approvedSlot?: string) {
    const { input } = held;
    const ran =
      confirmed && input.actionInvocationType === 'USER_CONFIRMATION_AND_RESULT'
        ? await runHere(input, call, trace, approvedSlot)
        : undefined;
    const result: InvocationResultMember = {
      functionResult: {
        ...(ran?.result.functionResult ?? { actionGroup: input.actionGroup, function: input.function }),
        confirmationState: confirmed ? 'CONFIRM' : 'DENY',
      },
    };
    return { request: call.continueWith(held.invocationId, [result], confirmed ? approvedSlot : undefined), booking: ran?.booking ?? null };
  }

  /**
   * The approval step: the member's reply (read by the runtime's code) to the call held last turn. "yes"
   * confirms it, so the agent books exactly that call; "no" and anything else deny it. Returns the request
   * that carries the answer to the agent.
   */
  async function replyToHeld(approval: ApprovalAnswer, call: AgentCall, trace: TraceRecorder) {
    const held = heldInvocation(approval.hold);
    if (!held) return undefined;
    const confirmed = approval.reply === 'yes';
    trace.step(
      RETURN_ACTOR,
      'user confirmation',
      `${confirmed ? 'CONFIRM' : 'DENY'} ${held.input.function ?? ''} ${approval.pending.slot_id}`,
    );
    return answerHeld(held, confirmed, call, trace, approval.pending.slot_id);
  }

  return {
    async turn({ message, userId, sessionId, trace, approval }) {
      const call = agentCall(userId, sessionId, trace);
      trace.step(
        'invoker',
        'invoke_agent',
        `agent ${agentId} alias ${agentAliasId} (${deps.mode === 'offline' ? 'offline agent runtime' : 'Amazon Bedrock'})`,
      );

      // 1. The approval step: the member's reply to the call the agent handed back last turn goes back to the
      //    agent: "yes" CONFIRMs it (the agent books exactly that call), anything else DENIES it. A "no" ends
      //    there; any other message, once the agent has closed the denied call, goes to the agent as a new one.
      let request = call.ask(message);
      let booking: Booking | null = null;
      const answered = approval ? await replyToHeld(approval, call, trace) : undefined;
      if (answered && approval?.reply === 'other') booking = (await agentLoop(answered.request, call, trace)).booking;
      else if (answered) ({ request, booking } = answered);

      // 2. AWS runs the agent loop; we only read its stream (and run what it hands back to us).
      const end = await agentLoop(request, call, trace, booking);

      // 3. It wants the member's yes or no before it books: ask about that exact slot, and keep the call to answer next turn.
      if ('held' in end) {
        trace.step(RETURN_ACTOR, 'user confirmation', `ASK the member about ${end.held.input.function ?? ''} ${end.pending.slot_id}`);
        return {
          response: approvalQuestion(end.pending),
          booking: end.booking,
          state: {},
          approval: { pending: end.pending, hold: end.held },
        };
      }

      // 4. The agent answered: done, once code has checked the answer against what this turn really did.
      //    After a "no" the member reads code's words: nothing was booked.
      const declined = approval?.reply === 'no' && !end.booking;
      const response = declined
        ? declinedAnswer(approval.pending)
        : await deps.grounding.ground(end.answer, { userId, booking: end.booking }, trace);
      return { response, booking: end.booking, state: {} };
    },
  };
}
