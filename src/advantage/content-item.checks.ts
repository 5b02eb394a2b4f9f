import { AppError } from '../common/errors/app.error';
import type { DeepLinkingSettingsClaim } from '../launch/lti-claims';

type Item = Record<string, unknown>;

/** Members that must be http(s) URLs when present (Deep Linking 2.0 §3.1-§3.6). */
const URL_MEMBERS = ['url', 'embedUrl'] as const;
/** Members that a type requires (Deep Linking 2.0 §3.2 link, §3.3 ltiResourceLink, §3.4 file, §3.5 html, §3.6 image). */
const REQUIRED: Record<string, string[]> = { link: ['url'], file: ['url'], image: ['url'], html: ['html'] };
/** Presentation members and the document target each one asks for (§3.2, accept_presentation_document_targets). */
const TARGETS = { iframe: 'iframe', window: 'window', embed: 'embed' } as const;

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
}

function invalid(index: number, problem: string): AppError {
  return new AppError('DEEP_LINKING_ITEM_INVALID', { details: [{ index, problem }] });
}

function checkShape(item: Item, index: number): void {
  if (typeof item.type !== 'string' || item.type.length === 0 || item.type.length > 255) {
    throw invalid(index, 'type must be a non-empty string');
  }
  for (const member of REQUIRED[item.type] ?? []) {
    if (typeof item[member] !== 'string' || item[member] === '')
      throw invalid(index, `${item.type} items need ${member}`);
  }
  for (const member of URL_MEMBERS) {
    if (item[member] !== undefined && !isHttpUrl(item[member]))
      throw invalid(index, `${member} must be an http(s) URL`);
  }
  for (const member of ['icon', 'thumbnail'] as const) {
    const image = item[member];
    if (image !== undefined && !(typeof image === 'object' && image !== null && isHttpUrl((image as Item).url))) {
      throw invalid(index, `${member}.url must be an http(s) URL`);
    }
  }
  const lineItem = item.lineItem;
  if (lineItem !== undefined) {
    const max = (lineItem as Item | null)?.scoreMaximum;
    if (typeof lineItem !== 'object' || lineItem === null || typeof max !== 'number' || !(max > 0)) {
      throw invalid(index, 'lineItem.scoreMaximum must be a number above 0');
    }
  }
}

/**
 * Checks the items a tool returns against the request's deep_linking_settings (Deep Linking 2.0
 * §4.1): each type listed in accept_types, at most one item unless accept_multiple is true
 * (absent counts as false: the conservative reading), and presentation members only for listed
 * document targets. Items are otherwise passed through untouched (platforms define extensions).
 */
export function checkContentItems(items: Item[], settings: DeepLinkingSettingsClaim): void {
  const acceptTypes = Array.isArray(settings.accept_types) ? settings.accept_types : [];
  const targets = Array.isArray(settings.accept_presentation_document_targets)
    ? settings.accept_presentation_document_targets
    : [];
  if (items.length > 1 && settings.accept_multiple !== true) {
    throw new AppError('DEEP_LINKING_MULTIPLE_NOT_ACCEPTED', { details: [{ items: items.length }] });
  }
  items.forEach((item, index) => {
    checkShape(item, index);
    if (!acceptTypes.includes(item.type as string)) {
      throw new AppError('DEEP_LINKING_ITEM_TYPE_NOT_ACCEPTED', { details: [{ index, type: item.type, acceptTypes }] });
    }
    for (const [member, target] of Object.entries(TARGETS)) {
      if (item[member] !== undefined && !targets.includes(target)) {
        throw new AppError('DEEP_LINKING_PRESENTATION_NOT_ACCEPTED', {
          details: [{ index, target, acceptPresentationDocumentTargets: targets }],
        });
      }
    }
  });
}
