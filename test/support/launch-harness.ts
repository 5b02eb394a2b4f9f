import { FixedClock } from '../../src/common/clock';
import { FakePlatform, type FakePlatformOptions, type IdTokenOptions } from './fake-platform';
import { registerFakePlatform, type RegisteredPlatform } from './launch-fixtures';
import { startTestApp, type TestApp } from './test-app';

/** The tool's PUBLIC_URL in launch tests: target_link_uris must be on this origin. */
export const TOOL_URL = 'https://tool.example.test';
export const LANDING_URL = `${TOOL_URL}/lti/app`;

export interface LoginResult {
  response: Response;
  /** The redirect to the platform's authorization endpoint. */
  location: URL;
  state: string;
  nonce: string;
  cookieName: string;
  /** `name=value`, ready for a Cookie header. */
  cookie: string;
  /** The raw Set-Cookie header. */
  setCookie: string;
}

export interface LaunchOptions extends Omit<IdTokenOptions, 'nonce'> {
  targetLinkUri?: string;
  /** Replaces the signed token (e.g. tamper with it) before it is posted. */
  mutateToken?: (token: string) => string;
  /** Replaces the Cookie header (undefined: the login's cookie; '' sends none). */
  cookie?: string;
  accept?: string;
}

export interface LaunchAttempt {
  login: LoginResult;
  token: string;
  response: Response;
}

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: Record<string, unknown> };
}

/** The whole app on a fixed clock, plus fake platforms registered in its database. */
export class LaunchHarness {
  private readonly platforms: FakePlatform[] = [];

  private constructor(
    readonly app: TestApp,
    readonly clock: FixedClock,
  ) {}

  static async start(env: Record<string, string | undefined> = {}): Promise<LaunchHarness> {
    const clock = new FixedClock(Date.now());
    const app = await startTestApp({ clock, env: { PUBLIC_URL: TOOL_URL, ...env } });
    return new LaunchHarness(app, clock);
  }

  get url(): string {
    return this.app.url;
  }

  /** A fake platform on the harness clock, registered with its deployment unless `register: false`. */
  async platform(
    options: FakePlatformOptions & { register?: false; deploymentIds?: string[]; registeredClientId?: string } = {},
  ): Promise<FakePlatform & { registration?: RegisteredPlatform }> {
    const platform: FakePlatform & { registration?: RegisteredPlatform } = await FakePlatform.start({
      now: () => this.clock.nowSeconds(),
      ...options,
    });
    this.platforms.push(platform);
    if (options.register !== false) {
      platform.registration = await registerFakePlatform(this.app.dataSource, platform, {
        deploymentIds: options.deploymentIds,
        clientId: options.registeredClientId,
      });
    }
    return platform;
  }

  startLogin(
    params: Record<string, string | undefined>,
    method: 'GET' | 'POST' = 'GET',
    accept?: string,
  ): Promise<Response> {
    const defined = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const query = new URLSearchParams(defined).toString();
    const headers: Record<string, string> = accept ? { accept } : {};
    if (method === 'GET') return fetch(`${this.url}/lti/login?${query}`, { redirect: 'manual', headers });
    return fetch(`${this.url}/lti/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: query,
    });
  }

  /** A successful login for `platform`; fails the test when the tool does not redirect. */
  async login(
    platform: FakePlatform,
    params: Record<string, string | undefined> = {},
    method: 'GET' | 'POST' = 'GET',
  ): Promise<LoginResult> {
    const response = await this.startLogin(
      {
        iss: platform.issuer,
        client_id: platform.clientId,
        login_hint: 'hint-42',
        target_link_uri: LANDING_URL,
        ...params,
      },
      method,
    );
    if (response.status !== 302) throw new Error(`login answered ${response.status}: ${await response.text()}`);
    const location = new URL(response.headers.get('location') ?? '');
    const setCookie = response.headers.getSetCookie()[0] ?? '';
    const cookie = setCookie.split(';')[0];
    return {
      response,
      location,
      state: location.searchParams.get('state') ?? '',
      nonce: location.searchParams.get('nonce') ?? '',
      cookieName: cookie.split('=')[0],
      cookie,
      setCookie,
    };
  }

  postLaunch(
    form: Record<string, string | undefined>,
    options: { cookie?: string; accept?: string } = {},
  ): Promise<Response> {
    const defined = Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.accept) headers.accept = options.accept;
    return fetch(`${this.url}/lti/launch`, {
      method: 'POST',
      redirect: 'manual',
      headers,
      body: new URLSearchParams(defined).toString(),
    });
  }

  /** Login, then a token for that login (defaults + overrides), then the form_post. */
  async launch(platform: FakePlatform, options: LaunchOptions = {}): Promise<LaunchAttempt> {
    const login = await this.login(platform, options.targetLinkUri ? { target_link_uri: options.targetLinkUri } : {});
    const claims = platform.claims({
      nonce: login.nonce,
      targetLinkUri: options.targetLinkUri ?? LANDING_URL,
      overrides: options.claims,
    });
    const signed = await platform.sign(claims, options);
    const token = options.mutateToken ? options.mutateToken(signed) : signed;
    const cookie = options.cookie ?? login.cookie;
    const response = await this.postLaunch({ id_token: token, state: login.state }, { cookie, accept: options.accept });
    return { login, token, response };
  }

  /** The launch_id of a successful launch response. */
  static launchId(response: Response): string {
    return new URL(response.headers.get('location') ?? '').searchParams.get('launch_id') ?? '';
  }

  async close(): Promise<void> {
    await Promise.all(this.platforms.map((platform) => platform.close()));
    await this.app.close();
  }
}

export async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as ErrorBody).error.code;
}
