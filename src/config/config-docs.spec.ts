import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { AppConfig } from './app.config';

const root = join(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const envExample = readFileSync(join(root, '.env.example'), 'utf8');
const variables = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(AppConfig, '', true, false)
      .map((m) => m.propertyName),
  ),
];

describe('configuration documentation', () => {
  it('knows a reasonable number of variables', () => {
    expect(variables.length).toBeGreaterThan(30);
  });

  it.each(variables)('%s is in the README config table and in .env.example', (name) => {
    const inReadme = new RegExp(`\\|\\s*\`${name}\`\\s*\\|`).test(readme);
    const inEnvExample = new RegExp(`^#?\\s*${name}=`, 'm').test(envExample);
    expect({ name, inReadme, inEnvExample }).toEqual({ name, inReadme: true, inEnvExample: true });
  });
});
