import { LOCALES } from './i18n/index.js';
import { DEFAULT_QUERY_REGIONS, type SettingName } from './settings.js';

/**
 * The README's words for every setting, beside the registry (settings.ts) rather than in it: the functions
 * bundle the registry, and these lines are only for the documentation (`npm run docs`). The type asks for
 * every setting, so a new one cannot go undocumented.
 */
export const SETTING_DOCS: Record<SettingName, { doc: string; defaultDoc?: string }> = {
  email: {
    doc: 'Address subscribed to the notification topic. Without it, add subscriptions to the topic yourself (see the stack output `NotificationTopicArn`).',
    defaultDoc: '*(none)*',
  },
  slackWebhookParameter: {
    doc: 'Name of the SSM Parameter Store SecureString holding the Slack incoming-webhook URL, starting with `/`. Read at run time, cached 5 minutes, never logged.',
    defaultDoc: '*(none: email only)*',
  },
  slackBotTokenParameter: {
    doc: 'Slack app mode, instead of the webhook: name of the SecureString holding the app\u2019s bot token (`xoxb-…`, scope `chat:write`). With `slackChannel`, a burst\u2019s follow-ups go in its first alert\u2019s thread and that alert shows "× N"; see docs/channels.md.',
    defaultDoc: '*(none: webhook mode)*',
  },
  slackChannel: {
    doc: 'The channel the Slack app posts to: its ID (`C…` or `G…`, in the channel\u2019s details), with the app invited to it.',
    defaultDoc: '*(none)*',
  },
  slackSigningSecretParameter: {
    doc: 'With `actions=true` and the app: name of the SecureString holding the app\u2019s signing secret. The alerts\u2019 actions become Slack buttons that act in place (lock-downs ask first), each click verified with it; the app\u2019s Interactivity request URL is the stack output `AlertActionsUrl`.',
    defaultDoc: '*(none: the buttons open the confirmation page)*',
  },
  slackApiUrl: {
    doc: 'The Slack Web API base URL (tests point it at a local server).',
  },
  teamsWebhookParameter: {
    doc: 'Name of the SecureString holding a Microsoft Teams Workflows webhook URL ("When a Teams webhook request is received"). Messages are Adaptive Cards; see docs/channels.md.',
    defaultDoc: '*(none)*',
  },
  discordWebhookParameter: {
    doc: 'Name of the SecureString holding a Discord channel webhook URL. Messages are embeds with mentions switched off.',
    defaultDoc: '*(none)*',
  },
  lineChannelTokenParameter: {
    doc: 'Name of the SecureString holding a LINE Messaging API channel access token; with `lineTo`, high and critical alerts and the weekly report are pushed to LINE as Flex Messages.',
    defaultDoc: '*(none)*',
  },
  lineTo: {
    doc: 'The LINE user, group or room ID the messages are pushed to (`U…`, `C…` or `R…`, 33 characters; your own user ID is on the channel\u2019s Basic settings page).',
    defaultDoc: '*(none)*',
  },
  lineMonthlyMessages: {
    doc: 'LINE messages this stack may send a month (the free plan allows 200 for the whole channel); the last one says so, and `npm run doctor` shows the count.',
  },
  lineApiUrl: {
    doc: 'The LINE Messaging API base URL (tests point it at a local server).',
  },
  emailFrom: {
    doc: 'An address to receive rich HTML email through Amazon SES, from and to itself: the stack creates the SES identity and AWS mails it a verification link to click once. Works in the SES sandbox (200 messages a day, 1 a second).',
    defaultDoc: '*(none: SNS email only)*',
  },
  chatbotTopicArn: {
    doc: 'An SNS topic of Amazon Q Developer in chat applications (AWS Chatbot) to publish to in its custom notification format, for owners who already use it in Slack or Teams.',
    defaultDoc: '*(none)*',
  },
  locale: {
    doc: `${LOCALES.map((locale) => `\`${locale}\``).join(' or ')}: the language of message bodies and Slack. Email subjects stay in printable ASCII (English) so every mail client shows them.`,
  },
  timeZone: {
    doc: 'IANA time zone for times and for the digests\u2019 schedules, e.g. `Asia/Tokyo`; UTC is always shown beside local time.',
  },
  minSeverity: {
    doc: 'Lowest severity that notifies: `info`, `low`, `medium`, `high`, `critical`. `info` adds role switches and intermediate steps (MFA prompt, Identity Center credential checks).',
  },
  trustedCidrs: {
    doc: 'Comma-separated CIDR blocks (IPv4 or IPv6), e.g. `203.0.113.0/24,2001:db8::/32`.',
    defaultDoc: '*(none)*',
  },
  trustedPrincipals: {
    doc: 'Comma-separated principal ARN patterns, `*` matching anything, e.g. `arn:aws:iam::123456789012:user/ops-*`.',
    defaultDoc: '*(none)*',
  },
  trustedAction: {
    doc: 'What a trusted sign-in gets: `lower` (one step less severe) or `silence` (no message). A sign-in is trusted when it matches **every** list you configured. **Never applies to the root user.**',
  },
  historyDays: {
    doc: 'Days (30–1000) the sign-in history keeps what it learnt per principal; items expire by DynamoDB TTL.',
  },
  learningDays: {
    doc: 'Days of history (0–90) a principal needs before a new country raises severity; first sightings are shown before.',
  },
  learningSignIns: {
    doc: 'Sign-ins (0–100) a principal needs before a new country raises severity.',
  },
  travelHours: {
    doc: 'Hours (0.25–24): sign-ins of one principal from two countries this close together are high.',
  },
  failedSignInThreshold: {
    doc: 'Failed sign-ins (2–100) from one address or for one principal in the window that make one high alert.',
  },
  failedSignInWindowMinutes: {
    doc: 'Minutes (1–1440) in which failed sign-ins are counted and folded into one alert.',
  },
  detectionAllowlist: {
    doc: 'Principals a detection ignores: `detection:arnPattern` (`*:` for all), comma-separated, e.g. `iam-user-created:arn:aws:iam::*:role/ci-*`. **Never the root user.**',
    defaultDoc: '*(none)*',
  },
  actions: {
    doc: '`true` puts signed links in every API-call alert (this was me, mute, deactivate the access key, undo), served by the function URL of `alertActions`; the stack generates the signing key in Secrets Manager ($0.40 a month). See docs/actions.md.',
  },
  apiCallReads: {
    doc: '`true` also sends read-only calls through the API-call rules, for the detections that need them (a long-term key or an instance\u2019s credentials used from a new place, an enumeration burst); see docs/alerts.md, "Read-only calls". Deploy the forwarding stacks with `--reads` too.',
  },
  burstWindowMinutes: {
    doc: 'Minutes (1–1440): one detection by one principal again within them is a burst: one alert, follow-ups at 10 and 100.',
  },
  costlyHourlyUsd: {
    doc: 'USD an hour (on demand, from the Price List): a launch of instances, a node group, a database or a SageMaker job costing at least this alerts (`costly-launch`); GPU and very large instances alert whatever their price. `1` is about $730 a month.',
  },
  logRetentionDays: {
    doc: 'How long the functions\u2019 logs are kept, in days: one of CloudWatch Logs\u2019 periods (1, 3, 5, 7, 14, 30, 60, 90, 180, 365, …).',
  },
  digestTime: {
    doc: 'Local time (in `timeZone`) the cost digest is sent, `HH:MM`.',
  },
  monthlyBudget: {
    doc: 'Monthly budget in USD, e.g. `20`. Adds budget lines to the digest and creates an AWS Budgets budget whose alerts (80% actual, 100% forecasted spend) arrive on email and Slack like every other message.',
    defaultDoc: '*(none)*',
  },
  costMetric: {
    doc: '`UnblendedCost`, `AmortizedCost` (spreads reservations and savings plans) or `NetUnblendedCost` (after discounts).',
  },
  excludedRecordTypes: {
    doc: 'Cost Explorer `RECORD_TYPE`s left out (exact API names, comma-separated), so credits do not hide real usage; `none` keeps everything. The digest says what it left out.',
  },
  forecastSource: {
    doc: '`costExplorer` (GetCostForecast, one more request a day) or `trend` (month end from the last seven days).',
  },
  topServices: {
    doc: 'How many services the digest lists before "Others" (1–20).',
  },
  anomalyStdDevs: {
    doc: 'Yesterday is unusual when above the 14-day mean by more than this many standard deviations (0.5–10) …',
  },
  anomalyMinAmount: {
    doc: '… and by more than this amount (USD), so cents never alarm.',
  },
  displayCurrency: {
    doc: 'Also show amounts in this ISO 4217 currency, e.g. `JPY`, at `displayRate`, labelled approximate. Set both or neither.',
    defaultDoc: '*(none)*',
  },
  displayRate: {
    doc: 'Units of `displayCurrency` per unit of the bill\u2019s currency, e.g. `150`.',
    defaultDoc: '*(none)*',
  },
  securityDigestTime: {
    doc: 'Local time (in `timeZone`) the saved queries run and the security digest is sent, `HH:MM`. Each digest covers the day since the one before, to the minute.',
  },
  hygieneDay: {
    doc: 'Day of the week the hygiene report (the tutorial\u2019s checklist, checked) is sent: `MON` \u2026 `SUN`, in `timeZone`.',
  },
  hygieneTime: {
    doc: 'Local time of day (HH:MM, in `timeZone`) the weekly hygiene report is sent.',
  },
  forwardingScope: {
    doc: 'The scope you deploy the forwarding stacks with (`npm run forwarding -- deploy --scope \u2026`): `all`, `signin` or `none`. The hygiene report checks that each region of that plan has its stack.',
  },
  queryDeliveryLagMinutes: {
    doc: 'CloudTrail delivers log files 5 to 15 minutes after the events: each digest ends this many minutes before it runs, and the next one starts there (0–180).',
  },
  allowedRegions: {
    doc: 'Regions you use: instances launched elsewhere alert at once; the digest reports every write elsewhere.',
    defaultDoc: 'home region and us-east-1',
  },
  trailBucket: {
    doc: 'Bucket of an existing trail to query instead of creating one.',
    defaultDoc: '*(none: create a trail)*',
  },
  trailPrefix: {
    doc: 'The existing trail\u2019s S3 key prefix, if it has one (needs `trailBucket`).',
    defaultDoc: '*(none)*',
  },
  organizationId: {
    doc: 'For an organization trail: its organization ID, `o-…` (needs `trailBucket`).',
    defaultDoc: '*(none)*',
  },
  organizationAccounts: {
    doc: 'The organization\u2019s member account IDs: for an organization trail, the accounts to query (the table\u2019s account partition); for the API-call alerts, accounts a resource or trust policy may name without being "another account".',
    defaultDoc: '*(this account)*',
  },
  trailRetentionDays: {
    doc: 'Days the created trail bucket keeps logs.',
  },
  queryRegions: {
    doc: 'Regions the table\u2019s region partition projects over (comma-separated).',
    defaultDoc: `the ${DEFAULT_QUERY_REGIONS.length} regions every account has`,
  },
  queryStartDate: {
    doc: 'First day the date partition projects from (`yyyy/MM/dd`, not in the future).',
  },
  queryScanLimitMb: {
    doc: 'Athena stops any query in the workgroup that would scan more (a cost guard; at least 10).',
  },
};
