import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

/**
 * The LTI Advantage side of a fake platform, as a real node:http server on 127.0.0.1: an OAuth2
 * token endpoint that verifies our RFC 7523 client assertions against the tool's JWKS over HTTP
 * (and refuses a reused jti, an expired assertion or a wrong aud), AGS line items / scores /
 * results and an NRPS roster, both paged with Link rel="next", checking media types and scopes.
 * Faults (status codes, a request that never answers) can be injected per path.
 */
export const AGS_SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
};
export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
export const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
export const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';

const MEDIA = {
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
  membership: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
};

export interface TokenRequestRecord {
  status: number;
  error?: string;
  kid?: string;
  jti?: string;
  scope: string;
  assertion: string;
  aud?: unknown;
}

export interface ServiceRequestRecord {
  method: string;
  path: string;
  query: string;
  accept?: string;
  contentType?: string;
  scopes: string[];
  body: string;
}

export interface Fault {
  /** Path prefix (pathname) and optional method the fault applies to. */
  path: string;
  method?: string;
  /** Answer this status, or never answer at all. */
  status?: number;
  hang?: boolean;
  /** How many requests it affects (default: all). */
  times?: number;
}

export interface FakeServicesOptions {
  /** Our tool's JWKS URL (the running app), fetched by the token endpoint over HTTP. */
  toolJwksUrl: string;
  clientId: string;
  /** Milliseconds since the epoch (share the tool's FixedClock). */
  now: () => number;
}

interface Member {
  user_id: string;
  roles: string[];
  name?: string;
  email?: string;
  status?: string;
}

interface LineItem {
  id: string;
  scoreMaximum: number;
  label: string;
  [member: string]: unknown;
}

export class FakePlatformServices {
  url = '';
  /** Seconds the platform's clock runs ahead of the tool's (large: our assertions look expired). */
  clockOffsetSeconds = 0;
  tokenLifetimeSeconds = 3600;
  /** What the token endpoint accepts as `aud` (default: its own URL). */
  expectedAudience?: string;
  /** Every request received, faulted ones included. */
  readonly hits: { method: string; path: string }[] = [];
  readonly tokenRequests: TokenRequestRecord[] = [];
  readonly serviceRequests: ServiceRequestRecord[] = [];
  readonly scores: { lineItemPath: string; score: Record<string, unknown> }[] = [];
  readonly lineItems = new Map<string, LineItem>();
  members: Member[] = [];
  /** Page size when the tool sends no limit. */
  pageSize = 2;
  private readonly faults: Fault[] = [];
  private readonly seenJti = new Set<string>();
  private readonly tokens = new Map<string, string[]>();
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private server?: Server;
  private nextLineItem = 1;

  private constructor(private readonly options: FakeServicesOptions) {
    // No cooldown: after a key rotation the next assertion's new kid triggers a refetch at once.
    this.jwks = createRemoteJWKSet(new URL(options.toolJwksUrl), { cooldownDuration: 0, timeoutDuration: 5000 });
  }

  static async start(options: FakeServicesOptions): Promise<FakePlatformServices> {
    const services = new FakePlatformServices(options);
    await services.listen();
    return services;
  }

  get tokenEndpoint(): string {
    return `${this.url}/token`;
  }
  /** Moodle-style: the container URL carries a query string of its own. */
  get lineItemsUrl(): string {
    return `${this.url}/ags/course-1/lineitems?type_id=7`;
  }
  get membershipsUrl(): string {
    return `${this.url}/nrps/course-1/memberships`;
  }

  /** Claims of a launch offering AGS (with the given scopes) and NRPS. */
  serviceClaims(scopes: string[] = Object.values(AGS_SCOPE), lineItem?: string): Record<string, unknown> {
    return {
      [AGS_CLAIM]: { scope: scopes, lineitems: this.lineItemsUrl, ...(lineItem ? { lineitem: lineItem } : {}) },
      [NRPS_CLAIM]: { context_memberships_url: this.membershipsUrl, service_versions: ['2.0'] },
    };
  }

  /** Adds a line item directly; returns its URL (id). */
  addLineItem(label: string, scoreMaximum = 100, extra: Record<string, unknown> = {}): string {
    return this.storeLineItem({ label, scoreMaximum, ...extra });
  }

  private storeLineItem(fields: Record<string, unknown>): string {
    const n = this.nextLineItem++;
    const id = `${this.url}/ags/course-1/lineitems/${n}/lineitem?type_id=7`;
    this.lineItems.set(String(n), { ...fields, id } as LineItem);
    return id;
  }

  fault(fault: Fault): void {
    this.faults.push({ times: Number.POSITIVE_INFINITY, ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** How many requests (faulted ones included) reached paths starting with `prefix`. */
  hitCount(prefix: string): number {
    return this.hits.filter((hit) => hit.path.startsWith(prefix)).length;
  }

  /** Service requests whose path starts with `prefix`. */
  requestsTo(prefix: string): ServiceRequestRecord[] {
    return this.serviceRequests.filter((request) => request.path.startsWith(prefix));
  }

  /** A token request as the tool would send it, for replay tests. */
  postToken(form: Record<string, string>): Promise<Response> {
    return fetch(this.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.dispatch(request, Buffer.concat(chunks).toString('utf8'), response).catch(() => {
          if (!response.headersSent) response.writeHead(500);
          response.end();
        });
      });
    });
    return new Promise((resolve) => {
      this.server!.listen(0, '127.0.0.1', () => {
        this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
        resolve();
      });
    });
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => path.startsWith(f.path) && (!f.method || f.method === method) && (f.times ?? 0) > 0,
    );
    if (fault) fault.times = (fault.times ?? 1) - 1;
    return fault;
  }

  private async dispatch(request: IncomingMessage, body: string, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const method = request.method ?? 'GET';
    this.hits.push({ method, path: url.pathname });
    const fault = this.takeFault(method, url.pathname);
    if (fault?.hang) return; // never answers; close() ends the socket
    if (fault?.status) return json(response, fault.status, { error: 'injected' });
    if (method === 'POST' && url.pathname === '/token') return this.token(body, response);
    const scopes = this.authorize(request);
    this.serviceRequests.push({
      method,
      path: url.pathname,
      query: url.search,
      accept: request.headers.accept,
      contentType: request.headers['content-type'],
      scopes: scopes ?? [],
      body,
    });
    if (!scopes) return json(response, 401, { error: 'invalid_token' });
    if (url.pathname.startsWith('/ags/')) return this.ags(method, url, body, scopes, request, response);
    if (url.pathname === '/nrps/course-1/memberships' && method === 'GET')
      return this.nrps(url, scopes, request, response);
    json(response, 404, { error: 'not_found' });
  }

  private authorize(request: IncomingMessage): string[] | undefined {
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    return match ? this.tokens.get(match[1]) : undefined;
  }

  // --- OAuth2 token endpoint (RFC 6749 §4.4, RFC 7523 §3) -----------------------------------
  private async token(body: string, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(body);
    const assertion = form.get('client_assertion') ?? '';
    const scope = form.get('scope') ?? '';
    const record: TokenRequestRecord = { status: 400, scope, assertion };
    this.tokenRequests.push(record);
    const refuse = (status: number, error: string): void => {
      Object.assign(record, { status, error });
      json(response, status, { error, error_description: 'refused by the fake platform' });
    };
    if (form.get('grant_type') !== 'client_credentials') return refuse(400, 'unsupported_grant_type');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return refuse(400, 'invalid_client');
    try {
      record.kid = decodeProtectedHeader(assertion).kid;
    } catch {
      return refuse(401, 'invalid_client');
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(assertion, this.jwks, {
        algorithms: ['RS256'],
        issuer: this.options.clientId,
        subject: this.options.clientId,
        audience: this.expectedAudience ?? this.tokenEndpoint,
        requiredClaims: ['iat', 'exp', 'jti'],
        currentDate: new Date(this.options.now() + this.clockOffsetSeconds * 1000),
      }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      return refuse(
        code === 'ERR_JWT_EXPIRED' ? 400 : 401,
        code === 'ERR_JWT_EXPIRED' ? 'invalid_grant' : 'invalid_client',
      );
    }
    Object.assign(record, { jti: payload.jti, aud: payload.aud });
    if (typeof payload.aud !== 'string') return refuse(401, 'invalid_client');
    if (typeof payload.jti !== 'string' || this.seenJti.has(payload.jti)) return refuse(400, 'invalid_grant');
    this.seenJti.add(payload.jti);
    const known = [...Object.values(AGS_SCOPE), NRPS_SCOPE];
    const requested = scope.split(' ').filter(Boolean);
    if (requested.length === 0 || requested.some((s) => !known.includes(s))) return refuse(400, 'invalid_scope');
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, requested);
    record.status = 200;
    json(response, 200, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.tokenLifetimeSeconds,
      scope,
    });
  }

  // --- AGS 2.0 --------------------------------------------------------------------------------
  private ags(
    method: string,
    url: URL,
    body: string,
    scopes: string[],
    request: IncomingMessage,
    response: ServerResponse,
  ): void {
    const path = url.pathname;
    const accept = request.headers.accept ?? '';
    const contentType = request.headers['content-type'] ?? '';
    const can = (...needed: string[]): boolean => needed.some((s) => scopes.includes(s));
    if (url.searchParams.get('type_id') !== '7') return json(response, 400, { error: 'type_id lost' });
    if (path === '/ags/course-1/lineitems') {
      if (method === 'GET') {
        if (!can(AGS_SCOPE.lineItem, AGS_SCOPE.lineItemReadOnly)) return json(response, 403, {});
        if (!accept.includes(MEDIA.lineItemContainer)) return json(response, 406, {});
        const items = [...this.lineItems.values()].filter(
          (item) => !url.searchParams.get('tag') || item.tag === url.searchParams.get('tag'),
        );
        return this.paged(url, items, response, MEDIA.lineItemContainer, (page) => page);
      }
      if (method === 'POST') {
        if (!can(AGS_SCOPE.lineItem)) return json(response, 403, {});
        if (!contentType.includes(MEDIA.lineItem)) return json(response, 415, {});
        const id = this.storeLineItem(JSON.parse(body) as Record<string, unknown>);
        return json(
          response,
          201,
          [...this.lineItems.values()].find((item) => item.id === id),
          MEDIA.lineItem,
        );
      }
    }
    const match = /^\/ags\/course-1\/lineitems\/(\d+)\/lineitem(\/scores|\/results)?$/.exec(path);
    const item = match ? this.lineItems.get(match[1]) : undefined;
    if (!match || !item) return json(response, 404, {});
    if (match[2] === '/scores' && method === 'POST') {
      if (!can(AGS_SCOPE.score)) return json(response, 403, {});
      if (!contentType.includes(MEDIA.score)) return json(response, 415, {});
      this.scores.push({
        lineItemPath: path.replace(/\/scores$/, ''),
        score: JSON.parse(body) as Record<string, unknown>,
      });
      return void response.writeHead(204).end();
    }
    if (match[2] === '/results' && method === 'GET') {
      if (!can(AGS_SCOPE.resultReadOnly)) return json(response, 403, {});
      if (!accept.includes(MEDIA.resultContainer)) return json(response, 406, {});
      const results = this.scores
        .filter((s) => s.lineItemPath === path.replace(/\/results$/, ''))
        .filter((s) => !url.searchParams.get('user_id') || s.score.userId === url.searchParams.get('user_id'))
        .map((s, i) => ({
          id: `${item.id}/results/${i}`,
          scoreOf: item.id,
          userId: s.score.userId,
          resultScore: s.score.scoreGiven,
          resultMaximum: s.score.scoreMaximum,
        }));
      return this.paged(url, results, response, MEDIA.resultContainer, (page) => page);
    }
    return this.lineItem(method, match[1], item, body, scopes, request, response);
  }

  private lineItem(
    method: string,
    n: string,
    item: LineItem,
    body: string,
    scopes: string[],
    request: IncomingMessage,
    response: ServerResponse,
  ): void {
    const write = scopes.includes(AGS_SCOPE.lineItem);
    if (method === 'GET') {
      if (!write && !scopes.includes(AGS_SCOPE.lineItemReadOnly)) return json(response, 403, {});
      if (!(request.headers.accept ?? '').includes(MEDIA.lineItem)) return json(response, 406, {});
      return json(response, 200, item, MEDIA.lineItem);
    }
    if (!write) return json(response, 403, {});
    if (method === 'PUT') {
      if (!(request.headers['content-type'] ?? '').includes(MEDIA.lineItem)) return json(response, 415, {});
      const updated = { ...(JSON.parse(body) as Record<string, unknown>), id: item.id } as LineItem;
      this.lineItems.set(n, updated);
      return json(response, 200, updated, MEDIA.lineItem);
    }
    if (method === 'DELETE') {
      this.lineItems.delete(n);
      return void response.writeHead(204).end();
    }
    json(response, 405, {});
  }

  // --- NRPS 2.0 -------------------------------------------------------------------------------
  private nrps(url: URL, scopes: string[], request: IncomingMessage, response: ServerResponse): void {
    if (!scopes.includes(NRPS_SCOPE)) return json(response, 403, {});
    if (!(request.headers.accept ?? '').includes(MEDIA.membership)) return json(response, 406, {});
    const role = url.searchParams.get('role');
    const members = this.members.filter(
      (m) => !role || m.roles.includes(role) || m.roles.some((r) => r.endsWith(`#${role}`)),
    );
    this.paged(url, members, response, MEDIA.membership, (page) => ({
      id: url.href,
      context: { id: 'course-1', label: 'CS101', title: 'Introduction to Computing' },
      members: page,
    }));
  }

  /** Pages by `from`/`limit` with an absolute Link rel="next" that keeps the other query parameters. */
  private paged<T>(url: URL, all: T[], response: ServerResponse, type: string, wrap: (page: T[]) => unknown): void {
    const from = Number(url.searchParams.get('from') ?? '0');
    const limit = Number(url.searchParams.get('limit') ?? this.pageSize);
    const page = all.slice(from, from + limit);
    const headers: Record<string, string> = {};
    if (from + limit < all.length) {
      const next = new URL(url.href);
      next.searchParams.set('from', String(from + limit));
      next.searchParams.set('limit', String(limit));
      headers.link = `<${next.href}>; rel="next", <${url.href}>; rel="self"`;
    }
    json(response, 200, wrap(page), type, headers);
  }
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': type, ...headers });
  response.end(JSON.stringify(body));
}
