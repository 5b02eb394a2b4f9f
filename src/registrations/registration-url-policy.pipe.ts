import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { AppConfig } from '../config/app.config';

const URL_FIELDS = ['authEndpoint', 'jwksUri', 'tokenEndpoint'] as const;
type UrlFields = Partial<Record<(typeof URL_FIELDS)[number], string>>;

/**
 * Platform endpoints must be https: the id_token keys (jwksUri) and the OAuth2 client assertion
 * (tokenEndpoint) travel over them. Plain http only with ALLOW_INSECURE_URLS, which the config
 * loader refuses in production. Runs after the global ValidationPipe (the fields are URLs by then).
 */
@Injectable()
export class RegistrationUrlPolicyPipe implements PipeTransform<UrlFields, UrlFields> {
  constructor(private readonly config: AppConfig) {}

  transform(body: UrlFields): UrlFields {
    if (this.config.ALLOW_INSECURE_URLS) return body;
    const details = URL_FIELDS.filter((field) => body[field] !== undefined && !/^https:\/\//i.test(body[field])).map(
      (field) => ({
        field,
        messages: [
          `${field} must be an https:// URL (http:// is accepted only with ALLOW_INSECURE_URLS=true in development)`,
        ],
      }),
    );
    if (details.length > 0) throw new AppError('VALIDATION_FAILED', { details });
    return body;
  }
}
