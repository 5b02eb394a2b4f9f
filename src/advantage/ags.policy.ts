import { AppError } from '../common/errors/app.error';
import { CLAIM } from '../launch/lti-claims';
import type { AdvantageLaunch } from './advantage-launch';
import { isBelow, parsePlatformUrl } from './platform-url';

const SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/';

/** AGS 2.0 §3.1 scopes. */
export const AGS_SCOPES = {
  lineItem: `${SCOPE}lineitem`,
  lineItemReadOnly: `${SCOPE}lineitem.readonly`,
  resultReadOnly: `${SCOPE}result.readonly`,
  score: `${SCOPE}score`,
} as const;

/** AGS 2.0 media types (§3.2, §3.3, §3.4). */
export const AGS_MEDIA = {
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  resultContainer: 'application/vnd.ims.lis.v2.resultcontainer+json',
} as const;

export interface AgsContext {
  granted: string[];
  lineItems?: URL;
  lineItem?: URL;
}

/** The launch's AGS endpoint claim (AGS 2.0 §3.1), or AGS_NOT_AVAILABLE. */
export function agsContext(launch: AdvantageLaunch, allowInsecure: boolean): AgsContext {
  const claim = launch.claims[CLAIM.agsEndpoint] as unknown;
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) {
    throw new AppError('AGS_NOT_AVAILABLE', { detail: `launch ${launch.launchId} has no AGS endpoint claim` });
  }
  const { scope, lineitems, lineitem } = claim as Record<string, unknown>;
  return {
    granted: Array.isArray(scope) ? scope.filter((s): s is string => typeof s === 'string') : [],
    lineItems: lineitems === undefined ? undefined : parsePlatformUrl(lineitems, allowInsecure, 'AGS lineitems'),
    lineItem: lineitem === undefined ? undefined : parsePlatformUrl(lineitem, allowInsecure, 'AGS lineitem'),
  };
}

/**
 * The first of `preferred` that the platform granted; request only that one (least privilege).
 * None granted: AGS_SCOPE_NOT_GRANTED, without calling the platform.
 */
export function requireScope(context: AgsContext, preferred: string[]): string {
  const scope = preferred.find((candidate) => context.granted.includes(candidate));
  if (!scope) throw new AppError('AGS_SCOPE_NOT_GRANTED', { detail: `needs one of ${preferred.join(', ')}` });
  return scope;
}

/** The launch's line items container; a launch may carry only `lineitem` (AGS 2.0 §3.1). */
export function requireLineItems(context: AgsContext): URL {
  if (!context.lineItems) throw new AppError('AGS_NOT_AVAILABLE', { detail: 'AGS claim has no lineitems endpoint' });
  return context.lineItems;
}

/**
 * The line item a request names (query `lineItem`), defaulting to the launch's own `lineitem`.
 * A client-supplied URL must be that `lineitem` or lie below the launch's `lineitems` endpoint
 * (same origin, path prefix): our bearer token never goes to a URL the platform did not give (SSRF).
 */
export function resolveLineItem(context: AgsContext, requested: string | undefined, allowInsecure: boolean): URL {
  if (requested === undefined) {
    if (!context.lineItem) throw new AppError('AGS_LINE_ITEM_REQUIRED');
    return context.lineItem;
  }
  let url: URL;
  try {
    url = parsePlatformUrl(requested, allowInsecure, 'lineItem');
  } catch {
    throw new AppError('AGS_LINE_ITEM_URL_NOT_ALLOWED', { detail: 'not an allowed absolute URL' });
  }
  if (context.lineItem && url.href === context.lineItem.href) return url;
  if (context.lineItems && isBelow(url, context.lineItems)) return url;
  throw new AppError('AGS_LINE_ITEM_URL_NOT_ALLOWED', {
    detail: `${url.origin}${url.pathname} is outside the launch's endpoints`,
  });
}
