import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK } from 'jose';

/**
 * A fake LTI 1.3 platform for tests and benchmarks: its own RSA keys, its JWKS served by a real
 * node:http server on 127.0.0.1 (counting fetches), key rotation, and an id_token builder with
 * defaults and overrides for every claim and header. Other routes (OAuth2 token, AGS, NRPS) can be
 * added with `route()`.
 */
export interface PlatformKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** SPKI PEM of the public key (for the "HS256 keyed with the public key" attack). */
  publicPem: string;
}

export type RouteHandler = (request: IncomingMessage, body: string, response: ServerResponse) => void | Promise<void>;

export interface FakePlatformOptions {
  issuer?: string;
  clientId?: string;
  deploymentId?: string;
  /** Seconds since the epoch for iat/exp (pass the tool's FixedClock). Default: real time. */
  now?: () => number;
}

export interface IdTokenOptions {
  /** The login's nonce; required unless claims.nonce or omit covers it. */
  nonce?: string;
  /** Merged over the defaults; `undefined` values remove a claim. */
  claims?: Record<string, unknown>;
  /** Merged over { alg: 'RS256', kid: current kid }; `undefined` values remove a member. */
  header?: Record<string, unknown>;
  /** Sign with another private key (e.g. a foreign key under the platform's kid). */
  signingKey?: CryptoKey;
}

export const LTI_CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/';
export const ROLE = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  teachingAssistant: 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
  institutionAdmin: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
  institutionStudent: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student',
  systemAdmin: 'http://purl.imsglobal.org/vocab/lis/v2/system/person#SysAdmin',
};

export async function generatePlatformKey(kid = `platform-${randomUUID()}`): Promise<PlatformKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** Drops members whose override is `undefined`. */
function merge(base: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base, ...overrides };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete merged[key];
  return merged;
}

export class FakePlatform {
  readonly issuer: string;
  readonly clientId: string;
  readonly deploymentId: string;
  url = '';
  /** How many times the JWKS was fetched. */
  jwksFetches = 0;
  /** Keys published in the JWKS; `key` is the one that signs. */
  published: PlatformKey[] = [];
  key: PlatformKey;
  /** Replaces the JWKS answer (to simulate failures): write to `response` yourself. */
  jwksResponder?: (response: ServerResponse) => void;
  private readonly routes = new Map<string, RouteHandler>();
  private server?: Server;
  private readonly now: () => number;

  private constructor(options: FakePlatformOptions) {
    const tag = randomBytes(6).toString('hex');
    this.issuer = options.issuer ?? `https://platform-${tag}.example.edu`;
    this.clientId = options.clientId ?? `client-${tag}`;
    this.deploymentId = options.deploymentId ?? `deployment-${tag}`;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  static async start(options: FakePlatformOptions = {}): Promise<FakePlatform> {
    const platform = new FakePlatform(options);
    platform.key = await generatePlatformKey();
    platform.published = [platform.key];
    platform.route('GET', '/jwks', (_request, _body, response) => platform.serveJwks(response));
    await platform.listen();
    return platform;
  }

  /** The authorization endpoint carries a query parameter of its own, as some LMSs' do. */
  get authEndpoint(): string {
    return `${this.url}/auth?tenant=fake`;
  }
  get jwksUri(): string {
    return `${this.url}/jwks`;
  }
  get tokenEndpoint(): string {
    return `${this.url}/token`;
  }

  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** A new signing key; the JWKS then publishes it (and the old one when `keepOld`). */
  async rotateKey(options: { keepOld?: boolean } = {}): Promise<PlatformKey> {
    const next = await generatePlatformKey();
    this.published = options.keepOld ? [...this.published, next] : [next];
    this.key = next;
    return next;
  }

  /** Default claims of a valid resource link launch, with overrides (undefined removes). */
  claims(
    options: { nonce?: string; targetLinkUri?: string; overrides?: Record<string, unknown> } = {},
  ): Record<string, unknown> {
    const now = this.now();
    return merge(
      {
        iss: this.issuer,
        aud: this.clientId,
        sub: 'user-1234',
        exp: now + 300,
        iat: now,
        nonce: options.nonce,
        name: 'Ada Lovelace',
        given_name: 'Ada',
        family_name: 'Lovelace',
        email: 'ada@example.edu',
        [`${LTI_CLAIM}version`]: '1.3.0',
        [`${LTI_CLAIM}message_type`]: 'LtiResourceLinkRequest',
        [`${LTI_CLAIM}deployment_id`]: this.deploymentId,
        [`${LTI_CLAIM}target_link_uri`]: options.targetLinkUri,
        [`${LTI_CLAIM}resource_link`]: { id: 'link-1', title: 'Week 1 quiz' },
        [`${LTI_CLAIM}roles`]: [ROLE.instructor],
        [`${LTI_CLAIM}context`]: {
          id: 'course-1',
          label: 'CS101',
          title: 'Introduction to Computing',
          type: ['CourseOffering'],
        },
        [`${LTI_CLAIM}tool_platform`]: {
          guid: 'platform-guid',
          name: 'Fake LMS',
          product_family_code: 'fake',
          version: '1.0',
        },
        [`${LTI_CLAIM}launch_presentation`]: {
          document_target: 'iframe',
          return_url: `${this.url}/return`,
          locale: 'en',
        },
        [`${LTI_CLAIM}custom`]: { course_code: 'CS101' },
      },
      options.overrides,
    );
  }

  /** Signs `payload` as a compact JWS (RS256 with the current key unless overridden). */
  async sign(
    payload: Record<string, unknown>,
    options: Pick<IdTokenOptions, 'header' | 'signingKey'> = {},
  ): Promise<string> {
    return this.signText(JSON.stringify(payload), options);
  }

  /** Signs payload text as given (for payloads JSON.stringify cannot produce, e.g. very deep ones). */
  async signText(payload: string, options: Pick<IdTokenOptions, 'header' | 'signingKey'> = {}): Promise<string> {
    const header = merge({ alg: 'RS256', kid: this.key.kid, typ: 'JWT' }, options.header);
    return new CompactSign(Buffer.from(payload))
      .setProtectedHeader(header as { alg: string })
      .sign(options.signingKey ?? this.key.privateKey);
  }

  /** A compact token that is not signed at all (alg none). */
  unsigned(
    payload: Record<string, unknown>,
    header: Record<string, unknown> = { alg: 'none', kid: this.key.kid },
  ): string {
    return `${base64url(header)}.${base64url(payload)}.`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private serveJwks(response: ServerResponse): void {
    this.jwksFetches += 1;
    if (this.jwksResponder) return this.jwksResponder(response);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: this.published.map((key) => key.publicJwk) }));
  }

  private listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = new URL(request.url ?? '/', 'http://x').pathname;
        const handler = this.routes.get(`${request.method} ${path}`);
        if (!handler) {
          response.writeHead(404).end();
          return;
        }
        Promise.resolve(handler(request, Buffer.concat(chunks).toString('utf8'), response)).catch(() => {
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
}
