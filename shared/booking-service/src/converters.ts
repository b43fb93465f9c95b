/**
 * The two tools in each vendor's documented format, derived from the zod schemas in tools.ts.
 * Output types mirror the SDKs' own declarations (test/sdk-types.test.ts checks them against the
 * real SDK types with tsc), so this package does not need the vendor SDKs as dependencies.
 */
import * as z from 'zod';
import { bookingTools, type BookingTool } from './tools';

/** JSON data (Bedrock's DocumentType accepts nothing else). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema object as generated from a tool's zod schema. */
export interface JsonObjectSchema {
  type: 'object';
  properties: Record<string, JsonPropertySchema>;
  required: string[];
  additionalProperties: false;
  [keyword: string]: JsonValue;
}

interface JsonPropertySchema {
  type: string | string[];
  [keyword: string]: JsonValue;
}

/** openai: ChatCompletionFunctionTool (member of ChatCompletionTool). */
export interface OpenAIChatTool {
  type: 'function';
  function: { name: string; description: string; parameters: JsonObjectSchema; strict: true };
}

/** openai: Responses API FunctionTool. */
export interface OpenAIResponsesTool {
  type: 'function';
  name: string;
  description: string;
  parameters: JsonObjectSchema;
  strict: true;
}

/** @anthropic-ai/sdk: Tool (custom client tool). */
export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: JsonObjectSchema;
}

/** @aws-sdk/client-bedrock-runtime: ToolConfiguration with toolSpec members. */
export interface BedrockToolConfiguration {
  tools: { toolSpec: { name: string; description: string; inputSchema: { json: JsonObjectSchema } } }[];
}

/** Bedrock Agents ParameterDetail types. */
export type BedrockAgentParameterType = 'string' | 'number' | 'integer' | 'boolean' | 'array';

/** Bedrock Agents FunctionSchema (function details), as in CreateAgentActionGroup / aws_bedrockagent_agent_action_group. */
export interface BedrockAgentFunctionSchema {
  functions: {
    name: string;
    description: string;
    parameters: Record<string, { type: BedrockAgentParameterType; description: string; required: boolean }>;
  }[];
}

const jsonSchemas = new Map<BookingTool, JsonObjectSchema>();

/**
 * JSON Schema of a tool's input: optional fields stay optional (Anthropic, Bedrock). Converted once per
 * tool and shared (read-only), since every model call sends it.
 */
export function toolJsonSchema(tool: BookingTool): JsonObjectSchema {
  let schema = jsonSchemas.get(tool);
  if (!schema) {
    const { $schema: _dialect, ...converted } = z.toJSONSchema(tool.parameters, { io: 'input', target: 'draft-2020-12' });
    schema = converted as JsonObjectSchema;
    jsonSchemas.set(tool, schema);
  }
  return schema;
}

/**
 * OpenAI strict-mode variant: every property required, and the optional ones also accept null
 * (executeTool reads null as "not given").
 */
export function strictToolJsonSchema(tool: BookingTool): JsonObjectSchema {
  const schema = toolJsonSchema(tool);
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, property]) => [
      name,
      schema.required.includes(name) ? property : { ...property, type: [...[property.type].flat(), 'null'] },
    ]),
  );
  return { ...schema, properties, required: Object.keys(properties) };
}

export function toOpenAIChatTools(): OpenAIChatTool[] {
  return bookingTools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: strictToolJsonSchema(tool), strict: true },
  }));
}

export function toOpenAIResponsesTools(): OpenAIResponsesTool[] {
  return bookingTools.map((tool) => ({
    type: 'function',
    name: tool.name,
    description: tool.description,
    parameters: strictToolJsonSchema(tool),
    strict: true,
  }));
}

export function toAnthropicTools(): AnthropicTool[] {
  return bookingTools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: toolJsonSchema(tool) }));
}

export function toBedrockConverseTools(): BedrockToolConfiguration {
  return {
    tools: bookingTools.map((tool) => ({
      toolSpec: { name: tool.name, description: tool.description, inputSchema: { json: toolJsonSchema(tool) } },
    })),
  };
}

/**
 * Bedrock Agents function details take flat, typed parameters with no JSON Schema keywords, so
 * format rules (like YYYY-MM-DD) travel in each description, which the zod schemas already carry.
 */
export function toBedrockAgentFunctionSchema(): BedrockAgentFunctionSchema {
  return {
    functions: bookingTools.map((tool) => {
      const schema = toolJsonSchema(tool);
      const parameters = Object.fromEntries(
        Object.entries(schema.properties).map(([name, property]) => [
          name,
          {
            type: agentParameterType(tool.name, name, property),
            description: typeof property.description === 'string' ? property.description : name,
            required: schema.required.includes(name),
          },
        ]),
      );
      return { name: tool.name, description: tool.description, parameters };
    }),
  };
}

const AGENT_PARAMETER_TYPES: readonly string[] = ['string', 'number', 'integer', 'boolean', 'array'] satisfies BedrockAgentParameterType[];

function agentParameterType(toolName: string, name: string, property: JsonPropertySchema): BedrockAgentParameterType {
  if (typeof property.type === 'string' && AGENT_PARAMETER_TYPES.includes(property.type)) {
    return property.type as BedrockAgentParameterType;
  }
  throw new TypeError(`${toolName}.${name}: Bedrock agent functions cannot take a parameter of type ${JSON.stringify(property.type)}.`);
}
