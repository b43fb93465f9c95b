/**
 * zod schemas of the documented Bedrock Agents formats (Amazon Bedrock user guide, "Configure Lambda
 * functions to send information that an Amazon Bedrock agent elicits from the user": the input event
 * and the response for action groups defined with function details). Fixtures and the events the
 * offline agent runtime sends are checked against these, so neither can drift from AWS.
 */
import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());

export const functionParameter = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['string', 'number', 'integer', 'boolean', 'array']),
  value: z.string(),
});

/** Lambda input event, function details. */
export const actionGroupFunctionEvent = z.strictObject({
  messageVersion: z.literal('1.0'),
  agent: z.strictObject({ name: z.string(), id: z.string(), alias: z.string(), version: z.string() }),
  inputText: z.string(),
  sessionId: z.string(),
  actionGroup: z.string(),
  function: z.string(),
  parameters: z.array(functionParameter).optional(),
  sessionAttributes: stringMap,
  promptSessionAttributes: stringMap,
});

/** Lambda response, function details. */
export const actionGroupFunctionResponse = z.strictObject({
  messageVersion: z.literal('1.0'),
  response: z.strictObject({
    actionGroup: z.string(),
    function: z.string(),
    functionResponse: z.strictObject({
      responseState: z.enum(['FAILURE', 'REPROMPT']).optional(),
      responseBody: z.strictObject({ TEXT: z.strictObject({ body: z.string() }) }),
    }),
  }),
  sessionAttributes: stringMap.optional(),
  promptSessionAttributes: stringMap.optional(),
  knowledgeBasesConfiguration: z.array(z.unknown()).optional(),
});

export type ActionGroupFunctionEvent = z.output<typeof actionGroupFunctionEvent>;
export type ActionGroupFunctionResponse = z.output<typeof actionGroupFunctionResponse>;
