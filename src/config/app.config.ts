import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import { toBoolean, toInt, toList } from './env.transform';

/**
 * Every setting of the service, read from the environment once at boot (see config.loader.ts).
 * Property names are the environment variable names so that a validation message names the
 * variable an operator has to fix. Defaults are the documented ones in .env.example and README.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  // --- HTTP -------------------------------------------------------------------------------
  @IsString()
  HOST = '0.0.0.0';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Public origin of the tool (what platforms and browsers reach), e.g. https://lti.example.edu */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 131072;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  /** Development only: accept http:// platform URLs (refused with NODE_ENV=production). */
  @Transform(toBoolean)
  @IsBoolean()
  ALLOW_INSECURE_URLS = false;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120000)
  SHUTDOWN_TIMEOUT_MS = 10000;

  // --- Database ---------------------------------------------------------------------------
  /** PostgreSQL URL. Unset: an embedded PostgreSQL (PGlite) is started in DATA_DIR. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  DATABASE_CONNECT_TIMEOUT_MS = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  DATABASE_QUERY_TIMEOUT_MS = 5000;

  @IsString()
  @MinLength(1)
  DATA_DIR = '.data';

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  // --- Admin API --------------------------------------------------------------------------
  /** Comma-separated bearer tokens for /admin (several so they can be rotated), >= 32 chars each. */
  @Transform(toList)
  @IsString({ each: true })
  @MinLength(32, { each: true })
  ADMIN_TOKENS: string[] = [];

  /** File holding admin tokens, one per line (a mounted secret). */
  @IsOptional()
  @IsString()
  ADMIN_TOKENS_FILE?: string;

  // --- Tool signing keys ------------------------------------------------------------------
  /** Key-encryption keys: comma-separated `id:base64(32 bytes)`; the first encrypts, all decrypt. */
  @Transform(toList)
  @IsString({ each: true })
  KEY_ENCRYPTION_KEYS: string[] = [];

  /** File holding key-encryption keys, one `id:base64` per line (a mounted secret). */
  @IsOptional()
  @IsString()
  KEY_ENCRYPTION_KEYS_FILE?: string;

  @Transform(toInt)
  @IsIn([2048, 3072, 4096])
  KEY_SIZE_BITS = 2048;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  JWKS_MAX_AGE_SECONDS = 300;

  /** How long a retired key stays published (must exceed JWKS max-age + signed token lifetime). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  KEY_RETIREMENT_GRACE_SECONDS = 172800;

  /** Lifetime of JWTs the tool signs (deep linking responses, client assertions). */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(3600)
  SIGNED_TOKEN_LIFETIME_SECONDS = 300;

  // --- Login and launch -------------------------------------------------------------------
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(3600)
  NONCE_TTL_SECONDS = 600;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(604800)
  LAUNCH_TTL_SECONDS = 3600;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  CLOCK_TOLERANCE_SECONDS = 10;

  /** Oldest id_token (by iat) accepted at launch. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(3600)
  ID_TOKEN_MAX_AGE_SECONDS = 300;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(1048576)
  ID_TOKEN_MAX_BYTES = 65536;

  /** State cookie `SameSite=None; Secure` (needed inside LMS iframes); false only for plain-http development. */
  @Transform(toBoolean)
  @IsBoolean()
  STATE_COOKIE_SECURE = true;

  /** Extra origins (besides PUBLIC_URL) that a login's target_link_uri may point at. */
  @Transform(toList)
  @IsUrl({ require_tld: false, require_protocol: true }, { each: true })
  ALLOWED_TARGET_ORIGINS: string[] = [];

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(30000)
  PLATFORM_JWKS_TIMEOUT_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  PLATFORM_JWKS_COOLDOWN_SECONDS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400)
  PLATFORM_JWKS_CACHE_MAX_AGE_SECONDS = 600;

  /** In-process cache of registration and deployment lookups (also bounds cross-instance staleness). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  REGISTRATION_CACHE_TTL_MS = 5000;

  // --- LTI Advantage ----------------------------------------------------------------------
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  PLATFORM_REQUEST_TIMEOUT_MS = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(5)
  PLATFORM_REQUEST_RETRIES = 2;

  /** Let learners post scores (off: only instructors and administrators write grades). */
  @Transform(toBoolean)
  @IsBoolean()
  AGS_LEARNER_WRITES = false;

  // --- Maintenance ------------------------------------------------------------------------
  @Transform(toBoolean)
  @IsBoolean()
  MAINTENANCE_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  MAINTENANCE_INTERVAL_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(100000)
  MAINTENANCE_BATCH_SIZE = 5000;

  // --- Metrics ----------------------------------------------------------------------------
  @Transform(toBoolean)
  @IsBoolean()
  METRICS_ENABLED = true;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  METRICS_TOKEN?: string;

  /** Resolved by the loader: PUBLIC_URL or http://localhost:PORT. */
  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/+$/, '');
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}
