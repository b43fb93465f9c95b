/**
 * An SDK client whose module loads on its first call. Some SDKs cost more at import than a Lambda's
 * whole cold-start budget allows: the openai package's module code reads the global `Response`,
 * `Blob` and `Headers`, and the first read makes Node load its built-in HTTP client (undici with
 * node:http, tls, http2 and zlib, about 25 ms) although nothing sends a request until the first
 * model call. A deferred client is the real client, built the same way, one call later.
 *
 * It supports what callers do with SDK clients: call methods along property paths
 * (`client.chat.completions.create(...)`), await the result, or ask for `.withResponse()` /
 * `.asResponse()` as on the SDK's APIPromise. Plain property reads are not supported: everything
 * read off the client is a path towards a method.
 */

type Loaded<T> = Promise<T>;

/** What a deferred method call returns: awaitable like the SDK's APIPromise, with its two extras. */
interface DeferredResult<R> extends PromiseLike<R> {
  catch<E = never>(onRejected?: ((reason: unknown) => E | PromiseLike<E>) | null): Promise<R | E>;
  finally(onFinally?: (() => void) | null): Promise<R>;
  withResponse(): Promise<unknown>;
  asResponse(): Promise<unknown>;
}

type ApiPromiseLike = PromiseLike<unknown> & { withResponse?: () => Promise<unknown>; asResponse?: () => Promise<unknown> };

function callAt(client: unknown, path: PropertyKey[], args: unknown[]): ApiPromiseLike {
  let target = client as Record<PropertyKey, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<PropertyKey, unknown>;
  const method = target[path.at(-1)!];
  if (typeof method !== 'function') throw new TypeError(`${path.map(String).join('.')} is not a method of the client`);
  return method.apply(target, args) as ApiPromiseLike;
}

function deferredResult(client: Loaded<unknown>, path: PropertyKey[], args: unknown[]): DeferredResult<unknown> {
  // The SDK's promise is boxed so awaiting the box does not already unwrap it (it is a thenable).
  const box = client.then((loaded) => ({ call: callAt(loaded, path, args) }));
  box.catch(() => undefined); // a failure surfaces where the result is awaited, never as an unhandled rejection
  const settled = (): Promise<unknown> => box.then(({ call }) => call);
  const extra = (name: 'withResponse' | 'asResponse') => (): Promise<unknown> =>
    box.then(({ call }) => {
      const method = call[name];
      if (typeof method !== 'function') throw new TypeError(`${String(path.at(-1))}() returned no ${name}()`);
      return method.call(call);
    });
  return {
    // biome-ignore lint/suspicious/noThenProperty: a deferred call result is awaitable like the SDK's APIPromise, on purpose.
    then: (onFulfilled, onRejected) => settled().then(onFulfilled, onRejected),
    catch: (onRejected) => settled().catch(onRejected),
    finally: (onFinally) => settled().finally(onFinally),
    withResponse: extra('withResponse'),
    asResponse: extra('asResponse'),
  };
}

function pathProxy(client: () => Loaded<unknown>, path: PropertyKey[]): unknown {
  // A function target, so that the proxy can be called as the method at the end of the path.
  return new Proxy(function deferredMethod() {}, {
    get: (_target, key) => (key === 'then' ? undefined : pathProxy(client, [...path, key])),
    apply: (_target, _this, args: unknown[]) => deferredResult(client(), path, args),
  });
}

/** A client of type T whose `load()` (importing the SDK and building the client) runs on the first call. */
export function deferredClient<T extends object>(load: () => Promise<T>): T {
  let loaded: Loaded<T> | undefined;
  // A failed load is not cached: the next call tries again, as a fresh cold start would.
  const client = (): Loaded<T> =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
  return pathProxy(client, []) as T;
}
