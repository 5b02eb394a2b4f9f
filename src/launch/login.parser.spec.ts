import { AppError } from '../common/errors/app.error';
import { parseLoginInitiation } from './login.parser';

const valid = { iss: 'https://lms.example.edu', login_hint: 'u1', target_link_uri: 'https://tool.example.edu/lti/app' };

function codeOf(input: unknown): [string, unknown] {
  try {
    parseLoginInitiation(input);
  } catch (error) {
    return [(error as AppError).code, (error as AppError).details];
  }
  return ['OK', undefined];
}

describe('parseLoginInitiation', () => {
  it('reads required and optional parameters and ignores unknown ones', () => {
    expect(
      parseLoginInitiation({
        ...valid,
        client_id: 'c1',
        lti_message_hint: 'm',
        lti_deployment_id: 'd1',
        lti_storage_target: '_parent',
        canvas_region: 'us-east-1',
        deployment_id: 'ignored',
      }),
    ).toEqual({
      issuer: valid.iss,
      loginHint: 'u1',
      targetLinkUri: valid.target_link_uri,
      clientId: 'c1',
      ltiMessageHint: 'm',
      deploymentId: 'd1',
      storageTarget: '_parent',
    });
  });

  it('treats empty optional parameters as absent', () => {
    expect(parseLoginInitiation({ ...valid, client_id: '', lti_message_hint: '' })).toEqual({
      issuer: valid.iss,
      loginHint: 'u1',
      targetLinkUri: valid.target_link_uri,
    });
  });

  it.each([
    ['no body at all', undefined, 'LTI_LOGIN_PARAMETER_MISSING', { parameter: 'iss' }],
    ['missing iss', { ...valid, iss: undefined }, 'LTI_LOGIN_PARAMETER_MISSING', { parameter: 'iss' }],
    ['empty login_hint', { ...valid, login_hint: '' }, 'LTI_LOGIN_PARAMETER_MISSING', { parameter: 'login_hint' }],
    [
      'missing target_link_uri',
      { ...valid, target_link_uri: undefined },
      'LTI_LOGIN_PARAMETER_MISSING',
      { parameter: 'target_link_uri' },
    ],
    ['repeated iss', { ...valid, iss: ['a', 'b'] }, 'LTI_LOGIN_PARAMETER_INVALID', { parameter: 'iss' }],
    [
      'repeated client_id',
      { ...valid, client_id: ['a', 'b'] },
      'LTI_LOGIN_PARAMETER_INVALID',
      { parameter: 'client_id' },
    ],
    ['iss over 255', { ...valid, iss: 'i'.repeat(256) }, 'LTI_LOGIN_PARAMETER_INVALID', { parameter: 'iss' }],
    [
      'target over 2048',
      { ...valid, target_link_uri: 't'.repeat(2049) },
      'LTI_LOGIN_PARAMETER_INVALID',
      { parameter: 'target_link_uri' },
    ],
    ['non-string hint', { ...valid, login_hint: 5 }, 'LTI_LOGIN_PARAMETER_INVALID', { parameter: 'login_hint' }],
  ])('%s → %s', (_label, input, code, details) => {
    expect(codeOf(input)).toEqual([code, details]);
  });
});
