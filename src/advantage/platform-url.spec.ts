import { codeOf } from '../../test/support/advantage.assertions';
import { appendPath, isBelow, isWithin, parsePlatformUrl, withQuery } from './platform-url';

describe('platform URLs', () => {
  it.each([
    ['not a string', 42, false],
    ['relative', '/ags/lineitems', false],
    ['http when insecure URLs are off', 'http://lms.example/ags', false],
    ['javascript:', 'javascript:alert(1)', true],
    ['credentials', 'https://user:pw@lms.example/ags', false],
    ['file:', 'file:///etc/passwd', true],
  ])('refuses %s with PLATFORM_URL_NOT_ALLOWED', async (_case, value, insecure) => {
    expect(await codeOf(() => parsePlatformUrl(value, insecure, 'test'))).toBe('PLATFORM_URL_NOT_ALLOWED');
  });

  it('accepts https always, http only with ALLOW_INSECURE_URLS, and drops the fragment', () => {
    expect(parsePlatformUrl('https://lms.example/a?b=1#frag', false, 't').href).toBe('https://lms.example/a?b=1');
    expect(parsePlatformUrl('http://127.0.0.1:8080/a', true, 't').href).toBe('http://127.0.0.1:8080/a');
  });

  it.each([
    ['https://lms.example/c/1/lineitems/5', true, true],
    ['https://lms.example/c/1/lineitems/5/lineitem?type_id=1', true, true],
    ['https://lms.example/c/1/lineitems', true, false],
    ['https://lms.example/c/1/lineitems/', true, false],
    ['https://lms.example/c/1/lineitems-other/5', false, false],
    ['https://lms.example/c/1/lineitems/../../admin', false, false],
    ['https://lms.example:444/c/1/lineitems/5', false, false],
    ['http://lms.example/c/1/lineitems/5', false, false],
    ['https://evil.example/c/1/lineitems/5', false, false],
  ])('%s: within %s, below %s "https://lms.example/c/1/lineitems?type_id=1"', (candidate, within, below) => {
    const base = new URL('https://lms.example/c/1/lineitems?type_id=1');
    expect(isWithin(new URL(candidate), base)).toBe(within);
    expect(isBelow(new URL(candidate), base)).toBe(below);
  });

  it('appends a path segment before the query string and keeps the base intact', () => {
    const base = new URL('https://lms.example/mod/lti/services.php/2/lineitems/5/lineitem?type_id=1');
    expect(appendPath(base, 'scores').href).toBe(
      'https://lms.example/mod/lti/services.php/2/lineitems/5/lineitem/scores?type_id=1',
    );
    expect(appendPath(new URL('https://lms.example/items/5/'), 'results').href).toBe(
      'https://lms.example/items/5/results',
    );
    expect(base.href).toBe('https://lms.example/mod/lti/services.php/2/lineitems/5/lineitem?type_id=1');
  });

  it('adds query parameters, skipping undefined, without dropping the platform\u2019s own', () => {
    const url = withQuery(new URL('https://lms.example/m?type_id=1'), { role: 'Learner', limit: 10, rlid: undefined });
    expect(url.searchParams.get('type_id')).toBe('1');
    expect(url.searchParams.get('role')).toBe('Learner');
    expect(url.searchParams.get('limit')).toBe('10');
    expect(url.searchParams.has('rlid')).toBe(false);
  });
});
