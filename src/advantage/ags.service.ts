import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors/app.error';
import { AppConfig } from '../config/app.config';
import type { AdvantageLaunch } from './advantage-launch';
import { isPrivileged } from './advantage-roles';
import {
  type LineItemDto,
  type ListLineItemsQuery,
  type ResultsQuery,
  type ScoreDto,
  toPlatformLineItem,
} from './ags.dto';
import {
  AGS_MEDIA,
  AGS_SCOPES,
  type AgsContext,
  agsContext,
  requireLineItems,
  requireScope,
  resolveLineItem,
} from './ags.policy';
import {
  asArray,
  LineItemListResponse,
  LineItemResponse,
  ResultListResponse,
  ResultResponse,
  ScorePostedResponse,
} from './ags.response';
import { collectPages, resolvePage } from './pagination';
import { parseJsonBody } from './platform-response.mapper';
import { type Page, PlatformServiceClient, type ServiceCall } from './platform-service.client';
import { appendPath, withQuery } from './platform-url';

const READ_LINE_ITEMS = [AGS_SCOPES.lineItemReadOnly, AGS_SCOPES.lineItem];

/**
 * Assignment and Grade Services 2.0 for one launch: line items (§3.2), scores (§3.4), results
 * (§3.3). Each operation checks, before any platform call: the launch has the AGS claim, the
 * platform granted a scope the operation needs (only that scope is requested), the user's role
 * allows a write, and a line item URL stays inside the launch's endpoints.
 */
@Injectable()
export class AgsService {
  constructor(
    private readonly platform: PlatformServiceClient,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async listLineItems(launch: AdvantageLaunch, query: ListLineItemsQuery): Promise<LineItemListResponse> {
    const context = this.context(launch);
    const scope = requireScope(context, READ_LINE_ITEMS);
    const base = requireLineItems(context);
    const filters = { resource_link_id: query.resourceLinkId, resource_id: query.resourceId, tag: query.tag };
    const first = query.page
      ? resolvePage(query.page, base, this.insecure)
      : withQuery(base, { ...filters, limit: query.limit });
    const page = await this.collect(
      launch,
      'ags.lineitems.list',
      scope,
      AGS_MEDIA.lineItemContainer,
      first,
      base,
      query.limit,
    );
    const lineItems = page.items.map((item) => LineItemResponse.from('ags.lineitems.list', item));
    return Object.assign(new LineItemListResponse(), { lineItems, complete: page.complete, nextPage: page.nextPage });
  }

  async createLineItem(launch: AdvantageLaunch, dto: LineItemDto): Promise<LineItemResponse> {
    const context = this.context(launch);
    const scope = requireScope(context, [AGS_SCOPES.lineItem]);
    this.requirePrivileged(launch);
    const url = requireLineItems(context);
    // Not retried: a POST that timed out may have created the line item already.
    const response = await this.platform.call({
      ...this.base(launch, 'ags.lineitems.create', scope, url, AGS_MEDIA.lineItem),
      method: 'POST',
      contentType: AGS_MEDIA.lineItem,
      json: toPlatformLineItem(dto),
      retryable: false,
    });
    return LineItemResponse.from('ags.lineitems.create', parseJsonBody('ags.lineitems.create', response));
  }

  async getLineItem(launch: AdvantageLaunch, lineItem?: string): Promise<LineItemResponse> {
    const context = this.context(launch);
    const scope = requireScope(context, READ_LINE_ITEMS);
    const url = resolveLineItem(context, lineItem, this.insecure);
    const response = await this.platform.call({
      ...this.base(launch, 'ags.lineitem.get', scope, url, AGS_MEDIA.lineItem),
      method: 'GET',
    });
    return LineItemResponse.from('ags.lineitem.get', parseJsonBody('ags.lineitem.get', response));
  }

  async updateLineItem(
    launch: AdvantageLaunch,
    lineItem: string | undefined,
    dto: LineItemDto,
  ): Promise<LineItemResponse> {
    const context = this.context(launch);
    const scope = requireScope(context, [AGS_SCOPES.lineItem]);
    this.requirePrivileged(launch);
    const url = resolveLineItem(context, lineItem, this.insecure);
    const response = await this.platform.call({
      ...this.base(launch, 'ags.lineitem.update', scope, url, AGS_MEDIA.lineItem),
      method: 'PUT',
      contentType: AGS_MEDIA.lineItem,
      json: { id: url.href, ...toPlatformLineItem(dto) },
    });
    return LineItemResponse.from('ags.lineitem.update', parseJsonBody('ags.lineitem.update', response));
  }

  async deleteLineItem(launch: AdvantageLaunch, lineItem?: string): Promise<void> {
    const context = this.context(launch);
    const scope = requireScope(context, [AGS_SCOPES.lineItem]);
    this.requirePrivileged(launch);
    const url = resolveLineItem(context, lineItem, this.insecure);
    await this.platform.call({
      ...this.base(launch, 'ags.lineitem.delete', scope, url, AGS_MEDIA.lineItem),
      method: 'DELETE',
    });
  }

  /**
   * AGS 2.0 §3.4. The timestamp is fixed before the first attempt, so a retry after a timeout
   * carries the same one and the platform treats it as the same score, not a newer one.
   */
  async postScore(launch: AdvantageLaunch, lineItem: string | undefined, dto: ScoreDto): Promise<ScorePostedResponse> {
    const context = this.context(launch);
    const scope = requireScope(context, [AGS_SCOPES.score]);
    const userId = dto.userId ?? launch.sub;
    const learnerOwnScore = this.config.AGS_LEARNER_WRITES && userId === launch.sub;
    if (!learnerOwnScore) this.requirePrivileged(launch);
    const target = resolveLineItem(context, lineItem, this.insecure);
    const url = appendPath(target, 'scores');
    const timestamp = dto.timestamp ?? this.clock.now().toISOString();
    await this.platform.call({
      ...this.base(launch, 'ags.score', scope, url, 'application/json'),
      method: 'POST',
      contentType: AGS_MEDIA.score,
      json: { ...dto, userId, timestamp },
    });
    return Object.assign(new ScorePostedResponse(), { lineItem: target.href, userId, timestamp });
  }

  /** Learners see only their own result; instructors and administrators any. */
  async listResults(launch: AdvantageLaunch, query: ResultsQuery): Promise<ResultListResponse> {
    const context = this.context(launch);
    const scope = requireScope(context, [AGS_SCOPES.resultReadOnly]);
    const privileged = isPrivileged(launch.roles);
    if (!privileged && query.userId !== undefined && query.userId !== launch.sub)
      throw new AppError('AGS_RESULTS_FORBIDDEN');
    const userId = privileged ? query.userId : launch.sub;
    const base = appendPath(resolveLineItem(context, query.lineItem, this.insecure), 'results');
    const first = query.page
      ? resolvePage(query.page, base, this.insecure)
      : withQuery(base, { user_id: userId, limit: query.limit });
    const page = await this.collect(launch, 'ags.results', scope, AGS_MEDIA.resultContainer, first, base, query.limit);
    const results = page.items
      .map((item) => ResultResponse.from('ags.results', item))
      .filter((result) => privileged || result.userId === launch.sub);
    return Object.assign(new ResultListResponse(), { results, complete: page.complete, nextPage: page.nextPage });
  }

  /** GETs container pages from `first`, following rel="next" within `base`'s origin. */
  private async collect(
    launch: AdvantageLaunch,
    operation: string,
    scope: string,
    accept: string,
    first: URL,
    base: URL,
    limit?: number,
  ): Promise<{ items: unknown[]; complete: boolean; nextPage?: string }> {
    const call = (url: URL): ServiceCall => ({ ...this.base(launch, operation, scope, url, accept), method: 'GET' });
    const fetchPage = (url: URL): Promise<Page> => this.platform.page(call(url), base);
    const collected = await collectPages(first, fetchPage, (body) => asArray(operation, body), limit);
    return { items: collected.items, complete: !collected.next, nextPage: collected.next?.href };
  }

  private get insecure(): boolean {
    return this.config.ALLOW_INSECURE_URLS;
  }

  private context(launch: AdvantageLaunch): AgsContext {
    return agsContext(launch, this.insecure);
  }

  private requirePrivileged(launch: AdvantageLaunch): void {
    if (!isPrivileged(launch.roles)) throw new AppError('AGS_GRADE_WRITE_FORBIDDEN');
  }

  private base(
    launch: AdvantageLaunch,
    operation: string,
    scope: string,
    url: URL,
    accept: string,
  ): Omit<ServiceCall, 'method'> {
    return { operation, launch, scopes: [scope], url, accept, retryable: true };
  }
}
