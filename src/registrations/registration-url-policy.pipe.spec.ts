import 'reflect-metadata';
import { AppError } from '../common/errors/app.error';
import { buildConfig } from '../config/config.loader';
import { RegistrationUrlPolicyPipe } from './registration-url-policy.pipe';

const https = {
  authEndpoint: 'https://lms.example.edu/auth',
  jwksUri: 'https://lms.example.edu/jwks',
  tokenEndpoint: 'https://lms.example.edu/token',
};

function pipe(allowInsecure: boolean): RegistrationUrlPolicyPipe {
  return new RegistrationUrlPolicyPipe(buildConfig({ ALLOW_INSECURE_URLS: String(allowInsecure) }));
}

function rejectedFields(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    return ((error as AppError).details as { field: string }[]).map((d) => d.field);
  }
  return [];
}

describe('RegistrationUrlPolicyPipe', () => {
  it('passes https URLs (any case) and partial bodies through unchanged', () => {
    const body = { ...https, jwksUri: 'HTTPS://LMS.EXAMPLE.EDU/jwks' };
    expect(pipe(false).transform(body)).toBe(body);
    expect(pipe(false).transform({})).toEqual({});
  });

  it('names every http URL when ALLOW_INSECURE_URLS is false', () => {
    const body = {
      ...https,
      authEndpoint: 'http://lms.example.edu/auth',
      tokenEndpoint: 'http://lms.example.edu/token',
    };
    expect(rejectedFields(() => pipe(false).transform(body))).toEqual(['authEndpoint', 'tokenEndpoint']);
    expect(rejectedFields(() => pipe(false).transform({ jwksUri: 'http://127.0.0.1:9/jwks' }))).toEqual(['jwksUri']);
  });

  it('accepts http URLs when ALLOW_INSECURE_URLS is true', () => {
    const body = { ...https, jwksUri: 'http://127.0.0.1:9/jwks' };
    expect(pipe(true).transform(body)).toBe(body);
  });
});
