/** Lambda entry for pattern H's action group: invoked only by the Bedrock agent (see infra), never by the HTTP API. */
import { onceUntilFailure, startRuntime, type Runtime } from '@tennis/runtime';
import type { Context } from 'aws-lambda';
import { createActionGroup, type ActionGroupHandler } from '../action-group';

/** The action group over a runtime's booking service (DynamoDB when BOOKINGS_TABLE is set). */
export const build = (rt: Runtime): ActionGroupHandler => createActionGroup(rt.bookings, rt.logger.child({ function: 'action-group' }));

// Built once per container, on the same start-up path as every other Lambda entry.
const start = onceUntilFailure(async () => build(await startRuntime()));

export const handler = async (event: unknown, context: Context) => (await start())(event, context);
