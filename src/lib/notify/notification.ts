import type { Severity } from './severity.js';

/** A labelled value shown as a field in Slack and as a "Label: value" line in email. */
export interface NotificationField {
  label: string;
  value: string;
}

/** A small series drawn as a bar chart where a channel can show a picture (the HTML email); text elsewhere. */
export interface NotificationChart {
  /** What the bars are, e.g. "Last 14 days (2021-08-16 – 2021-08-29)"; the picture's alternative text. */
  caption: string;
  /** One bar a day, oldest first, in `unit`. */
  values: number[];
  unit: string;
}

export interface NotificationDetail {
  heading: string;
  lines: string[];
  /** A link under the block, e.g. the query in the Athena console. */
  link?: { label: string; url: string };
  /**
   * The same links as `lines`, for a channel that shows buttons instead (our URLs only). `danger` marks one
   * that stops something working.
   */
  buttons?: NotificationButton[];
}

/** A link of ours shown as a button; `act` lets a chat whose buttons act in place (Slack app mode) skip the page. */
export interface NotificationButton {
  label: string;
  url: string;
  danger?: true;
  act?: {
    /** What the page's form would send but its CSRF token, as form fields (`t=<signed token>`). */
    form: string;
    /** The choices the page offers (a mute's duration): one button each, its value sent as `duration`. */
    choices?: { value: string; label: string }[];
    /** Asked before a lock-down acts: what it does, and the two answers. */
    confirm?: { title: string; text: string; yes: string; no: string };
  };
}

/**
 * The channel-neutral message every feature builds and every channel renders.
 * All text is plain (unescaped): each channel escapes and trims it for its own format.
 */
export interface Notification {
  severity: Severity;
  /** Localised severity label, e.g. "CRITICAL" or "緊急". */
  severityLabel: string;
  /** One line: what happened, e.g. "Root user signed in to the AWS console". */
  title: string;
  /** Email subject; channels reduce it to one safe line of printable ASCII. */
  subject: string;
  /** One or two sentences that say why it matters. */
  summary: string;
  fields: NotificationField[];
  /** What the reader should do next, one step a line, under a localised heading. */
  actions: string[];
  actionsHeading: string;
  /** Longer blocks (a ranked list, a small table), each under a heading; one line per row. */
  details?: NotificationDetail[];
  link?: { label: string; url: string };
  /** Small print: identifiers and provenance. */
  footer: string[];
  /** The cost digest's daily spend, for channels that draw it. */
  chart?: NotificationChart;
  /**
   * Messages with the same thread key belong together (a burst of one detection by one principal): channels
   * that thread messages (AWS chat integration's threadId) put them in one thread.
   */
  thread?: string;
  /**
   * A later message of its thread (a burst's 10th, 100th call): how many so far. A channel that threads by
   * itself (Slack app mode) posts it in the first message's thread and shows the count on that message.
   */
  followUp?: { count: number };
  /** One short line for SMS. */
  shortText: string;
  /** Machine-readable form for email-json, https, lambda and sqs subscribers. */
  data: unknown;
}
