import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Carries the request id to every log line written while a request is handled. */
export const requestContext = {
  run<T>(context: RequestContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  enter(context: RequestContext): void {
    storage.enterWith(context);
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
};
