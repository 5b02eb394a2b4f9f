import { randomBytes } from 'node:crypto';
import type { Agent } from 'node:http';
import type { Pool } from 'pg';
import type { FakePlatform } from '../test/support/fake-platform';
import { call, type Op } from './load-generator';

/** The operations the launch bench and the event-loop phase drive: login, launch, and their SQL alone. */
const PUBLIC_URL = 'http://127.0.0.1';
export const TARGET = `${PUBLIC_URL}/lti/app`;
const TOOL_POOL_SIZE = process.env.BENCH_TOOL_POOL ?? '10';

export interface Login {
  state: string;
  nonce: string;
  cookie: string;
}

export interface Form {
  body: string;
  cookie: string;
}

export interface ToolSetup {
  env: Record<string, string>;
  adminToken: string;
  poolSize: number;
}

/** The service's environment: production-like, except plain-http URLs (loopback) and no scheduled maintenance. */
export function toolSetup(databaseUrl: string): ToolSetup {
  const adminToken = randomBytes(32).toString('hex');
  const env = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_URL,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: TOOL_POOL_SIZE,
    LOG_LEVEL: 'error',
    MAINTENANCE_ENABLED: 'false',
    ALLOW_INSECURE_URLS: 'true',
    ADMIN_TOKENS: adminToken,
    KEY_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  };
  return { env, adminToken, poolSize: Number(TOOL_POOL_SIZE) };
}

/** GET /lti/login; each 302 yields the state, nonce and cookie a launch needs (pushed to `harvest`). */
export function loginOp(toolUrl: string, platform: FakePlatform, agent: Agent, harvest: Login[]): Op {
  const base = new URL(toolUrl);
  const query = new URLSearchParams({
    iss: platform.issuer,
    client_id: platform.clientId,
    login_hint: 'bench',
    target_link_uri: TARGET,
  });
  const path = `/lti/login?${query.toString()}`;
  return async () => {
    const res = await call(agent, base, 'GET', path);
    if (res.status !== 302) return false;
    const location = new URL(String(res.headers.location));
    const cookie = (res.headers['set-cookie']?.[0] ?? '').split(';')[0];
    harvest.push({ state: location.searchParams.get('state')!, nonce: location.searchParams.get('nonce')!, cookie });
    return true;
  };
}

/** POST /lti/launch with the i-th pre-signed form. */
export function launchOp(toolUrl: string, agent: Agent, forms: Form[]): Op {
  const base = new URL(toolUrl);
  return async (i) => {
    const { body, cookie } = forms[i];
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      cookie,
    };
    return (await call(agent, base, 'POST', '/lti/launch', headers, body)).status === 302;
  };
}

/** The database work of one login + launch straight through pg: the statements the repositories run. */
export function databaseOp(pool: Pool, registrationId: string, issuer: string, claimsJson: string): Op {
  return async () => {
    const nonce = randomBytes(32).toString('base64url');
    const stateHash = randomBytes(32).toString('hex');
    const now = new Date();
    await pool.query(
      `INSERT INTO "lti_nonces" ("nonce", "issuer", "registration_id", "state_hash", "target_link_uri", "created_at")
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [nonce, issuer, registrationId, stateHash, TARGET, now],
    );
    const consumed = await pool.query(
      `DELETE FROM "lti_nonces" WHERE "nonce" = $1 AND "issuer" = $2 AND "state_hash" = $3 AND "created_at" > $4
       RETURNING "registration_id", "target_link_uri"`,
      [nonce, issuer, stateHash, new Date(now.getTime() - 600_000)],
    );
    await pool.query(
      `INSERT INTO "lti_launches" ("id", "registration_id", "deployment_id", "message_type", "claims", "created_at", "expires_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        randomBytes(32).toString('base64url'),
        registrationId,
        'bench',
        'LtiResourceLinkRequest',
        claimsJson,
        now,
        new Date(now.getTime() + 3_600_000),
      ],
    );
    return consumed.rowCount === 1;
  };
}

/** Signed before the measurement, several in flight, so the generator's RSA signing is not measured. */
export async function presign(platform: FakePlatform, logins: Login[]): Promise<Form[]> {
  const forms: Form[] = [];
  for (let i = 0; i < logins.length; i += 64) {
    const batch = logins.slice(i, i + 64);
    const tokens = await Promise.all(
      batch.map((login) => platform.sign(platform.claims({ nonce: login.nonce, targetLinkUri: TARGET }))),
    );
    tokens.forEach((token, j) =>
      forms.push({
        body: new URLSearchParams({ id_token: token, state: batch[j].state }).toString(),
        cookie: batch[j].cookie,
      }),
    );
  }
  return forms;
}
