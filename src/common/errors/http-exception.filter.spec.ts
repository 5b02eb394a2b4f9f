import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app.error';
import { toAppError } from './http-exception.filter';

describe('toAppError', () => {
  it.each<[string, unknown, string]>([
    ['an AppError as is', new AppError('VALIDATION_FAILED'), 'VALIDATION_FAILED'],
    ['a Nest 404', new NotFoundException('Cannot GET /x'), 'ROUTE_NOT_FOUND'],
    ['a Nest 413', new PayloadTooLargeException(), 'REQUEST_TOO_LARGE'],
    [
      'a Fastify body limit error',
      Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' }),
      'REQUEST_TOO_LARGE',
    ],
    [
      'a Fastify JSON error',
      Object.assign(new Error('bad'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
      'MALFORMED_JSON',
    ],
    [
      'a wrapped Fastify error',
      new BadRequestException('x', { cause: Object.assign(new Error(), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }) }),
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a SyntaxError', new SyntaxError('Unexpected token'), 'MALFORMED_JSON'],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'DATABASE_UNAVAILABLE',
    ],
    ['a pool timeout', new Error('timeout exceeded when trying to connect'), 'DATABASE_UNAVAILABLE'],
    [
      'a terminated admin connection',
      new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating'), { code: '57P01' })),
      'DATABASE_UNAVAILABLE',
    ],
    ['anything else', new TypeError('x is undefined'), 'INTERNAL_ERROR'],
    ['a thrown string', 'weird', 'INTERNAL_ERROR'],
  ])('maps %s', (_name, exception, code) => {
    expect(toAppError(exception).code).toBe(code);
  });

  it('keeps the public message apart from the private detail', () => {
    const error = new AppError('INTERNAL_ERROR', { detail: 'select * from secrets' });
    expect(error.message).not.toContain('secrets');
    expect(error.status).toBe(500);
  });
});
