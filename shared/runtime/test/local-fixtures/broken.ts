/** A function module that fails at import, like a Lambda with a bad deployment. */
throw new Error('missing configuration: GREETING');
export {};
