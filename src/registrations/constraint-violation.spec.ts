import { QueryFailedError } from 'typeorm';
import { AppError } from '../common/errors/app.error';
import { constraintError, translatingConstraints } from './constraint-violation';

function driverError(code: string, constraint?: string): QueryFailedError {
  return new QueryFailedError('INSERT ...', [], Object.assign(new Error('violation'), { code, constraint }));
}

describe('constraint translation', () => {
  it.each([
    ['23505', 'UQ_platform_registrations_issuer_client_id', 'REGISTRATION_ALREADY_EXISTS'],
    ['23505', 'UQ_platform_deployments_registration_deployment', 'REGISTRATION_DEPLOYMENT_ALREADY_EXISTS'],
    ['23503', 'FK_platform_deployments_registration_id', 'REGISTRATION_NOT_FOUND'],
  ])('%s on %s becomes %s', (sqlstate, constraint, code) => {
    expect(constraintError(driverError(sqlstate, constraint))?.code).toBe(code);
  });

  it.each([
    ['another constraint', driverError('23505', 'UQ_platform_registrations_jwk_id')],
    ['another SQLSTATE on a known constraint', driverError('23514', 'UQ_platform_registrations_issuer_client_id')],
    ['no constraint name', driverError('23505')],
    [
      'not a query error',
      Object.assign(new Error('x'), { code: '23505', constraint: 'UQ_platform_registrations_issuer_client_id' }),
    ],
  ])('leaves %s alone', (_case, error) => {
    expect(constraintError(error)).toBeNull();
  });

  it('translatingConstraints rethrows translated errors and passes others through', async () => {
    const known = translatingConstraints(() =>
      Promise.reject(driverError('23505', 'UQ_platform_registrations_issuer_client_id')),
    );
    await expect(known).rejects.toBeInstanceOf(AppError);
    const other = new Error('connection reset');
    await expect(translatingConstraints(() => Promise.reject(other))).rejects.toBe(other);
    await expect(translatingConstraints(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
