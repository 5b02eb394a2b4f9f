import { AppError } from '../common/errors/app.error';
import { errorText } from './maintenance.service';

describe('errorText (stored in lti_maintenance_runs and shown to operators)', () => {
  it('uses the code of an AppError, not its private detail', () => {
    const text = errorText(new AppError('DATABASE_UNAVAILABLE', { detail: 'password=hunter2' }));
    expect(text).toBe('DATABASE_UNAVAILABLE');
  });

  it.each([
    ['a JWT', new Error('bad token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'), 'eyJhbGciOi'],
    ['a PEM block', new Error('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----'), 'MIIE'],
  ])('redacts %s', (_label, error, secret) => {
    expect(errorText(error)).not.toContain(secret);
    expect(errorText(error)).toContain('[REDACTED]');
  });

  it('is short', () => {
    expect(errorText(new Error('x'.repeat(5000))).length).toBeLessThanOrEqual(300);
  });

  it('names what was thrown when it is not an Error', () => {
    expect(errorText('a string')).toBe('non-error thrown: string');
  });
});
