import { loadSigninSettings } from '../../src/lib/config.js';
import type { SigninSettings } from '../../src/lib/signin/settings.js';

/** Sign-in settings as the handler would load them, from environment-style overrides. */
export function signinSettings(env: Record<string, string> = {}): SigninSettings {
  return loadSigninSettings(env);
}
