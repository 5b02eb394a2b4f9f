import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import { type INestApplication, ValidationPipe, type ValidationError } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppError } from './common/errors/app.error';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import type { JsonLogger } from './common/logging/json.logger';
import { loggablePath } from './common/logging/loggable-path';
import { requestContext } from './common/logging/request-context';
import type { AppConfig } from './config/app.config';
import { registerMetricsHook } from './metrics/metrics.hook';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Fastify with our limits; request ids come from a sane X-Request-Id or are generated. */
export function buildAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    // deployment_id may be 255 characters and appears in admin paths (Fastify's default is 100).
    routerOptions: { maxParamLength: 512 },
    trustProxy: config.TRUST_PROXY,
    logger: false,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });
}

function flattenValidationErrors(errors: ValidationError[], prefix = ''): { field: string; messages: string[] }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Strict validation for the JSON APIs: unknown fields rejected, per-field messages returned. */
export function buildValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new AppError('VALIDATION_FAILED', { details: flattenValidationErrors(errors) }),
  });
}

function registerRequestHooks(app: NestFastifyApplication, logger: JsonLogger): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    requestContext.enter({ requestId: String(request.id) });
    void reply.header('x-request-id', String(request.id));
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    logger.event(reply.statusCode >= 500 ? 'error' : 'info', 'Http', 'request', {
      method: request.method,
      path: loggablePath(request),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    });
    done();
  });
}

function setupOpenApi(app: INestApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('lti-tool-backend')
      .setDescription('LTI 1.3 tool backend: OIDC login and launch, JWKS, admin API, LTI Advantage.')
      .setVersion('0.1.0')
      .addServer(config.publicUrl)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin token (ADMIN_TOKENS)' }, 'admin')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Launch id from a successful launch' }, 'launch')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

/** Everything the HTTP app needs besides its modules; shared by main.ts and the e2e tests. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig, logger: JsonLogger): Promise<void> {
  app.useLogger(logger);
  registerRequestHooks(app, logger);
  registerMetricsHook(app);
  await app.register(fastifyCookie);
  // Tool pages are shown inside LMS iframes, so no frameguard; HTML pages set their own CSP.
  await app.register(helmet, {
    contentSecurityPolicy: false,
    frameguard: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  app.useGlobalFilters(new HttpExceptionFilter(logger));
  app.useGlobalPipes(buildValidationPipe());
  setupOpenApi(app, config);
  await app.init();
}
