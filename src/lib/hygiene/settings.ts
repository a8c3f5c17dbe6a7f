import type { DisplaySettings } from '../display.js';

/** The weekly hygiene report's settings; config.ts loads them from the environment (loadHygieneSettings). */

/** Settings of the weekly hygiene report. */
export interface HygieneSettings extends DisplaySettings {
  monthlyBudget?: number;
  forwardingScope: 'all' | 'signin' | 'none';
  region: string;
  /** What of the stack to check, set by the stack: the forwarding stacks' name and the dead-letter queues. */
  forwardingStackName: string;
  deadLetterQueueUrls: string[];
}
