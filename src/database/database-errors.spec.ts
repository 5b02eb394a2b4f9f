import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors';

function pgError(code: string, message = 'pg error'): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}

function nodeError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
}

describe('isDatabaseUnavailable', () => {
  it.each<[string, unknown]>([
    ['connection refused', nodeError('ECONNREFUSED')],
    ['connection reset', nodeError('ECONNRESET')],
    ['DNS temporarily failing', nodeError('EAI_AGAIN')],
    [
      'server shutting down (57P01) inside a QueryFailedError',
      new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command')),
    ],
    ['server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['too many connections (53300)', pgError('53300')],
    ['statement timeout (57014)', pgError('57014', 'canceling statement due to statement timeout')],
    ['pg: connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['pg: connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pg-pool: waiting for a client timed out', new Error('timeout exceeded when trying to connect')],
    ['pg: query_timeout', new Error('Query read timeout')],
    ['TypeORM: runner released by a connection error mid-transaction', new QueryRunnerProviderAlreadyReleasedError()],
    ['TypeORM: runner released by a connection error before COMMIT', new QueryRunnerAlreadyReleasedError()],
    ['pg: statement on a client closed after a timeout', new Error('Client was closed and is not queryable')],
    ['a cause chain', new Error('wrapped', { cause: new Error('wrapped again', { cause: nodeError('ETIMEDOUT') }) })],
    [
      'an AggregateError of connect attempts',
      new AggregateError([nodeError('ECONNREFUSED'), nodeError('ECONNREFUSED')], ''),
    ],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a unique violation (23505)', new QueryFailedError('INSERT', [], pgError('23505', 'duplicate key value'))],
    ['a syntax error (42601)', new QueryFailedError('SELEC', [], pgError('42601', 'syntax error'))],
    ['an ordinary error', new Error('something else broke')],
    ['a string', 'Connection terminated'],
    ['null', null],
    ['undefined', undefined],
    [
      'a self-referencing cause chain',
      (() => {
        const e: { cause?: unknown } = {};
        e.cause = e;
        return e;
      })(),
    ],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
