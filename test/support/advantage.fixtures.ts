import { FakePlatform, LTI_CLAIM, ROLE } from './fake-platform';
import { FakePlatformServices } from './fake-platform-services';
import { type ErrorBody, LaunchHarness } from './launch-harness';
import { adminFetch, createRegistration, type RegistrationBody } from './registration.builder';

export const DL_SETTINGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings';

/** A fake platform (launch side + services side) registered through the admin API, so it has a real signing key. */
export interface AdvantagePlatform {
  platform: FakePlatform;
  services: FakePlatformServices;
  registration: RegistrationBody;
}

/** Test harness for LTI Advantage: the launch harness plus fake platform services it closes at the end. */
export class AdvantageHarness {
  private readonly services: FakePlatformServices[] = [];

  private constructor(readonly h: LaunchHarness) {}

  static async start(env: Record<string, string | undefined> = {}): Promise<AdvantageHarness> {
    return new AdvantageHarness(await LaunchHarness.start(env));
  }

  get url(): string {
    return this.h.url;
  }

  async platform(): Promise<AdvantagePlatform> {
    const platform = await this.h.platform({ register: false });
    const services = await FakePlatformServices.start({
      toolJwksUrl: `${this.h.url}/.well-known/jwks.json`,
      clientId: platform.clientId,
      now: () => this.h.clock.nowMs(),
    });
    this.services.push(services);
    const registration = await createRegistration(this.h.app, {
      issuer: platform.issuer,
      clientId: platform.clientId,
      authEndpoint: platform.authEndpoint,
      jwksUri: platform.jwksUri,
      tokenEndpoint: services.tokenEndpoint,
      deploymentIds: [platform.deploymentId],
    });
    return { platform, services, registration };
  }

  /** A successful launch with these claim overrides (undefined removes a claim); returns the launch id. */
  async launch(p: AdvantagePlatform, claims: Record<string, unknown> = {}): Promise<string> {
    const { response } = await this.h.launch(p.platform, { claims });
    if (response.status !== 302) throw new Error(`launch answered ${response.status}: ${await response.text()}`);
    return LaunchHarness.launchId(response);
  }

  /** An instructor launch offering AGS (these scopes) and NRPS. */
  serviceLaunch(
    p: AdvantagePlatform,
    options: { roles?: string[]; scopes?: string[]; lineItem?: string; sub?: string } = {},
  ): Promise<string> {
    return this.launch(p, {
      ...p.services.serviceClaims(options.scopes, options.lineItem),
      [`${LTI_CLAIM}roles`]: options.roles ?? [ROLE.instructor],
      ...(options.sub ? { sub: options.sub } : {}),
    });
  }

  /** A deep linking request launch with these settings merged over sensible defaults. */
  deepLinkingLaunch(
    p: AdvantagePlatform,
    settings: Record<string, unknown> = {},
    roles = [ROLE.instructor],
  ): Promise<string> {
    return this.launch(p, {
      [`${LTI_CLAIM}message_type`]: 'LtiDeepLinkingRequest',
      [`${LTI_CLAIM}resource_link`]: undefined,
      [`${LTI_CLAIM}roles`]: roles,
      [DL_SETTINGS_CLAIM]: {
        deep_link_return_url: `${p.platform.url}/deep_links?course=1`,
        accept_types: ['ltiResourceLink', 'link'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: false,
        data: 'csrf-token-<&>"\'',
        ...settings,
      },
    });
  }

  /** A call of our API with the launch bearer (`bearer: null` sends none). */
  api(
    launchId: string,
    method: string,
    path: string,
    options: { body?: unknown; bearer?: string | null; accept?: string } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    const bearer = options.bearer === undefined ? launchId : options.bearer;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.accept) headers.accept = options.accept;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return fetch(`${this.url}/lti/launches/${launchId}${path}`, { method, headers, body });
  }

  rotateKey(registrationId: string): Promise<Response> {
    return adminFetch(this.h.app, 'POST', `/admin/registrations/${registrationId}/rotate-key`, {});
  }

  async close(): Promise<void> {
    await Promise.all(this.services.map((services) => services.close()));
    await this.h.close();
  }
}

export async function errorOf(response: Response): Promise<{ status: number; code: string }> {
  return { status: response.status, code: ((await response.json()) as ErrorBody).error.code };
}

export function query(params: Record<string, string>): string {
  return `?${new URLSearchParams(params).toString()}`;
}
