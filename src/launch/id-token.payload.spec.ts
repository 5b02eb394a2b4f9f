import type { AppError } from '../common/errors/app.error';
import { MAX_PAYLOAD_DEPTH, parsePayload, storableJson } from './id-token.payload';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as AppError).code;
  }
  return 'OK';
}

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
};

describe('id_token payload', () => {
  it('parses strict UTF-8 JSON', () => {
    expect(parsePayload(Buffer.from('{"sub":"é"}'))).toEqual({ sub: 'é' });
    expect(codeOf(() => parsePayload(Buffer.from('{"sub":')))).toBe('LTI_ID_TOKEN_MALFORMED');
    expect(codeOf(() => parsePayload(Buffer.from([0x7b, 0xff, 0x7d])))).toBe('LTI_ID_TOKEN_MALFORMED');
  });

  it.each<[string, unknown, string]>([
    ['plain claims', { sub: 'u', name: 'Zoë 😀' }, 'OK'],
    ['a literal backslash-u0000 text', { name: '\\u0000' }, 'OK'],
    ['a NUL character', { name: 'a\u0000b' }, 'LTI_ID_TOKEN_MALFORMED'],
    ['a NUL after an escaped backslash', { name: '\\\u0000' }, 'LTI_ID_TOKEN_MALFORMED'],
    ['a lone high surrogate', { name: 'a\ud800b' }, 'LTI_ID_TOKEN_MALFORMED'],
    ['a lone low surrogate', { name: '\udc00' }, 'LTI_ID_TOKEN_MALFORMED'],
    ['nesting at the limit', nested(MAX_PAYLOAD_DEPTH), 'OK'],
    ['nesting beyond the limit', nested(MAX_PAYLOAD_DEPTH + 1), 'LTI_ID_TOKEN_MALFORMED'],
  ])('storableJson: %s → %s', (_label, payload, code) => {
    expect(codeOf(() => storableJson(payload))).toBe(code);
  });

  it('returns the JSON text it checked', () => {
    expect(storableJson({ sub: 'u' })).toBe('{"sub":"u"}');
  });
});
