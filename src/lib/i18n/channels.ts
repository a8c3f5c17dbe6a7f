import type { Locale } from './index.js';

/** What deliverySender adds to a channel's messages itself, in every language. */
const enChannels = {
  /** Appended to the last LINE message the month's allowance allows (sent in the same push: no extra message). */
  lineLastOfMonth: (used: number, limit: number) =>
    `This is LINE message ${used} of the ${limit} this stack may send this month. Until the 1st, alerts reach your other channels (email, Slack…) only.`,
};

export const CHANNEL_MESSAGES = {
  en: enChannels,
  ja: {
    lineLastOfMonth: (used, limit) =>
      `今月このスタックが LINE に送れる ${limit} 通のうち、これが ${used} 通目（最後）です。来月 1 日までアラートはメールや Slack など他の通知先にのみ届きます。`,
  },
} satisfies Record<Locale, typeof enChannels>;
