import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app.config';

/** The tool's own LTI endpoints as platforms and browsers reach them (from PUBLIC_URL). */
@Injectable()
export class LaunchUrls {
  readonly publicUrl: string;
  readonly loginUrl: string;
  /** The one fixed redirect_uri (never the target): registered in the LMS, compared exactly there. */
  readonly redirectUri: string;
  readonly jwksUrl: string;
  readonly targetLinkUri: string;
  readonly setupUrl: string;
  readonly canvasConfigUrl: string;

  constructor(config: AppConfig) {
    this.publicUrl = config.publicUrl;
    this.loginUrl = `${this.publicUrl}/lti/login`;
    this.redirectUri = `${this.publicUrl}/lti/launch`;
    this.jwksUrl = `${this.publicUrl}/.well-known/jwks.json`;
    this.targetLinkUri = `${this.publicUrl}/lti/app`;
    this.setupUrl = `${this.publicUrl}/lti/setup`;
    this.canvasConfigUrl = `${this.publicUrl}/lti/config.json`;
  }
}
