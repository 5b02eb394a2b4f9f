import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app.error';
import { AppConfig } from '../config/app.config';
import { CLAIM } from '../launch/lti-claims';
import type { AdvantageLaunch } from './advantage-launch';
import { isPrivileged } from './advantage-roles';
import type { MembersQuery } from './nrps.dto';
import { type MembershipContextResponse, MembersResponse, parseMembershipPage } from './nrps.response';
import { collectPages, resolvePage } from './pagination';
import { PlatformServiceClient } from './platform-service.client';
import { parsePlatformUrl, withQuery } from './platform-url';

export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
export const NRPS_MEDIA = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

/**
 * Names and Role Provisioning Services 2.0: the context roster through the launch's
 * context_memberships_url (§2.1), filtered by role and paged by the platform (§2.4). Rosters hold
 * personal data, so only instructors and administrators may read them.
 */
@Injectable()
export class NrpsService {
  constructor(
    private readonly platform: PlatformServiceClient,
    private readonly config: AppConfig,
  ) {}

  async members(launch: AdvantageLaunch, query: MembersQuery): Promise<MembersResponse> {
    const base = this.membershipsUrl(launch);
    if (!isPrivileged(launch.roles)) throw new AppError('NRPS_ROSTER_FORBIDDEN');
    const first = query.page
      ? resolvePage(query.page, base, this.config.ALLOW_INSECURE_URLS)
      : withQuery(base, { role: query.role, limit: query.limit });
    let context: MembershipContextResponse | undefined;
    const collected = await collectPages(
      first,
      (url) =>
        this.platform.page(
          {
            operation: 'nrps.members',
            launch,
            scopes: [NRPS_SCOPE],
            method: 'GET',
            url,
            accept: NRPS_MEDIA,
            retryable: true,
          },
          base,
        ),
      (body) => {
        const page = parseMembershipPage(body);
        context ??= page.context;
        return page.members;
      },
      query.limit,
    );
    return Object.assign(new MembersResponse(), {
      context,
      members: collected.items,
      complete: !collected.next,
      nextPage: collected.next?.href,
    });
  }

  private membershipsUrl(launch: AdvantageLaunch): URL {
    const claim = launch.claims[CLAIM.nrpsService] as unknown;
    const url =
      typeof claim === 'object' && claim !== null
        ? (claim as Record<string, unknown>).context_memberships_url
        : undefined;
    if (url === undefined)
      throw new AppError('NRPS_NOT_AVAILABLE', { detail: `launch ${launch.launchId} has no NRPS claim` });
    return parsePlatformUrl(url, this.config.ALLOW_INSECURE_URLS, 'context_memberships_url');
  }
}
