import { describe, expect, expectTypeOf, it } from 'vitest';
// Type-only: this package does not depend on the vendor SDKs, so their declarations are read from
// the runtime package (which does). tsc checks each converter's output against the real SDK types.
import type { ChatCompletionTool } from '../../runtime/node_modules/openai/resources/chat/completions/completions';
import type { FunctionTool } from '../../runtime/node_modules/openai/resources/responses/responses';
import type { Tool as AnthropicSdkTool } from '../../runtime/node_modules/@anthropic-ai/sdk/resources/messages/messages';
import type { ToolConfiguration } from '../../runtime/node_modules/@aws-sdk/client-bedrock-runtime/dist-types/models/models_0';
import {
  toAnthropicTools,
  toBedrockAgentFunctionSchema,
  toBedrockConverseTools,
  toOpenAIChatTools,
  toOpenAIResponsesTools,
} from '../src/index';

const DESCRIPTION = expect.stringMatching(/\S{10,}/);

/** What every non-strict vendor gets: time optional, no nulls, unknown fields refused. */
const checkAvailabilitySchema = {
  type: 'object',
  properties: {
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: expect.stringContaining('YYYY-MM-DD') },
    time: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: expect.stringContaining('HH:MM') },
  },
  required: ['date'],
  additionalProperties: false,
};
const bookSchema = {
  type: 'object',
  properties: { slot_id: { type: 'string', minLength: 1, description: expect.stringContaining('check_availability') } },
  required: ['slot_id'],
  additionalProperties: false,
};
/** OpenAI strict mode: every property required, optional ones nullable. */
const strictCheckAvailabilitySchema = {
  ...checkAvailabilitySchema,
  properties: { ...checkAvailabilitySchema.properties, time: { ...checkAvailabilitySchema.properties.time, type: ['string', 'null'] } },
  required: ['date', 'time'],
};

describe('vendor tool formats', () => {
  it('OpenAI Chat Completions: {type:function, function:{name, description, parameters, strict}}', () => {
    const tools = toOpenAIChatTools();
    expectTypeOf(tools).toExtend<ChatCompletionTool[]>();
    expect(tools).toEqual([
      {
        type: 'function',
        function: { name: 'check_availability', description: DESCRIPTION, parameters: strictCheckAvailabilitySchema, strict: true },
      },
      { type: 'function', function: { name: 'book', description: DESCRIPTION, parameters: bookSchema, strict: true } },
    ]);
  });

  it('OpenAI Responses: flat {type:function, name, description, parameters, strict}', () => {
    const tools = toOpenAIResponsesTools();
    expectTypeOf(tools).toExtend<FunctionTool[]>();
    expect(tools).toEqual([
      { type: 'function', name: 'check_availability', description: DESCRIPTION, parameters: strictCheckAvailabilitySchema, strict: true },
      { type: 'function', name: 'book', description: DESCRIPTION, parameters: bookSchema, strict: true },
    ]);
  });

  it('Anthropic Messages: {name, description, input_schema}', () => {
    const tools = toAnthropicTools();
    expectTypeOf(tools).toExtend<AnthropicSdkTool[]>();
    expect(tools).toEqual([
      { name: 'check_availability', description: DESCRIPTION, input_schema: checkAvailabilitySchema },
      { name: 'book', description: DESCRIPTION, input_schema: bookSchema },
    ]);
  });

  it('Bedrock Converse: {tools:[{toolSpec:{name, description, inputSchema:{json}}}]}', () => {
    const config = toBedrockConverseTools();
    expectTypeOf(config).toExtend<ToolConfiguration>();
    expect(config).toEqual({
      tools: [
        { toolSpec: { name: 'check_availability', description: DESCRIPTION, inputSchema: { json: checkAvailabilitySchema } } },
        { toolSpec: { name: 'book', description: DESCRIPTION, inputSchema: { json: bookSchema } } },
      ],
    });
  });

  it('Bedrock Agents function details: flat typed parameters with required flags', () => {
    const schema = toBedrockAgentFunctionSchema();
    expect(schema).toEqual({
      functions: [
        {
          name: 'check_availability',
          description: DESCRIPTION,
          parameters: {
            date: { type: 'string', description: expect.stringContaining('YYYY-MM-DD'), required: true },
            time: { type: 'string', description: expect.stringContaining('HH:MM'), required: false },
          },
        },
        { name: 'book', description: DESCRIPTION, parameters: { slot_id: { type: 'string', description: DESCRIPTION, required: true } } },
      ],
    });
    // Documented limits: function names ([0-9a-zA-Z][_-]?){1,100}, descriptions up to 1200 characters.
    for (const fn of schema.functions) {
      expect(fn.name).toMatch(/^([0-9a-zA-Z][_-]?){1,100}$/);
      expect(fn.description.length).toBeLessThanOrEqual(1200);
    }
  });

  it('never leaks the JSON Schema dialect marker some vendors reject', () => {
    expect(JSON.stringify([toOpenAIChatTools(), toAnthropicTools(), toBedrockConverseTools()])).not.toContain('$schema');
  });
});
