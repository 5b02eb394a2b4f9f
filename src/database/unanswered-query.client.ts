import { Client } from 'pg';

const READ_TIMEOUT = 'Query read timeout';

/**
 * pg's `query_timeout` only stops waiting: the unanswered query stays active on its connection, every
 * later statement on it (the transaction's ROLLBACK included) queues behind it and waits out its own
 * timeout, and the pool keeps handing the connection out. When the server is hung or silently gone
 * (network partition, failover to another host) that lasts until TCP gives up, minutes later. So a
 * query that got no answer closes its connection: queued statements fail at once, the pool drops
 * the client and the next request opens a fresh connection. A query that is merely slow on a live
 * server is cancelled first by `statement_timeout` (see database.options.ts) and keeps its connection.
 */
export class UnansweredQueryClosingClient extends Client {}

// pg's query() has a dozen overloads; the wrapper passes every call through unchanged.
type AnyQuery = (this: Client, ...args: unknown[]) => unknown;
const passThrough = Reflect.get(Client.prototype, 'query') as AnyQuery;

UnansweredQueryClosingClient.prototype.query = function (this: Client, ...args: unknown[]): unknown {
  const result = passThrough.apply(this, args);
  if (result instanceof Promise) {
    result.catch((error: unknown) => {
      if ((error as Error | undefined)?.message === READ_TIMEOUT) this.end().catch(() => undefined);
    });
  }
  return result;
} as Client['query'];
