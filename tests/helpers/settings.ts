import { loadSigninSettings, type SigninSettings } from '../../src/lib/config.js';

/** Sign-in settings as the handler would load them, from environment-style overrides. */
export function signinSettings(env: Record<string, string> = {}): SigninSettings {
  return loadSigninSettings(env);
}
