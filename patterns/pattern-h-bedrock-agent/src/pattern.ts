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
  type ReturnControlPayload,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { courtKey, parseSlotId, summarizeOutcome, type Booking, type BookingService } from '@tennis/booking-service';
import { dateContext, turnTraceparent, UpstreamError, type GroundingGuard, type LlmMode, type Pattern, type TraceRecorder } from '@tennis/runtime';
import type { Context } from 'aws-lambda';
import { createActionGroup, TRACEPARENT_ATTRIBUTE, USER_ID_ATTRIBUTE, type ActionGroupHandler, type BedrockAgentFunctionEvent } from './action-group';
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
}

/** A function call waiting for the member's yes or no (REQUIRE_CONFIRMATION). Kept in our session state. */
interface PendingConfirmation {
  invocationId: string;
  input: FunctionInvocationInput;
}

interface HState {
  pending?: PendingConfirmation;
}

const RETURN_ACTOR = 'invoker';
const YES = /^\s*(?:yes|y|yeah|yep|sure|ok(?:ay)?|confirm(?:ed)?|please do|go ahead|do it)\b/i;

/** Bedrock's session id: derived from our session AND the caller, so it cannot be chosen or shared by a client. */
function agentSessionId(userId: string, sessionId: string): string {
  return `h-${createHash('sha256').update(`${userId}\n${sessionId}`).digest('hex').slice(0, 40)}`;
}

function readState(state: unknown): HState {
  const pending = (state as HState | undefined)?.pending;
  return pending && typeof pending.invocationId === 'string' ? { pending } : {};
}

function needsConfirmation(input: FunctionInvocationInput): boolean {
  return input.actionInvocationType === 'USER_CONFIRMATION' || input.actionInvocationType === 'USER_CONFIRMATION_AND_RESULT';
}

/** The question for the member, in plain words for `book`. */
function confirmationQuestion(input: FunctionInvocationInput, bookings: BookingService): string {
  const args = argsOf(input.parameters);
  if (input.function === 'book' && args.slot_id) {
    try {
      const { court, date, time } = parseSlotId(args.slot_id);
      const name = bookings.club.courts.find((c) => courtKey(c) === court) ?? court;
      return `Shall I book ${name} on ${date} at ${time} for you? Please answer yes or no.`;
    } catch {
      // Not a slot id we can read: fall through to the generic question.
    }
  }
  return `Shall I go ahead with ${input.function ?? 'this action'} (${JSON.stringify(args)})? Please answer yes or no.`;
}

export function createPatternH(deps: PatternHDeps): Pattern {
  const { bookings, agent, agentId, agentAliasId } = deps;
  // returnControl runs the very code the action-group Lambda runs, with the same identity rule.
  const actions: ActionGroupHandler = createActionGroup(bookings);

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
    const attributes = {
      sessionAttributes: { [USER_ID_ATTRIBUTE]: userId, ...(traceparent ? { [TRACEPARENT_ATTRIBUTE]: traceparent } : {}) },
      promptSessionAttributes: { currentDateTime: dateContext(bookings) },
    };
    const base = { agentId, agentAliasId, sessionId: session, enableTrace: true };
    return {
      userId,
      session,
      /** The member's message. */
      ask: (inputText: string): InvokeAgentCommandInput => ({ ...base, inputText, sessionState: attributes }),
      /** The next request after a hand-back: the invocation's results instead of new input text. */
      continueWith: (invocationId: string, results: InvocationResultMember[]): InvokeAgentCommandInput => ({
        ...base,
        sessionState: { ...attributes, invocationId, returnControlInvocationResults: results },
      }),
    };
  }
  type AgentCall = ReturnType<typeof agentCall>;

  /** Runs a returned function here, through the action group, and records it as a tool call. */
  async function runHere(input: FunctionInvocationInput, call: AgentCall, trace: TraceRecorder) {
    const event: BedrockAgentFunctionEvent = {
      messageVersion: '1.0',
      agent: { name: 'invoker', id: agentId, alias: agentAliasId, version: 'return-control' },
      inputText: '',
      sessionId: call.session,
      actionGroup: input.actionGroup ?? '',
      function: input.function ?? '',
      parameters: (input.parameters ?? []).map((p) => ({ name: p.name ?? '', type: 'string', value: p.value ?? '' })),
      sessionAttributes: { [USER_ID_ATTRIBUTE]: call.userId },
      promptSessionAttributes: {},
    };
    const started = performance.now();
    const { response } = await actions(event, {} as Context);
    const body = response.functionResponse.responseBody.TEXT.body;
    const outcome = outcomeOfBody(body);
    const name = event.function;
    trace.record({ type: 'tool', actor: RETURN_ACTOR, name, args: argsOf(input.parameters), ok: outcome.ok, summary: summarizeOutcome(name, outcome), ms: Math.round(performance.now() - started) });
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

  /** The member's yes or no to a pending confirmation, sent back to the agent (run here first if it asked for the result). */
  async function answerConfirmation(pending: PendingConfirmation, message: string, call: AgentCall, trace: TraceRecorder) {
    const confirmed = YES.test(message);
    trace.step('invoker', 'user confirmation', `${confirmed ? 'CONFIRM' : 'DENY'} ${pending.input.function ?? ''}`);
    const ran = confirmed && pending.input.actionInvocationType === 'USER_CONFIRMATION_AND_RESULT' ? await runHere(pending.input, call, trace) : undefined;
    const result: InvocationResultMember = {
      functionResult: { ...(ran?.result.functionResult ?? { actionGroup: pending.input.actionGroup, function: pending.input.function }), confirmationState: confirmed ? 'CONFIRM' : 'DENY' },
    };
    return { request: call.continueWith(pending.invocationId, [result]), booking: ran?.booking ?? null };
  }

  return {
    async turn({ message, userId, sessionId, state, trace }) {
      const call = agentCall(userId, sessionId, trace);
      trace.step('invoker', 'invoke_agent', `agent ${agentId} alias ${agentAliasId} (${deps.mode === 'offline' ? 'offline agent runtime' : 'Amazon Bedrock'})`);

      // 1. The request: the member's message, or their answer to the question we asked last turn.
      const { pending } = readState(state);
      let { request, booking } = pending ? await answerConfirmation(pending, message, call, trace) : { request: call.ask(message), booking: null as Booking | null };

      // 2. AWS runs the agent loop; we only read its stream, at most maxModelCalls InvokeAgent calls per turn.
      for (let calls = 1; calls <= deps.maxModelCalls; calls++) {
        const turn = await invoke(request, trace);
        booking = turn.booking ?? booking;
        const handBack: ReturnControlPayload | undefined = turn.returnControl;

        // 3. The agent answered: done, once code has checked the answer against what this turn really did.
        if (!handBack?.invocationId) return { response: await deps.grounding.ground(turn.answer, { userId, booking }, trace), booking, state: {} };

        // 4. It wants the member's confirmation: ask, and continue on their next turn.
        const inputs = (handBack.invocationInputs ?? []).flatMap((i) => (i.functionInvocationInput ? [i.functionInvocationInput] : []));
        const ask = inputs.find(needsConfirmation);
        if (ask) return { response: confirmationQuestion(ask, bookings), booking, state: { pending: { invocationId: handBack.invocationId, input: ask } } };

        // 5. It handed the functions to us (returnControl): run them here and continue.
        const ran = await runAll(inputs, call, trace);
        booking = ran.booking ?? booking;
        request = call.continueWith(handBack.invocationId, ran.results);
      }
      throw new UpstreamError('bad_upstream', `The agent still handed control back after ${deps.maxModelCalls} calls in one turn, so the turn was stopped.`);
    },
  };
}
