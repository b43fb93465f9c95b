/** Lambda entry for pattern H's action group: invoked only by the Bedrock agent (see infra), never by the HTTP API. */
import { createRuntime, loadConfig, type Runtime } from '@tennis/runtime';
import type { Context } from 'aws-lambda';
import { createActionGroup, type ActionGroupHandler } from '../action-group';

/** The action group over a runtime's booking service (DynamoDB when BOOKINGS_TABLE is set). */
export const build = (rt: Runtime): ActionGroupHandler => createActionGroup(rt.bookings, rt.logger.child({ function: 'action-group' }));

let built: ActionGroupHandler | undefined;

export const handler = (event: unknown, context: Context) => {
  built ??= build(createRuntime(loadConfig()));
  return built(event, context);
};
