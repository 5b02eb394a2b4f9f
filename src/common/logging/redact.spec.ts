import { JsonLogger } from './json.logger';
import { REDACTED, redact, redactString } from './redact';
import { requestContext } from './request-context';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----';

describe('redact', () => {
  it.each([
    ['authorization', 'Bearer abc'],
    ['cookie', 'lti_state_x=1'],
    ['id_token', 'anything'],
    ['client_assertion', 'x'],
    ['d', 'private exponent'],
    ['qi', 'crt coefficient'],
    ['privateKey', 'x'],
    ['adminTokens', ['a', 'b']],
  ])('replaces the value of %s', (key, value) => {
    expect(redact({ [key]: value })).toEqual({ [key]: REDACTED });
  });

  it('keeps harmless fields and walks nested objects and arrays', () => {
    const out = redact({ issuer: 'https://lms', nested: [{ headers: { authorization: 'x', accept: 'json' } }] });
    expect(out).toEqual({ issuer: 'https://lms', nested: [{ headers: { authorization: REDACTED, accept: 'json' } }] });
  });

  it('removes JWTs and PEM blocks embedded in strings', () => {
    expect(redactString(`token=${JWT} and ${PEM}`)).toBe(`token=${REDACTED} and ${REDACTED}`);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redact(a)).toEqual({ name: 'a', self: '[…]' });
  });
});

describe('JsonLogger', () => {
  it('writes one JSON object per line with the request id and redacted fields', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('info', (line) => lines.push(line));
    requestContext.run({ requestId: 'req-1' }, () => {
      logger.event('info', 'Test', `got ${JWT}`, { id_token: JWT, count: 2 });
    });
    const entry = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'info', context: 'Test', requestId: 'req-1', id_token: REDACTED, count: 2 });
    expect(entry.msg).toBe(`got ${REDACTED}`);
    expect(lines[0]).not.toContain(JWT);
  });

  it('drops entries below the configured level', () => {
    const lines: string[] = [];
    const logger = new JsonLogger('warn', (line) => lines.push(line));
    logger.log('info line', 'Ctx');
    logger.debug('debug line');
    logger.warn('warn line', 'Ctx');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['warn line']);
  });

  it('logs an Error without its stack', () => {
    const lines: string[] = [];
    new JsonLogger('info', (line) => lines.push(line)).error(new Error('boom'), 'Ctx');
    expect(lines[0]).toContain('Error: boom');
    expect(lines[0]).not.toContain('at ');
  });
});
