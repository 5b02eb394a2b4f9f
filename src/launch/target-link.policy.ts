import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { AppConfig } from '../config/app.config';

/**
 * Where a launch may end: the tool's public origin or an ALLOWED_TARGET_ORIGINS origin
 * (LTI-SECURITY.md, login). Parsed origins are compared, never string prefixes, so
 * `https://tool.example.edu.evil.com` or `https://tool.example.edu@evil.com` do not pass.
 */
@Injectable()
export class TargetLinkPolicy {
  private readonly origins: ReadonlySet<string>;

  constructor(config: AppConfig) {
    this.origins = new Set([config.publicUrl, ...config.ALLOWED_TARGET_ORIGINS].map((url) => new URL(url).origin));
  }

  isAllowed(uri: string): boolean {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return false;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
    if (url.username !== '' || url.password !== '') return false;
    return this.origins.has(url.origin);
  }

  check(uri: string): void {
    if (!this.isAllowed(uri))
      throw new AppError('LTI_TARGET_LINK_URI_NOT_ALLOWED', { details: { targetLinkUri: uri } });
  }
}
