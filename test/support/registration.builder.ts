import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app';
import { TEST_ADMIN_TOKEN } from './test-env';

/** Body of POST /admin/registrations. */
export interface RegistrationInput {
  issuer: string;
  clientId: string;
  authEndpoint: string;
  jwksUri: string;
  tokenEndpoint: string;
  name?: string | null;
  deploymentIds?: string[];
}

/** The JSON of a registration as the admin API returns it. */
export interface RegistrationBody extends Required<Omit<RegistrationInput, 'deploymentIds'>> {
  id: string;
  kid: string;
  pendingKid: string | null;
  pendingActivatesAt: string | null;
  deployments: { deploymentId: string; createdAt: string }[];
  createdAt: string;
  updatedAt: string;
}

/** Unique per call across workers and runs (tests share databases, see the brief). */
export function uniqueSuffix(): string {
  return `${process.pid.toString(36)}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

/** A valid create body with a unique issuer and clientId; overrides win (extra keys are kept, to test rejection). */
export function registrationInput(
  overrides: Partial<RegistrationInput> | Record<string, unknown> = {},
): RegistrationInput {
  const suffix = uniqueSuffix();
  const origin = `https://lms-${suffix}.example.edu`;
  return {
    issuer: origin,
    clientId: `client-${suffix}`,
    authEndpoint: `${origin}/api/lti/authorize_redirect`,
    jwksUri: `${origin}/api/lti/security/jwks`,
    tokenEndpoint: `${origin}/login/oauth2/token`,
    name: `Test LMS ${suffix}`,
    deploymentIds: ['1'],
    ...(overrides as Partial<RegistrationInput>),
  };
}

/** fetch against the admin API with a bearer token (TEST_ADMIN_TOKEN unless given; null sends none). */
export function adminFetch(
  t: Pick<TestApp, 'url'>,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TEST_ADMIN_TOKEN,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${t.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** Creates a registration through the admin API and returns its JSON; throws unless 201. */
export async function createRegistration(
  t: Pick<TestApp, 'url'>,
  overrides: Partial<RegistrationInput> = {},
): Promise<RegistrationBody> {
  const res = await adminFetch(t, 'POST', '/admin/registrations', registrationInput(overrides));
  if (res.status !== 201) throw new Error(`create registration: ${res.status} ${await res.text()}`);
  return (await res.json()) as RegistrationBody;
}

/** The error body of a failed admin call, after checking its status. */
export async function errorOf(
  res: Response,
  status: number,
): Promise<{ code: string; details?: { field: string; messages: string[] }[] }> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return (JSON.parse(text) as { error: { code: string; details?: { field: string; messages: string[] }[] } }).error;
}
