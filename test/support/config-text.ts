import type { Config } from '../../src/config/schema.ts';
import { ConfigError, parseConfig } from '../../src/config/load.ts';

const BASE = 'jellyfin: { url: "http://j", username: a, password: b }\n';

/** A config from YAML lines laid after a minimal jellyfin section, as `doorman.yaml` would be read. */
export function parseConfigText(extra: string): Config {
  return parseConfig(BASE + extra, 'doorman.yaml', {});
}

/** The message a config is refused with; fails the test when it is accepted. */
export function configRefusal(extra: string): string {
  try {
    parseConfigText(extra);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the config was accepted');
}
