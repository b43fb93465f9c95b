export { startLocalLambdaRuntime, type LocalFunctionSpec, type LocalLambdaRuntime, type LocalLambdaRuntimeOptions } from './runtime';
export { FunctionInitError } from './function-process';
export { BodyTooLargeError, readBody } from './http-body';
export { functionNameOf } from './invoke-api';
export { lambdaContext } from './context';
export type { InvokeOutcome } from './protocol';
