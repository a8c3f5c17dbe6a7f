import type { Detection } from './detection.js';
import { BLINDING } from './detections/blinding.js';
import { COST } from './detections/cost.js';
import { DESTRUCTION } from './detections/destruction.js';
import { ESCALATION } from './detections/escalation.js';
import { EXFILTRATION } from './detections/exfiltration.js';
import { EXPOSURE } from './detections/exposure.js';
import { LOGGING } from './detections/logging.js';
import { PERSISTENCE } from './detections/persistence.js';
import { RECON } from './detections/recon.js';
import { ROOT } from './detections/root.js';
import { WATCH } from './detections/watch.js';

export type { Detection, DetectionContext, DetectionGroup, Text } from './detection.js';

/**
 * The detection catalogue: the API calls that take over an account, blind its logging, expose it, destroy its
 * way back or run up its bill, one definition each, grouped by what the attacker gains (one file a group in
 * detections/). A definition says what to look for twice: the EventBridge pattern that pre-filters it at the
 * rule (so the function runs only for candidates, in every region), and where the pattern cannot say it, a
 * predicate on the normalized call (a CIDR of 0.0.0.0/0, a policy granting everyone, an instance family).
 * Adding a detection is one definition in its group's file and its test events.
 */

export const DETECTIONS: readonly Detection[] = [
  ...LOGGING,
  ...BLINDING,
  ...WATCH,
  ...ROOT,
  ...PERSISTENCE,
  ...ESCALATION,
  ...EXPOSURE,
  ...DESTRUCTION,
  ...EXFILTRATION,
  ...COST,
  ...RECON,
];

const BY_ID = new Map(DETECTIONS.map((detection) => [detection.id, detection]));

export function detectionById(id: string): Detection | undefined {
  return BY_ID.get(id);
}
