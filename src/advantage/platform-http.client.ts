import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { JsonLogger } from '../common/logging/json.logger';
import { AppConfig } from '../config/app.config';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface PlatformRequest {
  /** Short name for logs and errors, e.g. "token", "ags.score". */
  operation: string;
  method: HttpMethod;
  url: URL;
  headers?: Record<string, string>;
  /** A function is called once per attempt (a token request needs a fresh client assertion jti). */
  body?: string | (() => Promise<string>);
  /** 5xx and timeouts may be retried: only for requests that are safe to repeat. */
  retryable: boolean;
}

export interface PlatformResponse {
  status: number;
  headers: Headers;
  text: string;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

class RetryableFailure extends Error {
  constructor(
    readonly code: 'PLATFORM_UNAVAILABLE' | 'PLATFORM_TIMEOUT',
    readonly detail: string,
    cause?: unknown,
  ) {
    super(detail, { cause });
  }
}

/**
 * Every call to a platform (token endpoint, AGS, NRPS) goes through here: a per-attempt timeout
 * (PLATFORM_REQUEST_TIMEOUT_MS, covering the body too), bounded retries with exponential backoff
 * on 5xx, timeouts and connection failures only (never on 4xx), redirects never followed (our
 * bearer token must not travel to a host the launch did not name), and a capped body size.
 * Non-5xx responses are returned for the caller to map; errors never carry tokens or bodies.
 */
@Injectable()
export class PlatformHttpClient {
  /** Backoff before retry n (1-based) is base * 2^(n-1), plus up to 50% jitter. */
  backoffBaseMs = 100;

  constructor(
    private readonly config: AppConfig,
    private readonly logger: JsonLogger,
  ) {}

  async send(request: PlatformRequest): Promise<PlatformResponse> {
    const attempts = 1 + (request.retryable ? this.config.PLATFORM_REQUEST_RETRIES : 0);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(request);
      } catch (error) {
        if (!(error instanceof RetryableFailure)) throw error;
        this.logger.event('warn', 'PlatformHttp', 'platform request failed', {
          operation: request.operation,
          host: request.url.host,
          attempt,
          of: attempts,
          failure: error.detail,
        });
        if (attempt >= attempts) {
          throw new AppError(error.code, {
            detail: `${request.operation} ${request.url.host}: ${error.detail}`,
            cause: error.cause,
          });
        }
        await sleep(this.backoffBaseMs * 2 ** (attempt - 1) * (1 + Math.random() / 2));
      }
    }
  }

  private async attempt(request: PlatformRequest): Promise<PlatformResponse> {
    const body = typeof request.body === 'function' ? await request.body() : request.body;
    const signal = AbortSignal.timeout(this.config.PLATFORM_REQUEST_TIMEOUT_MS);
    let response: Response;
    let text: string;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        redirect: 'manual',
        signal,
      });
      text = await readCapped(response);
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (signal.aborted)
        throw new RetryableFailure(
          'PLATFORM_TIMEOUT',
          `no answer within ${this.config.PLATFORM_REQUEST_TIMEOUT_MS} ms`,
        );
      throw new RetryableFailure('PLATFORM_UNAVAILABLE', `connection failed: ${networkReason(error)}`, error);
    }
    if (response.status >= 500) throw new RetryableFailure('PLATFORM_UNAVAILABLE', `HTTP ${response.status}`);
    if (response.status >= 300 && response.status < 400) {
      throw new AppError('PLATFORM_BAD_RESPONSE', {
        detail: `${request.operation}: HTTP ${response.status} redirect not followed`,
      });
    }
    return { status: response.status, headers: response.headers, text };
  }
}

async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new AppError('PLATFORM_BAD_RESPONSE', {
      detail: `response body of ${declared} bytes exceeds ${MAX_BODY_BYTES}`,
    });
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES)
      throw new AppError('PLATFORM_BAD_RESPONSE', { detail: `response body exceeds ${MAX_BODY_BYTES} bytes` });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** undici wraps the socket error in `cause`; its code (ECONNREFUSED...) is what an operator needs. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown';
}
