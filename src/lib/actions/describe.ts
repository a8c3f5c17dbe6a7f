import { parseFactKey } from '../history/table.js';
import type { ActionWords } from '../i18n/action-words.js';
import type { ActionClaims } from './token.js';

/**
 * What an action does and for how long, from its signed claims: the confirmation page says it, and so does
 * the dialog of a Slack button that acts in place (built with the alert, so kept small and free of the page).
 */

/** The durations offered for each action that lasts: the page's choice must be one of them. */
export const DURATIONS: Partial<Record<ActionClaims['action'], Record<string, number>>> = {
  mute: { '1h': 3_600, '24h': 86_400, '7d': 604_800 },
  'this-was-me': { '1d': 86_400, '7d': 604_800 },
};

/** The durations a link's page offers: none for a sign-in's "this was me", which the memory keeps. */
export function durationsFor(claims: ActionClaims): Record<string, number> | undefined {
  return claims.action === 'this-was-me' && claims.facts ? undefined : DURATIONS[claims.action];
}

/** A sign-in's facts as a reader sees them: "JP, 198.51.100.0/24, Chrome on macOS". */
export function factList(facts: string[]): string {
  return facts.map((fact) => parseFactKey(fact).value).join(', ');
}

/** What an action does, in a sentence, from its claims. */
export function describeAction(claims: ActionClaims, m: ActionWords, undoing?: string): string {
  switch (claims.action) {
    case 'this-was-me':
      return claims.facts
        ? m.what.signInWasMe(claims.principal ?? '?', factList(claims.facts))
        : m.what['this-was-me'](claims.principal ?? '?');
    case 'mute':
      return m.what.mute(claims.detection);
    case 'deactivate-key':
      return m.what['deactivate-key'](claims.accessKey ?? '?');
    case 'deny-user':
      return m.what['deny-user'](claims.principal?.split('/').at(-1) ?? '?');
    case 'revoke-sessions':
      return m.what['revoke-sessions'](claims.role ?? '?');
    case 'stop-instances':
      return m.what['stop-instances'](`${(claims.instances ?? []).join(', ')} (${claims.region ?? '?'})`);
    case 'undo':
      return m.what.undo(undoing ?? claims.alert);
  }
}
