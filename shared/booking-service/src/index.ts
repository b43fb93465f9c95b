export type * from './types';
export { BookingError, isBookingError } from './errors';
export { defaultClubConfig, validateClubConfig, courtKey, sameCourt, systemClock, fixedClock, type SettableClock } from './club';
export { addDays, formatDay, weekdayOf, zonedNow, type ZonedNow } from './calendar';
export { makeSlotId, parseSlotId, compareSlots } from './slots';
export { InMemoryBookingStore, type BookingStore, type CreateResult } from './store';
export { BookingService, type BookingServiceOptions } from './service';
export {
  bookingTools,
  findBookingTool,
  executeTool,
  summarizeOutcome,
  toolCall,
  type BookingTool,
  type BookingToolCall,
  type BookingToolOutcome,
  type BookingToolName,
  type BookingToolResults,
  type CheckAvailabilityArgs,
  type BookArgs,
} from './tools';
export {
  toolJsonSchema,
  strictToolJsonSchema,
  toOpenAIChatTools,
  toOpenAIResponsesTools,
  toAnthropicTools,
  toBedrockConverseTools,
  toBedrockAgentFunctionSchema,
  type JsonObjectSchema,
  type OpenAIChatTool,
  type OpenAIResponsesTool,
  type AnthropicTool,
  type BedrockToolConfiguration,
  type BedrockAgentFunctionSchema,
  type BedrockAgentParameterType,
} from './converters';
export { PARTS_OF_DAY, inPartOfDay, type PartOfDay } from './part-of-day';
