/** Bedrock Converse: POST /model/{modelId}/converse. */
import type { JsonSchema, ModelRequest, NeutralMessage, NeutralTool } from '../types';
import {
  flattenText,
  isObject,
  requireArray,
  requireString,
  WireInputError,
  type Json,
  type Rendered,
  type TokenUsage,
  type WireFormat,
} from './common';

function toMessages(raw: unknown, i: number): NeutralMessage[] {
  if (!isObject(raw)) throw new WireInputError(`messages[${i}] must be an object`);
  const blocks = requireArray(raw.content, `messages[${i}].content`).filter(isObject);
  const text = flattenText(blocks.filter((b) => typeof b.text === 'string'));
  if (raw.role === 'assistant') {
    const calls = blocks
      .map((b) => b.toolUse)
      .filter(isObject)
      .map((u) => ({
        id: requireString(u.toolUseId, `messages[${i}].content[].toolUse.toolUseId`),
        name: requireString(u.name, `messages[${i}].content[].toolUse.name`),
        args: isObject(u.input) ? u.input : {},
      }));
    return [{ role: 'assistant', ...(text ? { text } : {}), ...(calls.length ? { toolCalls: calls } : {}) }];
  }
  if (raw.role !== 'user') throw new WireInputError(`messages[${i}].role must be "user" or "assistant"`);
  const results: NeutralMessage[] = blocks
    .map((b) => b.toolResult)
    .filter(isObject)
    .map((r) => ({
      role: 'tool',
      toolCallId: requireString(r.toolUseId, `messages[${i}].content[].toolResult.toolUseId`),
      content: flattenText(r.content),
      ...(r.status === 'error' ? { isError: true } : {}),
    }));
  return [...results, ...(text ? [{ role: 'user' as const, text }] : [])];
}

function converseTools(toolConfig: unknown): { tools: NeutralTool[]; toolChoice?: ModelRequest['toolChoice'] } {
  if (!isObject(toolConfig)) return { tools: [] };
  const tools = requireArray(toolConfig.tools, 'toolConfig.tools')
    .filter(isObject)
    .map((t) => t.toolSpec)
    .filter(isObject)
    .map((spec) => ({
      name: requireString(spec.name, 'toolConfig.tools[].toolSpec.name'),
      ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
      parameters: (isObject(spec.inputSchema) && isObject(spec.inputSchema.json)
        ? spec.inputSchema.json
        : { type: 'object' }) as JsonSchema,
    }));
  const choice = toolConfig.toolChoice;
  if (!isObject(choice)) return { tools };
  if (isObject(choice.any)) return { tools, toolChoice: 'required' };
  if (isObject(choice.tool)) return { tools, toolChoice: { name: requireString(choice.tool.name, 'toolConfig.toolChoice.tool.name') } };
  return { tools, toolChoice: 'auto' };
}

/** Structured output: outputConfig.textFormat.structure.jsonSchema.schema holds the schema as a JSON string. */
function converseOutput(raw: unknown): ModelRequest['output'] {
  const format = isObject(raw) && isObject(raw.textFormat) ? raw.textFormat : undefined;
  const def = format && isObject(format.structure) && isObject(format.structure.jsonSchema) ? format.structure.jsonSchema : undefined;
  if (!def) return undefined;
  let schema: unknown;
  try {
    schema = JSON.parse(requireString(def.schema, 'outputConfig.textFormat.structure.jsonSchema.schema'));
  } catch (err) {
    if (err instanceof WireInputError) throw err;
    throw new WireInputError('outputConfig.textFormat.structure.jsonSchema.schema is not valid JSON');
  }
  return { kind: 'json_schema', ...(typeof def.name === 'string' ? { name: def.name } : {}), schema: schema as JsonSchema };
}

function toRequest(body: Json, params: Record<string, string>): ModelRequest {
  const system = flattenText(body.system);
  const { tools, toolChoice } = converseTools(body.toolConfig);
  const output = converseOutput(body.outputConfig);
  return {
    model: requireString(params.modelId, 'modelId'),
    messages: [
      ...(system ? [{ role: 'system' as const, text: system }] : []),
      ...requireArray(body.messages, 'messages').flatMap(toMessages),
    ],
    tools,
    ...(output ? { output } : {}),
    ...(toolChoice ? { toolChoice } : {}),
  };
}

function contentBlocks(out: Rendered): Json[] {
  if (out.kind === 'json') return [{ text: out.json }];
  if (out.kind === 'text') return [{ text: out.text }];
  return [
    ...(out.text ? [{ text: out.text }] : []),
    ...out.calls.map((c) => ({ toolUse: { toolUseId: c.id, name: c.name, input: c.args } })),
  ];
}

function toResponse(out: Rendered, _req: ModelRequest, usage: TokenUsage): unknown {
  return {
    output: { message: { role: 'assistant', content: contentBlocks(out) } },
    stopReason: out.kind === 'tool_calls' ? 'tool_use' : 'end_turn',
    usage: { inputTokens: usage.input, outputTokens: usage.output, totalTokens: usage.input + usage.output },
    metrics: { latencyMs: 0 },
  };
}

export const bedrockConverse: WireFormat = {
  vendor: 'bedrock',
  api: 'converse',
  callIdPrefix: 'tooluse_offline_',
  toRequest,
  toResponse,
  // converse-stream is a different route (/converse-stream); Converse itself never streams.
  wantsStream: () => false,
};
