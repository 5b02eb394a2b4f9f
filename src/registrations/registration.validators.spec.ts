import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateDeploymentDto } from './deployment.dto';
import { CreateRegistrationDto, UpdateRegistrationDto } from './registration.dto';
import { ListRegistrationsQuery } from './registration-query.dto';
import { characterLength, isPlatformUrl, isStorableText, isUuid } from './registration.validators';

const valid = {
  issuer: 'https://canvas.instructure.com',
  clientId: '10000000000042',
  authEndpoint: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
  jwksUri: 'https://sso.canvaslms.com/api/lti/security/jwks',
  tokenEndpoint: 'https://sso.canvaslms.com/login/oauth2/token',
};

/** Field names that failed, as the global ValidationPipe (whitelist + forbidNonWhitelisted) would report them. */
function failedFields<T extends object>(type: new () => T, plain: unknown): string[] {
  const instance = plainToInstance(type, plain) as object;
  return validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }).map((error) => error.property);
}

describe('registration validators', () => {
  it.each([
    ['https://lms.example.edu/auth', true],
    ['http://127.0.0.1:8080/jwks', true],
    ['https://lms.example.edu/auth?tenant=1', true],
    ['HTTPS://LMS.EXAMPLE.EDU/x', true],
    ['ftp://lms.example.edu/x', false],
    ['javascript:alert(1)', false],
    ['//lms.example.edu/x', false],
    ['https://user:pass@lms.example.edu/x', false],
    ['https://lms.example.edu/x#frag', false],
    ['https://lms.example.edu/a b', false],
    [' https://lms.example.edu/x', false],
    ['https://lms.example.edu/\u00e9', false],
    ['not a url', false],
    ['', false],
    [`https://lms.example.edu/${'a'.repeat(2048 - 'https://lms.example.edu/'.length)}`, true],
    [`https://lms.example.edu/${'a'.repeat(2049 - 'https://lms.example.edu/'.length)}`, false],
    [42, false],
  ])('isPlatformUrl(%j) is %s', (value, expected) => {
    expect(isPlatformUrl(value)).toBe(expected);
  });

  it('counts characters the way varchar(n) does (code points), not UTF-16 units', () => {
    expect(characterLength('𝔘'.repeat(255))).toBe(255);
    expect(isStorableText('𝔘'.repeat(255), 1, 255)).toBe(true);
    expect(isStorableText('𝔘'.repeat(256), 1, 255)).toBe(false);
  });

  it.each([
    ['', false],
    ['a', true],
    ['a'.repeat(255), true],
    ['a'.repeat(256), false],
    ['a\u0000b', false],
    [' padded ', true],
    [12, false],
    [null, false],
  ])('isStorableText(%j, 1, 255) is %s', (value, expected) => {
    expect(isStorableText(value, 1, 255)).toBe(expected);
  });

  it.each([
    ['0b8f6d2e-2f55-4f0e-9a53-0c3c5a3b9e11', true],
    ['0B8F6D2E-2F55-4F0E-9A53-0C3C5A3B9E11', true],
    ['0b8f6d2e2f554f0e9a530c3c5a3b9e11', false],
    ['not-a-uuid', false],
    ["0b8f6d2e-2f55-4f0e-9a53-0c3c5a3b9e11' OR 1=1", false],
  ])('isUuid(%j) is %s', (value, expected) => {
    expect(isUuid(value)).toBe(expected);
  });
});

describe('CreateRegistrationDto', () => {
  it('accepts a complete body, with and without the optional fields', () => {
    expect(failedFields(CreateRegistrationDto, valid)).toEqual([]);
    expect(failedFields(CreateRegistrationDto, { ...valid, name: 'Canvas', deploymentIds: ['1', 'A', 'a'] })).toEqual(
      [],
    );
    expect(failedFields(CreateRegistrationDto, { ...valid, name: null, deploymentIds: null })).toEqual([]);
  });

  it.each([
    ['missing issuer', { issuer: undefined }, 'issuer'],
    ['empty clientId', { clientId: '' }, 'clientId'],
    ['numeric clientId', { clientId: 42 }, 'clientId'],
    ['issuer of 256 characters', { issuer: 'i'.repeat(256) }, 'issuer'],
    ['name of 256 characters', { name: 'n'.repeat(256) }, 'name'],
    ['empty name', { name: '' }, 'name'],
    ['authEndpoint not a URL', { authEndpoint: 'lms.example.edu/auth' }, 'authEndpoint'],
    ['jwksUri with credentials', { jwksUri: 'https://a:b@lms.example.edu/jwks' }, 'jwksUri'],
    ['tokenEndpoint as an object', { tokenEndpoint: { href: 'https://x' } }, 'tokenEndpoint'],
    ['deploymentIds not an array', { deploymentIds: '1' }, 'deploymentIds'],
    ['duplicate deploymentIds', { deploymentIds: ['1', '1'] }, 'deploymentIds'],
    ['empty deploymentId', { deploymentIds: [''] }, 'deploymentIds'],
    ['deploymentId of 256 characters', { deploymentIds: ['d'.repeat(256)] }, 'deploymentIds'],
    ['101 deploymentIds', { deploymentIds: Array.from({ length: 101 }, (_, i) => `d${i}`) }, 'deploymentIds'],
    ['an unknown field', { jwkId: 'x' }, 'jwkId'],
  ])('rejects %s', (_case, change, field) => {
    expect(failedFields(CreateRegistrationDto, { ...valid, ...change })).toEqual([field]);
  });

  it('keeps 100 distinct deploymentIds of 255 characters', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `${i}`.padStart(255, 'x'));
    expect(failedFields(CreateRegistrationDto, { ...valid, deploymentIds: ids })).toEqual([]);
  });
});

describe('UpdateRegistrationDto', () => {
  it('accepts any subset, including an empty body and name: null', () => {
    expect(failedFields(UpdateRegistrationDto, {})).toEqual([]);
    expect(failedFields(UpdateRegistrationDto, { clientId: 'new' })).toEqual([]);
    expect(failedFields(UpdateRegistrationDto, { name: null })).toEqual([]);
  });

  it.each([
    ['issuer: null', { issuer: null }, 'issuer'],
    ['clientId: null', { clientId: null }, 'clientId'],
    ['jwksUri: null', { jwksUri: null }, 'jwksUri'],
    ['deploymentIds (use the deployments endpoints)', { deploymentIds: ['1'] }, 'deploymentIds'],
    ['a bad URL', { authEndpoint: 'nope' }, 'authEndpoint'],
  ])('rejects %s', (_case, body, field) => {
    expect(failedFields(UpdateRegistrationDto, body)).toEqual([field]);
  });
});

describe('CreateDeploymentDto and ListRegistrationsQuery', () => {
  it('deploymentId must be 1..255 characters', () => {
    expect(failedFields(CreateDeploymentDto, { deploymentId: 'Abc:1' })).toEqual([]);
    expect(failedFields(CreateDeploymentDto, { deploymentId: '' })).toEqual(['deploymentId']);
    expect(failedFields(CreateDeploymentDto, {})).toEqual(['deploymentId']);
  });

  it('limit and offset default to 20 and 0 and are converted from query strings', () => {
    const query = plainToInstance(ListRegistrationsQuery, { limit: '5', offset: '10' });
    expect([query.limit, query.offset]).toEqual([5, 10]);
    const defaults = plainToInstance(ListRegistrationsQuery, {});
    expect([defaults.limit, defaults.offset]).toEqual([20, 0]);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ limit: '1.5' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ offset: '1e20' }, 'offset'],
    [{ issuer: ['a', 'b'] }, 'issuer'],
    [{ sort: 'issuer' }, 'sort'],
  ])('rejects query %j', (query, field) => {
    expect(failedFields(ListRegistrationsQuery, query)).toEqual([field]);
  });
});
