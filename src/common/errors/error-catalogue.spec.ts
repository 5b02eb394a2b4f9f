import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CATALOGUE } from './error-catalogue';

const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

describe('error catalogue', () => {
  const entries = Object.entries(ERROR_CATALOGUE);

  it.each(entries)('%s is a prefixed SCREAMING_SNAKE code with a 4xx/5xx status and a message', (code, def) => {
    expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]+$/);
    expect(def.status).toBeGreaterThanOrEqual(400);
    expect(def.status).toBeLessThan(600);
    expect(def.message.length).toBeGreaterThan(10);
  });

  it.each(entries)('README lists %s with its status', (code, def) => {
    const listed = new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${def.status}\\s*\\|`).test(readme);
    expect({ code, listedInReadme: listed }).toEqual({ code, listedInReadme: true });
  });
});
