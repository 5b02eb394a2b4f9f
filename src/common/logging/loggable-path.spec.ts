import { loggablePath } from './loggable-path';

function request(url: string, route?: string) {
  return { url, routeOptions: route ? { url: route } : undefined } as Parameters<typeof loggablePath>[0];
}

describe('loggablePath', () => {
  it('uses the matched route pattern, never the concrete URL', () => {
    expect(
      loggablePath(request('/lti/launches/abcDEF123_-abcDEF123_-abcDEF123_-abcDEF12?x=1', '/lti/launches/:id')),
    ).toBe('/lti/launches/:id');
  });

  it('hides opaque segments and the query of unmatched paths but keeps UUIDs', () => {
    const launchId = 'r_tpcuf4tuTXDSi4Fv8lOd8Yjva-JwuGGfhaIdSW1Uw';
    const uuid = '3f1c2b8e-9d4a-4c1e-8f2a-1b2c3d4e5f60';
    expect(loggablePath(request(`/lti/launches/${launchId}/nope?token=x`))).toBe('unmatched:/lti/launches/…/nope');
    expect(loggablePath(request(`/admin/registrations/${uuid}/typo`))).toBe(
      `unmatched:/admin/registrations/${uuid}/typo`,
    );
  });

  it('cuts long unmatched paths', () => {
    expect(loggablePath(request(`/${'a/'.repeat(200)}`)).length).toBeLessThanOrEqual('unmatched:'.length + 120);
  });
});
