import {
  BedrockAgentRuntimeClient,
  InvokeAgentCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
  type ResponseStream,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiGatewayEvent, createTestApp, lambdaContext, tomorrow } from '@tennis/testkit';
import { createHandler, type Runtime } from '@tennis/runtime';
import { createPatternH } from '../src/pattern';

const TOMORROW = tomorrow();
const agentMock = mockClient(BedrockAgentRuntimeClient);
const bytes = (text: string) => ({ chunk: { bytes: new TextEncoder().encode(text) } });
const orchestration = (member: object): ResponseStream => ({ trace: { trace: { orchestrationTrace: member } } }) as ResponseStream;

async function* stream(events: ResponseStream[], fail?: Error): AsyncGenerator<ResponseStream> {
  for (const e of events) yield e;
  if (fail) throw fail;
}

const modelCall = (traceId: string, inputTokens: number, outputTokens: number): ResponseStream[] => [
  orchestration({ modelInvocationInput: { traceId, foundationModel: 'us.amazon.nova-lite-v1:0', type: 'ORCHESTRATION' } }),
  orchestration({ modelInvocationOutput: { traceId, metadata: { usage: { inputTokens, outputTokens }, totalTimeMs: 120 } } }),
];

const bookingBody = (user: string) =>
  JSON.stringify({
    booking_id: 'bk_1',
    slot_id: `${TOMORROW}_CourtB_1500`,
    court: 'Court B',
    date: TOMORROW,
    time: '15:00',
    user_id: user,
  });

/** A live-looking agent run: check, book, answer in three chunks. */
const BOOKED: ResponseStream[] = [
  ...modelCall('t-0', 900, 40),
  orchestration({ rationale: { traceId: 't-0', text: 'The member wants 15:00 tomorrow; check first.' } }),
  orchestration({
    invocationInput: {
      traceId: 't-0',
      actionGroupInvocationInput: {
        actionGroupName: 'booking',
        function: 'check_availability',
        parameters: [{ name: 'date', type: 'string', value: TOMORROW }],
      },
    },
  }),
  orchestration({
    observation: {
      traceId: 't-0',
      type: 'ACTION_GROUP',
      actionGroupInvocationOutput: { text: JSON.stringify({ date: TOMORROW, available: [], alternatives: [] }) },
    },
  }),
  ...modelCall('t-1', 1100, 30),
  orchestration({
    invocationInput: {
      traceId: 't-1',
      actionGroupInvocationInput: {
        actionGroupName: 'booking',
        function: 'book',
        parameters: [{ name: 'slot_id', type: 'string', value: `${TOMORROW}_CourtB_1500` }],
      },
    },
  }),
  orchestration({
    observation: {
      traceId: 't-1',
      type: 'ACTION_GROUP',
      actionGroupInvocationOutput: { text: bookingBody('alice'), metadata: { totalTimeMs: 35 } },
    },
  }),
  ...modelCall('t-2', 1300, 25),
  orchestration({ observation: { traceId: 't-2', type: 'FINISH', finalResponse: { text: 'Booked.' } } }),
  bytes('Booked Court B '),
  bytes(`on ${TOMORROW} `),
  bytes('at 15:00.'),
];

const build = (rt: Runtime) =>
  createPatternH({
    bookings: rt.bookings,
    agent: new BedrockAgentRuntimeClient({ region: 'us-east-1' }),
    agentId: 'AGENT',
    agentAliasId: 'ALIAS',
    mode: 'live',
    model: 'm',
    maxModelCalls: 3,
    grounding: rt.grounding,
    requireConfirmation: rt.config.requireConfirmation,
  });

function app(env: Record<string, string> = {}) {
  return createTestApp('h', build, { env });
}

const sent = () => agentMock.commandCalls(InvokeAgentCommand).map((c) => c.args[0].input);

beforeEach(() => agentMock.reset());

describe('invoker against a mocked Bedrock agent runtime', () => {
  it('sends the caller in sessionAttributes, the date as a prompt attribute, trace on, a derived session id', async () => {
    agentMock.on(InvokeAgentCommand).resolves({ completion: stream(BOOKED), contentType: 'application/json', sessionId: 'x' });
    const reply = await app().say('Book tomorrow at 3pm for bob');
    const [input] = sent();
    expect(input).toMatchObject({ agentId: 'AGENT', agentAliasId: 'ALIAS', enableTrace: true, inputText: 'Book tomorrow at 3pm for bob' });
    expect(input?.sessionState?.sessionAttributes).toEqual({ userId: 'alice' });
    expect(input?.sessionState?.promptSessionAttributes?.currentDateTime).toMatch(/^Today is Saturday 2026-11-21/);
    expect(input?.sessionId).toMatch(/^h-[0-9a-f]{40}$/);
    expect(input?.sessionId).not.toContain(reply.session_id);
  });

  it('joins chunks into the answer, maps traces to llm/tool/agent events, reads the booking from the book result', async () => {
    agentMock.on(InvokeAgentCommand).resolves({ completion: stream(BOOKED), contentType: 'application/json', sessionId: 'x' });
    const reply = await app().say('Book tomorrow at 3pm');
    expect(reply.response).toBe(`Booked Court B on ${TOMORROW} at 15:00.`);
    expect(reply.booking).toMatchObject({ booking_id: 'bk_1', court: 'Court B', user_id: 'alice' });
    const llm = reply.trace.filter((e) => e.type === 'llm');
    expect(llm.map((e) => [e.decision, e.input_tokens, e.mode, e.model])).toEqual([
      ['tool_call: check_availability', 900, 'live', 'us.amazon.nova-lite-v1:0'],
      ['tool_call: book', 1100, 'live', 'us.amazon.nova-lite-v1:0'],
      ['answer', 1300, 'live', 'us.amazon.nova-lite-v1:0'],
    ]);
    expect(reply.trace.filter((e) => e.type === 'tool').map((e) => [e.name, e.ok, e.summary])).toEqual([
      ['check_availability', true, `0 free slots on ${TOMORROW}`],
      ['book', true, `booked Court B ${TOMORROW} 15:00`],
    ]);
    expect(reply.trace.some((e) => e.type === 'agent' && e.detail.includes('check first'))).toBe(true);
    expect(reply.usage).toMatchObject({ llm_calls: 3, input_tokens: 3300, tool_calls: 2 });
  });

  it('returnControl: runs the function here with the caller, continues with the results and invocationId', async () => {
    const returned: ResponseStream = {
      returnControl: {
        invocationId: 'inv-1',
        invocationInputs: [
          {
            functionInvocationInput: {
              actionGroup: 'booking',
              function: 'book',
              actionInvocationType: 'RESULT',
              parameters: [{ name: 'slot_id', type: 'string', value: `${TOMORROW}_CourtC_1600` }],
            },
          },
        ],
      },
    };
    agentMock
      .on(InvokeAgentCommand)
      .resolvesOnce({ completion: stream([...modelCall('t-0', 10, 5), returned]), contentType: 'application/json', sessionId: 'x' })
      .resolvesOnce({ completion: stream([bytes('Done: Court C at 16:00.')]), contentType: 'application/json', sessionId: 'x' });
    const h = app();
    const reply = await h.say('Book court C tomorrow at 4pm');
    expect(reply.response).toBe('Done: Court C at 16:00.');
    expect(reply.booking).toMatchObject({ court: 'Court C', time: '16:00', user_id: 'alice' });
    expect((await h.listBookings()).map((b) => b.slot_id)).toEqual([`${TOMORROW}_CourtC_1600`]);
    const second = sent()[1]!;
    expect(second.sessionState?.invocationId).toBe('inv-1');
    const result = second.sessionState?.returnControlInvocationResults?.[0]?.functionResult;
    expect(result).toMatchObject({ actionGroup: 'booking', function: 'book' });
    expect(JSON.parse(result?.responseBody?.TEXT?.body ?? '{}')).toMatchObject({ user_id: 'alice', court: 'Court C' });
    expect(reply.trace.find((e) => e.type === 'llm')?.decision).toBe('tool_call: book');
  });

  it('a mid-stream ThrottlingException is a 503 with no half-made answer, and the session is not saved', async () => {
    const throttled = new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
    agentMock.on(InvokeAgentCommand).resolves({
      completion: stream([...modelCall('t-0', 10, 5), bytes('Booked Court')], throttled),
      contentType: 'application/json',
      sessionId: 'x',
    });
    const h = app();
    const result = await h.chat('Book tomorrow at 3pm');
    expect(result.status).toBe(503);
    expect(!result.ok && result.body.error.message).toMatch(/throttling requests; retry shortly\. \(while the agent was answering\)$/);
    expect(JSON.stringify(result.body)).not.toContain('Booked Court');
  });

  it('an exception event member mid-stream after a booking says the booking stands', async () => {
    const events = BOOKED.slice(0, 9).concat([
      {
        dependencyFailedException: { message: 'Lambda timed out', name: 'DependencyFailedException', $fault: 'client' },
      } as unknown as ResponseStream,
    ]);
    agentMock.on(InvokeAgentCommand).resolves({ completion: stream(events), contentType: 'application/json', sessionId: 'x' });
    const result = await app().chat('Book tomorrow at 3pm');
    expect(result.status).toBe(502);
    expect(!result.ok && result.body.error.message).toMatch(/action group failed.*booking was made before the failure and stands: Court B/);
  });

  it.each([
    [new ThrottlingException({ message: 'slow down', $metadata: { httpStatusCode: 429 } }), 503, /throttling/],
    [new ValidationException({ message: 'bad', $metadata: { httpStatusCode: 400 } }), 502, /rejected the request/],
    [new ResourceNotFoundException({ message: 'no alias', $metadata: { httpStatusCode: 404 } }), 503, /BEDROCK_AGENT_ALIAS_ID/],
    [Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }), 502, /bedrock:InvokeAgent/],
  ])('%s at the request -> HTTP %i', async (error, status, message) => {
    agentMock.on(InvokeAgentCommand).rejects(error);
    const result = await app().chat('Book tomorrow at 3pm');
    expect(result.status).toBe(status);
    expect(!result.ok && result.body.error.message).toMatch(message);
  });
});

const SLOT = `${TOMORROW}_CourtB_1500`;
/** The agent handing `book` back for the member's confirmation (a function with requireConfirmation ENABLED). */
const CONFIRM_BOOK: ResponseStream = {
  returnControl: {
    invocationId: 'inv-7',
    invocationInputs: [
      {
        functionInvocationInput: {
          actionGroup: 'booking',
          function: 'book',
          actionInvocationType: 'USER_CONFIRMATION',
          parameters: [{ name: 'slot_id', type: 'string', value: SLOT }],
        },
      },
    ],
  },
};
const answer = (text: string) => ({
  completion: stream([...modelCall('t-9', 10, 5), bytes(text)]),
  contentType: 'application/json',
  sessionId: 'x',
});

describe("invoker: approval through the agent's user confirmation (REQUIRE_CONFIRMATION=true)", () => {
  /** Turn 1: the agent hands `book` back; the member is asked about that exact slot and the call is held. */
  async function asked(h: ReturnType<typeof app>) {
    agentMock
      .on(InvokeAgentCommand)
      .resolvesOnce({ completion: stream([...modelCall('t-0', 10, 5), CONFIRM_BOOK]), contentType: 'application/json', sessionId: 'x' });
    const first = await h.say('Book court B tomorrow at 3pm');
    expect(first.response).toBe('Shall I book Court B on Sunday 22 November (2026-11-22) at 15:00 for you? Please answer yes or no.');
    expect(first.pending_approval).toEqual({ slot_id: SLOT, court: 'Court B', date: TOMORROW, time: '15:00' });
    expect(first.booking).toBeNull();
    const stored = await h.runtime.sessions.get(first.session_id);
    expect(stored?.approval?.hold).toEqual({
      invocationId: 'inv-7',
      input: expect.objectContaining({ function: 'book', actionInvocationType: 'USER_CONFIRMATION' }),
    });
    agentMock.reset();
    return first.session_id;
  }

  it('"yes" in another container (a fresh handler on the same sessions) CONFIRMs the held invocation, with no new input text', async () => {
    const h = app({ REQUIRE_CONFIRMATION: 'true' });
    const sessionId = await asked(h);
    const other = createHandler('h', build, { runtime: h.runtime });
    agentMock.on(InvokeAgentCommand).resolves(answer('Booked Court B tomorrow at 15:00.'));
    const event = apiGatewayEvent({
      method: 'POST',
      path: '/chat',
      body: { message: 'Yes please', session_id: sessionId },
      headers: { 'x-user-id': 'alice' },
    });
    const result = await other(event, lambdaContext());
    expect(result.statusCode).toBe(200);
    const [input] = sent();
    expect(input?.inputText).toBeUndefined();
    expect(input?.sessionState?.invocationId).toBe('inv-7');
    expect(input?.sessionState?.returnControlInvocationResults).toEqual([
      { functionResult: { actionGroup: 'booking', function: 'book', confirmationState: 'CONFIRM' } },
    ]);
    // Only this request names the approved slot: the action group books nothing else.
    expect(input?.sessionState?.sessionAttributes).toEqual({ userId: 'alice', approvedSlotId: SLOT });
    expect(JSON.parse(result.body as string).pending_approval).toBeNull();
  });

  it('"no" DENIES the held invocation and the member reads that nothing was booked', async () => {
    const h = app({ REQUIRE_CONFIRMATION: 'true' });
    const sessionId = await asked(h);
    agentMock.on(InvokeAgentCommand).resolves(answer('Sorry, that did not work.'));
    const reply = await h.say('no', { sessionId });
    expect(sent().map((i) => i.sessionState?.returnControlInvocationResults?.[0]?.functionResult?.confirmationState)).toEqual(['DENY']);
    expect(reply.response).toBe('OK, I have not booked Court B on Sunday 22 November (2026-11-22) at 15:00. Nothing was booked.');
    expect(reply.booking).toBeNull();
  });

  it('another message DENIES the held invocation first, then goes to the agent as a new message', async () => {
    const h = app({ REQUIRE_CONFIRMATION: 'true' });
    const sessionId = await asked(h);
    agentMock.on(InvokeAgentCommand).resolvesOnce(answer('Not booked.')).resolvesOnce(answer('We open at 8:00.'));
    const reply = await h.say('when do you open?', { sessionId });
    const [deny, next] = sent();
    expect(deny?.sessionState?.returnControlInvocationResults?.[0]?.functionResult?.confirmationState).toBe('DENY');
    expect([deny?.sessionState?.sessionAttributes, next?.sessionState?.sessionAttributes]).toEqual(
      Array(2).fill({ userId: 'alice', approvedSlotId: '' }),
    );
    expect(next).toMatchObject({ inputText: 'when do you open?' });
    expect(next?.sessionState?.invocationId).toBeUndefined();
    expect(reply.response).toMatch(/^We open at 8:00\.\n\n\(I did not book Court B/);
    expect(reply.pending_approval).toBeNull();
  });
});
