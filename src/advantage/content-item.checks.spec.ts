import type { DeepLinkingSettingsClaim } from '../launch/lti-claims';
import { codeOf } from '../../test/support/advantage.assertions';
import { checkContentItems } from './content-item.checks';

const settings = (overrides: Partial<DeepLinkingSettingsClaim> = {}): DeepLinkingSettingsClaim => ({
  deep_link_return_url: 'https://lms.example/dl',
  accept_types: ['ltiResourceLink', 'link', 'file', 'html', 'image', 'x-custom'],
  accept_presentation_document_targets: ['iframe', 'window'],
  accept_multiple: true,
  ...overrides,
});

describe('checkContentItems (Deep Linking 2.0 §3, §4.1)', () => {
  it.each([
    ['no items', []],
    ['a resource link without url', [{ type: 'ltiResourceLink', title: 't' }]],
    ['a resource link with a line item', [{ type: 'ltiResourceLink', lineItem: { scoreMaximum: 5 } }]],
    ['a link in a window', [{ type: 'link', url: 'https://example.org', window: { targetName: 'x' } }]],
    ['html', [{ type: 'html', html: '<p>x</p>' }]],
    [
      'an image with a thumbnail',
      [{ type: 'image', url: 'https://example.org/i.png', thumbnail: { url: 'https://example.org/t.png' } }],
    ],
    ['a custom type the platform accepts', [{ type: 'x-custom', anything: { goes: true } }]],
    [
      'several items',
      [
        { type: 'link', url: 'https://a.example' },
        { type: 'link', url: 'https://b.example' },
      ],
    ],
  ])('accepts %s', (_case, items) => {
    expect(() => checkContentItems(items, settings())).not.toThrow();
  });

  it.each([
    [
      'a type not accepted',
      [{ type: 'link', url: 'https://a.example' }],
      { accept_types: ['ltiResourceLink'] },
      'DEEP_LINKING_ITEM_TYPE_NOT_ACCEPTED',
    ],
    [
      'two items, accept_multiple false',
      [
        { type: 'html', html: 'a' },
        { type: 'html', html: 'b' },
      ],
      { accept_multiple: false },
      'DEEP_LINKING_MULTIPLE_NOT_ACCEPTED',
    ],
    [
      'two items, accept_multiple absent',
      [
        { type: 'html', html: 'a' },
        { type: 'html', html: 'b' },
      ],
      { accept_multiple: undefined },
      'DEEP_LINKING_MULTIPLE_NOT_ACCEPTED',
    ],
    [
      'an embed target not accepted',
      [{ type: 'html', html: 'a', embed: { html: 'x' } }],
      {},
      'DEEP_LINKING_PRESENTATION_NOT_ACCEPTED',
    ],
    [
      'an iframe target not accepted',
      [{ type: 'link', url: 'https://a.example', iframe: {} }],
      { accept_presentation_document_targets: ['window'] },
      'DEEP_LINKING_PRESENTATION_NOT_ACCEPTED',
    ],
    ['no type', [{ url: 'https://a.example' }], {}, 'DEEP_LINKING_ITEM_INVALID'],
    ['an empty type', [{ type: '' }], {}, 'DEEP_LINKING_ITEM_INVALID'],
    ['a link without url', [{ type: 'link' }], {}, 'DEEP_LINKING_ITEM_INVALID'],
    ['a file without url', [{ type: 'file' }], {}, 'DEEP_LINKING_ITEM_INVALID'],
    ['html without html', [{ type: 'html' }], {}, 'DEEP_LINKING_ITEM_INVALID'],
    ['a javascript: url', [{ type: 'link', url: 'javascript:alert(1)' }], {}, 'DEEP_LINKING_ITEM_INVALID'],
    [
      'a data: icon',
      [{ type: 'link', url: 'https://a.example', icon: { url: 'data:image/png;base64,xx' } }],
      {},
      'DEEP_LINKING_ITEM_INVALID',
    ],
    [
      'a line item without scoreMaximum',
      [{ type: 'ltiResourceLink', lineItem: { label: 'x' } }],
      {},
      'DEEP_LINKING_ITEM_INVALID',
    ],
    [
      'a line item with scoreMaximum 0',
      [{ type: 'ltiResourceLink', lineItem: { scoreMaximum: 0 } }],
      {},
      'DEEP_LINKING_ITEM_INVALID',
    ],
  ])('refuses %s', async (_case, items, overrides, code) => {
    expect(await codeOf(() => checkContentItems(items as Record<string, unknown>[], settings(overrides)))).toBe(code);
  });
});
