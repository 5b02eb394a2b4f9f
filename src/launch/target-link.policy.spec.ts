import { buildConfig } from '../config/config.loader';
import { TargetLinkPolicy } from './target-link.policy';

describe('TargetLinkPolicy', () => {
  const policy = new TargetLinkPolicy(
    buildConfig({ PUBLIC_URL: 'https://tool.example.edu', ALLOWED_TARGET_ORIGINS: 'https://app.example.edu:8443' }),
  );

  it.each([
    ['https://tool.example.edu/lti/app', true],
    ['https://tool.example.edu:443/x?y=1#z', true],
    ['https://app.example.edu:8443/course', true],
    ['https://app.example.edu/course', false],
    ['http://tool.example.edu/lti/app', false],
    ['https://tool.example.edu.evil.com/lti/app', false],
    ['https://tool.example.edu@evil.com/', false],
    ['https://a:b@tool.example.edu/', false],
    ['javascript:alert(1)', false],
    ['/lti/app', false],
    ['', false],
  ])('%s → %s', (uri, allowed) => {
    expect(policy.isAllowed(uri)).toBe(allowed);
  });
});
