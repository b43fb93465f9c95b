/**
 * The agent team pattern F and pattern G share: every prompt and the specialist tools' names and
 * descriptions (prompts.ts), and the run options that bound every agent run. F runs the specialists in
 * its own process (agents as tools); G imports this module and runs them in Lambdas of their own.
 */
import { answerAtTurnLimit } from '@tennis/runtime/agents';

export { prompts, SPECIALIST_TOOLS } from './prompts';

/** Every agent run, the manager's and each specialist's, is bounded the same way (MAX_MODEL_CALLS). */
export const runOptions = (maxModelCalls: number) => ({ maxTurns: maxModelCalls, errorHandlers: { maxTurns: answerAtTurnLimit(maxModelCalls) } });
