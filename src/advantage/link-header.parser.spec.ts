import { nextLink } from './link-header.parser';

describe('nextLink (RFC 8288 Link header)', () => {
  const request = new URL('https://lms.example/api/memberships?limit=2');

  it.each([
    ['<https://lms.example/api/memberships?page=2>; rel="next"', 'https://lms.example/api/memberships?page=2'],
    ['<https://lms.example/a?p=1>; rel="prev", <https://lms.example/a?p=3>; rel="next"', 'https://lms.example/a?p=3'],
    ['<https://lms.example/a?p=3>; rel=next', 'https://lms.example/a?p=3'],
    ['<https://lms.example/a?p=3>; title="x"; rel="next last"', 'https://lms.example/a?p=3'],
    ['<https://lms.example/a?p=3>; REL="Next"', 'https://lms.example/a?p=3'],
    ['</api/memberships?page=2>; rel="next"', 'https://lms.example/api/memberships?page=2'],
    ['<https://lms.example/a?x=1,2>; rel="next"', 'https://lms.example/a?x=1,2'],
  ])('finds the next link in %s', (header, expected) => {
    expect(nextLink(header, request)?.href).toBe(expected);
  });

  it.each([
    [null],
    [''],
    ['<https://lms.example/a?p=1>; rel="prev"'],
    ['<https://lms.example/a>; rel="differences"'],
    ['garbage'],
    ['<http://[::1>; rel="next"'],
  ])('finds none in %p', (header) => {
    expect(nextLink(header, request)).toBeNull();
  });
});
