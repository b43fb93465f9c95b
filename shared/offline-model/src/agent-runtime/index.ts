/**
 * An offline Bedrock agent runtime: answers InvokeAgent (POST /agents/{id}/agentAliases/{alias}/sessions/{sid}/text)
 * as a smithy request handler, so the real BedrockAgentRuntimeClient runs unchanged. It plays AWS's part of
 * pattern H: keeps each session's conversation, runs the agent loop with the offline model (decide) over the
 * action groups' functions, invokes the action-group Lambda with real action-group events (or hands control
 * back), and streams chunk, trace and returnControl events, with exceptions mid-stream as AWS sends them.
 */
import type { Message } from '@smithy/eventstream-codec';
import { HttpResponse, type HttpHandler, type HttpRequest } from '@smithy/protocol-http';
import { decide, estimateTokens } from '../brain';
import { decideOptions, faultPlanOf, reportMistakes, sleep, TIMEOUT_FAULT_CAP_MS, type OfflineOptions } from '../engine';
import { bodyText, withRequestTimeout } from '../transports';
import type { JsonSchema, ModelRequest, NeutralMessage, NeutralTool } from '../types';
import { isObject, statusOf, type ErrorKind, type Json } from '../wire/common';
import { vendorError } from '../wire/errors';
import { eventMessage, eventStreamBody, exceptionMessage } from './event-stream';
import type { InvokeLambda, OfflineActionGroup, OfflineAgentDefinition, OfflineAgentFunction } from './types';

export type * from './types';

/** The request's abort signal, and what tells its idle timeout that the stream made progress. */
interface Wire {
  signal: AbortSignal;
  progress: () => void;
}

export interface OfflineAgentRuntimeOptions extends OfflineOptions {
  /** Per-request timeout the replaced HTTP handler would have enforced (e.g. LLM_TIMEOUT_MS). */
  timeoutMs?: number;
  agents: OfflineAgentDefinition[];
  invokeLambda: InvokeLambda;
  /** Model calls per InvokeAgent before the agent gives up (Bedrock's orchestration has a similar cap). */
  maxSteps?: number;
}

type Attributes = Record<string, string>;

interface PendingCall {
  id: string;
  group: OfflineActionGroup;
  fn: OfflineAgentFunction;
  args: Json;
}

interface Session {
  messages: NeutralMessage[];
  sessionAttributes: Attributes;
  /** A hand-back waiting for returnControlInvocationResults. */
  pending?: { invocationId: string; call: PendingCall; kind: 'confirm' | 'result' };
}

/** A 4xx/5xx before the stream starts, in Bedrock's error format (x-amzn-errortype). */
class AgentRequestError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const INVOKE_PATH = /^\/agents\/([^/]+)\/agentAliases\/([^/]+)\/sessions\/([^/]+)\/text$/;
const FAULT_EXCEPTIONS = { 429: 'throttlingException', 500: 'internalServerException', 503: 'modelNotReadyException' } as const;

const stringMap = (v: unknown): Attributes | undefined =>
  isObject(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : undefined;

function toolOf(fn: OfflineAgentFunction): NeutralTool {
  const entries = Object.entries(fn.parameters);
  const schema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(
      entries.map(([name, p]) => [name, { type: p.type, ...(p.description ? { description: p.description } : {}) }]),
    ),
    required: entries.filter(([, p]) => p.required).map(([name]) => name),
  };
  return { name: fn.name, ...(fn.description ? { description: fn.description } : {}), parameters: schema };
}

/** The system prompt: the instruction, then the prompt session attributes (where the date arrives). */
function systemPrompt(agent: OfflineAgentDefinition, promptAttributes: Attributes): string {
  const lines = Object.entries(promptAttributes).map(([k, v]) => `${k}: ${v}`);
  return [agent.instruction, ...(lines.length ? ['Prompt session attributes:', ...lines] : [])].join('\n');
}

function splitChunks(text: string): string[] {
  return text.match(/[^.!?\n]+[.!?\n]*\s*/g) ?? [text];
}

/** Builds the event list of one InvokeAgent call. */
class Turn {
  readonly events: Message[] = [];
  private step = 0;

  constructor(
    private readonly agent: OfflineAgentDefinition,
    private readonly sessionId: string,
    private readonly turnId: string,
  ) {}

  traceId(): string {
    return `${this.turnId}-${this.step}`;
  }

  nextStep(): void {
    this.step++;
  }

  orchestration(member: Json): void {
    this.events.push(
      eventMessage('trace', {
        agentId: this.agent.agentId,
        agentAliasId: this.agent.agentAliasId,
        agentVersion: '1',
        sessionId: this.sessionId,
        eventTime: new Date().toISOString(),
        trace: { orchestrationTrace: member },
      }),
    );
  }

  answer(text: string): void {
    this.orchestration({ observation: { traceId: this.traceId(), type: 'FINISH', finalResponse: { text } } });
    for (const part of splitChunks(text)) this.events.push(eventMessage('chunk', { bytes: Buffer.from(part).toString('base64') }));
  }

  fail(exceptionType: string, message: string): void {
    this.events.push(exceptionMessage(exceptionType, message));
  }
}

export function createOfflineAgentRuntime(opts: OfflineAgentRuntimeOptions): HttpHandler {
  const plan = faultPlanOf(opts);
  const sessions = new Map<string, Session>();
  const maxSteps = opts.maxSteps ?? 10;
  let turns = 0;

  function findAgent(agentId: string, aliasId: string): OfflineAgentDefinition {
    const agent = opts.agents.find((a) => a.agentId === agentId && a.agentAliasId === aliasId);
    if (!agent)
      throw new AgentRequestError(
        'not_found',
        `No agent ${agentId} with alias ${aliasId} (the offline agent runtime hosts: ${opts.agents.map((a) => `${a.agentId}/${a.agentAliasId}`).join(', ') || 'none'}).`,
      );
    return agent;
  }

  function findFunction(agent: OfflineAgentDefinition, name: string): { group: OfflineActionGroup; fn: OfflineAgentFunction } | undefined {
    for (const group of agent.actionGroups) {
      const fn = group.functions.find((f) => f.name === name);
      if (fn) return { group, fn };
    }
    return undefined;
  }

  /** Runs one function through its Lambda with a real action-group event; false when the turn must stop. */
  async function runAction(
    agent: OfflineAgentDefinition,
    session: Session,
    sessionId: string,
    call: PendingCall,
    prompt: Attributes,
    turn: Turn,
    inputText: string,
  ): Promise<boolean> {
    const parameters = Object.entries(call.args)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([name, v]) => ({
        name,
        type: call.fn.parameters[name]?.type ?? 'string',
        value: typeof v === 'string' ? v : JSON.stringify(v),
      }));
    turn.orchestration({
      invocationInput: {
        traceId: turn.traceId(),
        invocationType: 'ACTION_GROUP',
        actionGroupInvocationInput: { actionGroupName: call.group.name, function: call.fn.name, parameters, executionType: 'LAMBDA' },
      },
    });
    if (!('lambda' in call.group.executor)) throw new Error(`Action group ${call.group.name} has no Lambda executor`);
    const event = {
      messageVersion: '1.0',
      agent: { name: agent.agentName, id: agent.agentId, alias: agent.agentAliasId, version: '1' },
      inputText,
      sessionId,
      actionGroup: call.group.name,
      function: call.fn.name,
      parameters,
      sessionAttributes: session.sessionAttributes,
      promptSessionAttributes: prompt,
    };
    const started = performance.now();
    let response: unknown;
    try {
      response = await opts.invokeLambda(call.group.executor.lambda, event);
    } catch {
      turn.fail('dependencyFailedException', `The action group Lambda ${call.group.executor.lambda} failed.`);
      return false;
    }
    const functionResponse =
      isObject(response) && isObject(response.response) && isObject(response.response.functionResponse)
        ? response.response.functionResponse
        : undefined;
    const text =
      isObject(functionResponse?.responseBody) && isObject(functionResponse.responseBody.TEXT)
        ? functionResponse.responseBody.TEXT.body
        : undefined;
    if (typeof text !== 'string' || !isObject(response) || response.messageVersion !== '1.0') {
      turn.fail('dependencyFailedException', 'The action group Lambda returned a response that is not in the Bedrock agent format.');
      return false;
    }
    session.sessionAttributes = stringMap(response.sessionAttributes) ?? session.sessionAttributes;
    turn.orchestration({
      observation: {
        traceId: turn.traceId(),
        type: 'ACTION_GROUP',
        actionGroupInvocationOutput: { text, metadata: { totalTimeMs: Math.round(performance.now() - started) } },
      },
    });
    if (functionResponse?.responseState === 'FAILURE') {
      turn.fail('dependencyFailedException', `The action group function ${call.fn.name} reported FAILURE.`);
      return false;
    }
    session.messages.push({
      role: 'tool',
      toolCallId: call.id,
      name: call.fn.name,
      content: text,
      ...(functionResponse?.responseState === 'REPROMPT' ? { isError: true } : {}),
    });
    return true;
  }

  /** The agent loop: model, action, model... until an answer, a hand-back, a failure or maxSteps. */
  async function orchestrate(
    agent: OfflineAgentDefinition,
    session: Session,
    sessionId: string,
    prompt: Attributes,
    turn: Turn,
    inputText: string,
    wire: Wire,
  ): Promise<void> {
    const { signal } = wire;
    const tools = agent.actionGroups.flatMap((g) => g.functions.map(toolOf));
    for (let i = 0; i < maxSteps; i++, turn.nextStep()) {
      wire.progress(); // the previous step's events went out: the client's idle timeout restarts
      const faults = plan.next('bedrock');
      await sleep(faults.latencyMs, signal);
      if (faults.httpStatus)
        return turn.fail(FAULT_EXCEPTIONS[faults.httpStatus], `Offline fault injection: http_${faults.httpStatus} from the agent's model.`);
      // A model that never answers: the request hangs until the caller's timeout (or the cap) ends it.
      if (faults.timeout) {
        await sleep(TIMEOUT_FAULT_CAP_MS, signal);
        return turn.fail(
          'dependencyFailedException',
          `Offline fault injection: the agent's model gave no answer for ${TIMEOUT_FAULT_CAP_MS} ms.`,
        );
      }
      if (faults.malformedJson)
        return turn.fail('dependencyFailedException', "Offline fault injection: the agent's model returned malformed output.");
      const request: ModelRequest = {
        model: agent.foundationModel,
        messages: [{ role: 'system', text: systemPrompt(agent, prompt) }, ...session.messages],
        tools,
      };
      const decision = decide(request, decideOptions(faults, plan));
      reportMistakes(decision, opts);
      const output =
        decision.kind === 'tool_calls'
          ? JSON.stringify(decision.calls)
          : decision.kind === 'text'
            ? decision.text
            : JSON.stringify(decision.value);
      turn.orchestration({
        modelInvocationInput: {
          traceId: turn.traceId(),
          type: 'ORCHESTRATION',
          foundationModel: agent.foundationModel,
          text: JSON.stringify(request.messages.at(-1)),
        },
      });
      turn.orchestration({
        modelInvocationOutput: {
          traceId: turn.traceId(),
          rawResponse: { content: output },
          metadata: {
            usage: { inputTokens: estimateTokens(JSON.stringify(request)), outputTokens: estimateTokens(output) },
            totalTimeMs: faults.latencyMs,
            // Not in AWS's trace: the mistakes the offline model made on purpose (OFFLINE_MODEL_ERRORS).
            ...(decision.errors ? { offlineModelErrors: decision.errors } : {}),
          },
        },
      });
      const first = decision.kind === 'tool_calls' ? decision.calls[0] : undefined;
      const found = first && findFunction(agent, first.name);
      if (!first || !found) {
        const text = decision.kind === 'text' ? decision.text : 'Sorry, I could not work that out.';
        session.messages.push({ role: 'assistant', text });
        return turn.answer(text);
      }
      const call: PendingCall = { id: `${turn.traceId()}-call`, ...found, args: first.args };
      turn.orchestration({
        rationale: {
          traceId: turn.traceId(),
          text: `To answer, I will call ${found.group.name}::${first.name} with ${JSON.stringify(first.args)}.`,
        },
      });
      session.messages.push({ role: 'assistant', toolCalls: [{ id: call.id, name: call.fn.name, args: call.args }] });
      const handBack =
        found.fn.requireConfirmation === 'ENABLED' ? 'confirm' : 'customControl' in found.group.executor ? 'result' : undefined;
      if (handBack) return returnControl(session, call, handBack, turn);
      if (!(await runAction(agent, session, sessionId, call, prompt, turn, inputText))) return;
    }
    const text = `Sorry, I could not finish this request within ${maxSteps} steps.`;
    session.messages.push({ role: 'assistant', text });
    turn.answer(text);
  }

  function returnControl(session: Session, call: PendingCall, kind: 'confirm' | 'result', turn: Turn): void {
    const invocationId = `${turn.traceId()}-invocation`;
    session.pending = { invocationId, call, kind };
    const parameters = Object.entries(call.args).map(([name, v]) => ({
      name,
      type: call.fn.parameters[name]?.type ?? 'string',
      value: typeof v === 'string' ? v : JSON.stringify(v),
    }));
    const actionInvocationType =
      kind === 'confirm' ? ('lambda' in call.group.executor ? 'USER_CONFIRMATION' : 'USER_CONFIRMATION_AND_RESULT') : 'RESULT';
    turn.events.push(
      eventMessage('returnControl', {
        invocationId,
        invocationInputs: [
          { functionInvocationInput: { actionGroup: call.group.name, function: call.fn.name, parameters, actionInvocationType } },
        ],
      }),
    );
  }

  /** Applies returnControlInvocationResults to the pending hand-back; true when the loop should carry on. */
  async function resume(
    agent: OfflineAgentDefinition,
    session: Session,
    sessionId: string,
    state: Json,
    prompt: Attributes,
    turn: Turn,
  ): Promise<boolean> {
    const pending = session.pending;
    if (!pending || state.invocationId !== pending.invocationId)
      throw new AgentRequestError('invalid_request', 'invocationId does not match a pending invocation of this session.');
    const result = (state.returnControlInvocationResults as unknown[]).find((r): r is Json => isObject(r) && isObject(r.functionResult));
    const functionResult = result?.functionResult as Json | undefined;
    if (!functionResult) throw new AgentRequestError('invalid_request', 'returnControlInvocationResults needs a functionResult.');
    session.pending = undefined;
    const body =
      isObject(functionResult.responseBody) && isObject(functionResult.responseBody.TEXT)
        ? functionResult.responseBody.TEXT.body
        : undefined;
    if (pending.kind === 'confirm' && functionResult.confirmationState !== 'CONFIRM') {
      session.messages.push({
        role: 'tool',
        toolCallId: pending.call.id,
        name: pending.call.fn.name,
        content: 'The user declined this action, so it was not run.',
        isError: true,
      });
      return true;
    }
    if (typeof body === 'string') {
      session.messages.push({
        role: 'tool',
        toolCallId: pending.call.id,
        name: pending.call.fn.name,
        content: body,
        ...(functionResult.responseState === 'REPROMPT' ? { isError: true } : {}),
      });
      return true;
    }
    return runAction(agent, session, sessionId, pending.call, prompt, turn, '');
  }

  async function invokeAgent(request: HttpRequest, wire: Wire): Promise<HttpResponse> {
    const match = INVOKE_PATH.exec(request.path);
    if (request.method.toUpperCase() !== 'POST' || !match)
      throw new AgentRequestError('not_found', `The offline agent runtime has no route ${request.method} ${request.path}.`);
    const [agentId, aliasId, sessionId] = match.slice(1).map((s) => decodeURIComponent(s ?? ''));
    const agent = findAgent(agentId!, aliasId!);
    let body: unknown;
    try {
      body = JSON.parse(bodyText(request.body));
    } catch {
      throw new AgentRequestError('invalid_request', 'The request body is not valid JSON.');
    }
    const input = isObject(body) ? body : {};
    const state = isObject(input.sessionState) ? input.sessionState : {};
    const key = `${agent.agentId}/${agent.agentAliasId}/${sessionId}`;
    const session = sessions.get(key) ?? { messages: [], sessionAttributes: {} };
    sessions.set(key, session);
    session.sessionAttributes = { ...session.sessionAttributes, ...stringMap(state.sessionAttributes) };
    const prompt = stringMap(state.promptSessionAttributes) ?? {};
    const turn = new Turn(agent, sessionId!, `offline-${++turns}`);
    const inputText = typeof input.inputText === 'string' ? input.inputText : '';
    if (Array.isArray(state.returnControlInvocationResults)) {
      if (await resume(agent, session, sessionId!, state, prompt, turn))
        await orchestrate(agent, session, sessionId!, prompt, turn, inputText, wire);
    } else {
      if (!inputText.trim())
        throw new AgentRequestError('invalid_request', 'inputText is required unless sessionState carries returnControlInvocationResults.');
      session.pending = undefined;
      session.messages.push({ role: 'user', text: inputText });
      await orchestrate(agent, session, sessionId!, prompt, turn, inputText, wire);
    }
    return new HttpResponse({
      statusCode: 200,
      headers: {
        'content-type': 'application/vnd.amazon.eventstream',
        'x-amzn-bedrock-agent-content-type': 'application/json',
        'x-amz-bedrock-agent-session-id': sessionId!,
        'x-offline-model': 'true',
      },
      body: eventStreamBody(turn.events),
    });
  }

  return {
    async handle(request, options) {
      try {
        return await withRequestTimeout(opts.timeoutMs, options, async (signal, progress) => ({
          response: await invokeAgent(request, { signal, progress }),
        }));
      } catch (err) {
        if (!(err instanceof AgentRequestError)) throw err;
        const { headers, body } = vendorError('bedrock', err.kind, err.message);
        const response = new HttpResponse({
          statusCode: statusOf(err.kind),
          headers: { 'content-type': 'application/json', ...headers },
          body: new TextEncoder().encode(JSON.stringify(body)),
        });
        return { response };
      }
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
}
