import type { Severity } from '../notify/severity.js';

/** Every user-facing English string. ja.ts has the same keys; the compiler checks it. */
export const en = {
  /** The BCP 47 tag Intl formats numbers, currencies and month names with. */
  intlLocale: 'en-US',
  severity: {
    info: 'INFO',
    low: 'LOW',
    medium: 'MEDIUM',
    high: 'HIGH',
    critical: 'CRITICAL',
  } satisfies Record<Severity, string>,
  principalKind: {
    root: 'Root user',
    iamUser: 'IAM user',
    assumedRole: 'IAM role',
    identityCenterRole: 'IAM Identity Center permission set',
    federation: 'Federated user (SAML or other identity provider)',
    identityCenterUser: 'IAM Identity Center user',
    unknown: 'Unknown principal',
  },
  hiddenUserName: 'a user name that does not exist (AWS hides it)',
  unknownPrincipal: 'an unknown principal',
  signinTitle: {
    consoleLoginSuccess: (who: string) => `${who} signed in to the AWS console`,
    consoleLoginFailure: (who: string) => `Failed console sign-in as ${who}`,
    rootLoginSuccess: 'Root user signed in to the AWS console',
    rootLoginNoMfa: 'Root user signed in to the AWS console WITHOUT MFA',
    rootLoginFailure: 'Failed console sign-in as the root user',
    checkMfa: (who: string) => `${who} passed the password step and was asked for MFA`,
    switchRole: (who: string, target: string) => `${who} switched to role ${target}`,
    exitRole: (who: string, from: string) => `${who} left role ${from}`,
    passwordUpdated: (who: string) => `${who} changed the console password`,
    rootPasswordUpdated: 'The root user password was changed',
    identityCenterSuccess: (who: string) => `${who} signed in to IAM Identity Center`,
    identityCenterFailure: (who: string) => `Failed IAM Identity Center sign-in as ${who}`,
    credentialChallenge: (who: string, credential: string) => `IAM Identity Center asked ${who} for ${credential}`,
    credentialVerificationSuccess: (who: string, credential: string) =>
      `IAM Identity Center accepted ${credential} from ${who}`,
    credentialVerificationFailure: (who: string, credential: string) =>
      `IAM Identity Center rejected ${credential} from ${who}`,
    getSigninToken: (who: string) => `${who} requested a console sign-in token (federation)`,
    other: (who: string, eventName: string) => `Sign-in event ${eventName} by ${who}`,
  },
  field: {
    who: 'Who',
    principalKind: 'Principal type',
    arn: 'ARN',
    account: 'Account',
    sourceIp: 'Source IP',
    browser: 'Browser or program',
    region: 'Recorded in',
    time: 'When',
    mfa: 'MFA',
    outcome: 'Outcome',
    switchTarget: 'Role',
  },
  notRecorded: 'not recorded',
  globalRegion: 'global sign-in endpoint',
  roleInAccount: (role: string, account: string) => `${role} in account ${account}`,
  mfaMethod: {
    virtual: 'virtual authenticator app',
    fido: 'FIDO security key or passkey',
    totp: 'one-time code (TOTP)',
    emailOtp: 'one-time code by email',
    hardware: 'hardware token',
  },
  mfa: {
    used: (method?: string) => (method ? `used (${method})` : 'used'),
    notUsed: 'NOT used',
    notApplicable: 'not applicable',
    delegated: 'checked by the identity provider, not by AWS',
    identityCenter: 'checked by IAM Identity Center when the user signed in there',
    notReached: 'not reached (the sign-in failed before any MFA step)',
    unknown: 'UNKNOWN (the event does not say whether MFA was used)',
    required: (method?: string) => (method ? `requested (${method})` : 'requested'),
  },
  credential: {
    password: 'a password',
    generic: 'a credential',
  },
  outcome: {
    success: 'success',
    failure: (reason?: string) => (reason ? `FAILED: ${reason}` : 'FAILED'),
    notApplicable: 'not applicable',
  },
  reason: {
    rootSignIn: 'The root user can do anything in the account, including closing it.',
    rootFailure: 'Someone tried to sign in as the root user and failed.',
    rootPasswordChange:
      'Only someone who knew the root password, or could reset it through its email address, can do this.',
    rootOther: 'The root user is being used.',
    noMfa: 'This IAM user signed in with a password alone, without MFA.',
    identityCenterNoMfa: 'This IAM Identity Center user signed in with a password alone.',
    failure: 'A sign-in attempt failed.',
    withMfa: 'A normal sign-in with MFA.',
    federated: 'A sign-in through an identity provider, which is responsible for MFA.',
    identityCenter: 'A sign-in through IAM Identity Center, which checks MFA at its own sign-in.',
    mfaUnknown: 'The event does not say whether MFA was used, so this sign-in is treated as possibly without MFA.',
    unknownIdentity: 'A sign-in by an identity type this service does not recognise.',
    roleSwitch: 'A role switch inside the console.',
    intermediateStep: 'An intermediate step of a sign-in; the sign-in itself is reported separately.',
    passwordChange: 'A user changed their own console password.',
    unknownEvent: 'A sign-in event this service does not know yet.',
    trustedLowered: 'Lowered one step: the source matches your trusted networks or principals.',
  },
  action: {
    notYouRoot:
      'If this was not you: reset the root password now, check the root MFA devices, and review what this session did in CloudTrail.',
    rootDaily:
      'Use the root user only for the few tasks that need it; work day to day as an IAM Identity Center or IAM user.',
    enableRootMfa:
      'The root user signed in WITHOUT MFA: add an MFA device now (account menu > Security credentials > Assign MFA device).',
    enableMfa: (user: string) =>
      `Turn on MFA for ${user}: IAM console > Users > ${user} > Security credentials > Assign MFA device.`,
    enableIdentityCenterMfa:
      'Require MFA in IAM Identity Center: Settings > Authentication > Multi-factor authentication.',
    failureOnce: 'One failure is usually a typo. Several from an unfamiliar address suggest password guessing.',
    failureRoot:
      'Make sure the root user has MFA and a strong, unique password. Nobody should need the root user routinely.',
    hiddenUser: 'The user name typed does not exist in this account, so no user is at risk from this attempt.',
    rootPasswordNotYou:
      'If you did not change it, recover the account now with "Forgot password" on the root sign-in page and contact AWS Support.',
    recognise: 'No action needed if you recognise this sign-in.',
    reviewUnknown: 'If you do not recognise this activity, open the event in CloudTrail and review it.',
    checkMfaUnknown: (user: string) =>
      `Check that ${user} has an MFA device: IAM console > Users > ${user} > Security credentials.`,
  },
  whatToDo: 'What to do next',
  openInCloudTrail: 'Open the event in CloudTrail',
  footer: {
    event: (eventName: string, eventId: string) => `Event ${eventName} · ID ${eventId}`,
    lowered: 'Severity lowered: trusted source.',
  },
  sms: (severity: string, title: string, ip: string) => `[${severity}] ${title} from ${ip}`,
  cost: {
    title: (day: string) => `AWS cost digest for ${day}`,
    titleMonthEnded: (month: string) => `AWS cost digest: ${month} has ended`,
    zeroTitle: (month: string) => `No AWS charges so far in ${month}`,
    zeroSummary:
      'Nothing has been charged this month (credits, refunds and support left out). Nothing to do; this digest will tell you if that changes.',
    normalSummary: 'Spending looks normal.',
    spike: (amount: string, mean: string) => `The last full day's ${amount} is well above the usual ${mean} a day.`,
    overBudget: (total: string, budget: string) => `Spending this month (${total}) is over the ${budget} budget.`,
    projectedOverrun: (projected: string, budget: string) =>
      `At this pace the month ends near ${projected}, over the ${budget} budget.`,
    field: {
      yesterday: (day: string) => `Last full day (UTC), ${day}`,
      vsDayBefore: 'vs the day before',
      vsSevenDays: 'vs the 7-day average',
      monthToDate: (month: string) => `${month} to date`,
      monthTotal: (month: string) => `${month} total`,
      forecast: 'Month-end forecast',
      budget: 'Budget',
      budgetCrossing: 'Budget crossed',
      trend: (start: string, end: string) => `Last 14 days (${start} – ${end})`,
    },
    estimated: '(estimate, may still rise)',
    forecastInsufficient: 'not enough history yet (new accounts get a forecast after a few weeks)',
    forecastUnavailable: 'unavailable today',
    forecastFinal: (amount: string) => `${amount} (final)`,
    forecastEstimate: (amount: string) => `${amount} (estimate from the last 7 days)`,
    budgetLine: (used: string, budget: string, projected?: string) =>
      projected ? `${used} of ${budget} used, ${projected} projected` : `${used} of ${budget} used`,
    crossedOn: (date: string) => `on ${date}`,
    wouldCross: (date: string) => `around ${date} at the last 7 days' rate`,
    noChange: 'no change',
    topServices: (count: number, day: string) => `Top ${count} services on ${day}`,
    others: (count: number) => `Others (${count})`,
    newServices: 'New services (no spend in the 14 days before)',
    actionSpike: 'Open Cost Explorer, group by service and usage type, and look at the last few days.',
    actionNewService: 'A new service started charging: check that you meant to turn it on.',
    actionBudget: 'Stop or delete what you no longer need; see Billing > Bills for the details.',
    openCostExplorer: 'Open Cost Explorer',
    footerUtc: 'Cost Explorer days are UTC days; the latest days are estimates until billing settles.',
    footerExcluded: (types: string) => `Left out: ${types} (RECORD_TYPE).`,
    footerMetric: (metric: string, requests: number) =>
      `Metric ${metric}. Cost Explorer requests this run: ${requests} ($0.01 each).`,
    footerCurrency: (currency: string, rate: string, unit: string) =>
      `${currency} amounts are approximate, at a configured rate of ${rate} ${currency} per ${unit}.`,
    sms: (day: string, amount: string, monthToDate: string) =>
      `AWS cost on ${day} (UTC) ${amount}, month to date ${monthToDate}`,
  },
  security: {
    title: 'CloudTrail security digest',
    /** Column headings of the saved queries' results, by the column name the SQL gives them. */
    column: {
      action: 'action',
      attempts: 'attempts',
      calls: 'calls',
      changed_by: 'changed_by',
      changes: 'changes',
      created_by: 'created_by',
      denied: 'denied',
      distinct_actions: 'distinct_actions',
      events: 'events',
      example_action: 'example_action',
      failed: 'failed',
      failures: 'failures',
      first_seen: 'first_seen',
      for_user: 'for_user',
      instance_type: 'instance_type',
      keys: 'keys',
      last_seen: 'last_seen',
      mfa_used: 'mfa_used',
      outcome: 'outcome',
      principal: 'principal',
      principals: 'principals',
      principals_tried: 'principals_tried',
      reason: 'reason',
      region: 'region',
      requested: 'requested',
      rules_added: 'rules_added',
      security_group: 'security_group',
      service: 'service',
      sign_ins: 'sign_ins',
      source_ip: 'source_ip',
    },
    findingsSummary: (count: number, titles: string) =>
      `${count} saved ${count === 1 ? 'query' : 'queries'} found activity: ${titles}.`,
    quietSummary: 'No saved query found anything in this window.',
    failedSummary: (count: number) =>
      `${count} ${count === 1 ? 'query' : 'queries'} could not run, so part of the window was not checked.`,
    field: {
      window: 'Window',
      queries: 'Queries',
      scanned: 'Data scanned',
    },
    queriesLine: (run: number, withRows: number, failed: number) =>
      `${run} run, ${withRows} with rows${failed > 0 ? `, ${failed} failed` : ''}`,
    scannedLine: (size: string, cost: string) => `${size} (about ${cost})`,
    findingHeading: (severity: string, title: string, rows: number) =>
      `[${severity}] ${title}: ${rows} ${rows === 1 ? 'row' : 'rows'}`,
    moreRows: (count: number) => `… and ${count} more`,
    cutShort: (reason: string) => `cut short: ${reason}; the count is of the rows read`,
    cutSummary: (titles: string) =>
      `Not every row of ${titles} was read: open it in the Athena console for all of them.`,
    scannedByQuery: (size: string, cost: string) => `scanned ${size} (about ${cost})`,
    noFindings: 'Nothing found',
    failed: 'Could not run',
    failure: (title: string, reason: string) => `${title}: ${reason}`,
    openQuery: 'Open in the Athena console',
    openAthena: 'Open the saved queries in Athena',
    actionReview:
      'Review each finding: open its query in the Athena console for every row, or run it locally with npm run query.',
    actionFailed: 'A query that could not run leaves a blind spot: open it in the Athena console to see why.',
    footerDistinct: 'Queries count distinct event IDs, so an event delivered by two trails is counted once.',
    footerWindow: (start: string, end: string) => `Window (UTC): ${start} to ${end}.`,
    sms: (findings: number, failed: number) =>
      `AWS security digest: ${findings} finding(s), ${failed} failed query(ies)`,
  },
  health: {
    undeliveredTitle: 'Something the watch sends or runs could not be delivered',
    undeliveredSummary:
      'A notification, an event or a digest run failed after all its retries and waits in the dead-letter queue (kept 14 days). Every new one alarms again.',
    forwardingTitle: (region: string) => `A console sign-in event from ${region} could not be forwarded`,
    forwardingSummary:
      'The forwarding stack in that region could not put a sign-in event on your home region\u2019s bus for 24 hours; it waits in that region\u2019s forwarding dead-letter queue.',
    alarmTitle: (name: string, state: string) => `Alarm ${name} is ${state}`,
    budgetTitle: (name: string, forecast: boolean) =>
      forecast
        ? `Budget ${name}: the month is forecast to pass its alert threshold`
        : `Budget ${name}: spend passed its alert threshold`,
    budgetSummary: (amount: string, threshold: string, budget: string) =>
      `${amount} against an alert threshold of ${threshold}, of a ${budget} budget.`,
    noticeTitle: 'AWS notification',
    field: {
      alarm: 'Alarm',
      queue: 'Queue',
      region: 'Region',
      when: 'When',
      reason: 'CloudWatch says',
      budget: 'Budget',
      budgeted: 'Budgeted amount',
      alertType: 'Alert',
      threshold: 'Threshold',
      amount: 'Amount',
    },
    alertType: (type: string) => (type === 'FORECASTED' ? 'forecast' : type === 'ACTUAL' ? 'actual spend' : type),
    actionReadQueue:
      'Open the queue, read the newest message (it says which channel or event failed and why) and fix the cause: often a revoked Slack webhook or a removed email subscription.',
    actionReadLogs: 'The function\u2019s logs in CloudWatch Logs say the same, with the time.',
    actionRedrive:
      'Once fixed, send a dead-lettered notification again on its channel alone with: npm run redrive (it needs your AWS credentials).',
    actionForwarding: (region: string) =>
      `Check the forwarding stack in ${region}: npm run forwarding -- plan, then deploy it again if it is missing.`,
    actionBudget: 'Open Cost Explorer, group by service, and stop or delete what you no longer need.',
    openQueue: 'Open the dead-letter queue',
    openBudgets: 'Open AWS Budgets',
    footer: (source: string) => `From ${source}.`,
  },
} as const;

/** The same shape with every literal widened to string: what every language file must provide. */
type Widen<T> = T extends (...args: infer A) => string
  ? (...args: A) => string
  : T extends string
    ? string
    : { [K in keyof T]: Widen<T[K]> };

export type Messages = Widen<typeof en>;

/**
 * Email subjects stay English in every language: the project keeps them to printable ASCII,
 * which some mail clients and SNS subscribers still require.
 */
export const asciiSubject = {
  rootLoginSuccess: 'Root sign-in',
  rootLoginNoMfa: 'Root sign-in WITHOUT MFA',
  rootLoginFailure: 'Failed root sign-in',
  rootPasswordUpdated: 'Root password changed',
  rootOther: (eventName: string) => `Root ${eventName}`,
  consoleLoginSuccess: (who: string) => `Sign-in by ${who}`,
  consoleLoginNoMfa: (who: string) => `Sign-in WITHOUT MFA by ${who}`,
  failure: (who: string) => `Failed sign-in as ${who}`,
  identityCenterSuccess: (who: string) => `Identity Center sign-in by ${who}`,
  switchRole: (who: string) => `Role switch by ${who}`,
  exitRole: (who: string) => `Role exit by ${who}`,
  checkMfa: (who: string) => `MFA prompt for ${who}`,
  passwordUpdated: (who: string) => `Password changed by ${who}`,
  other: (who: string, eventName: string) => `${eventName} by ${who}`,
  place: (account: string, ip: string) => ` to ${account} from ${ip}`,
  placeIn: (account: string, ip: string) => ` in account ${account} from ${ip}`,
  unknown: 'unknown',
  guessingSource: (count: number, ip: string) => `${count} failed sign-ins from ${ip}`,
  guessingPrincipal: (count: number, who: string) => `${count} failed sign-ins as ${who}`,
  newCountry: (who: string, country: string) => `First sign-in from ${country} by ${who}`,
  travel: (who: string) => `Sign-ins from two countries by ${who}`,
  afterFailures: (who: string) => `Sign-in after failures by ${who}`,
  cost: (
    severity: string | undefined,
    day: string,
    amount: string,
    month: string,
    monthToDate: string,
    forecast: string,
  ) => `[Cost${severity ? ` ${severity}` : ''}] ${day} ${amount} | ${month} ${monthToDate} | ${forecast}`,
  costToDate: (amount: string) => `to date ${amount}`,
  costTotal: (amount: string) => `total ${amount}`,
  costForecast: (amount: string, budget?: string) =>
    budget ? `forecast ${amount} of ${budget} budget` : `forecast ${amount}`,
  costNoForecast: (budget?: string) => (budget ? `no forecast yet, ${budget} budget` : 'no forecast yet'),
  costForecastUnavailable: (budget?: string) =>
    budget ? `forecast unavailable, ${budget} budget` : 'forecast unavailable',
  undelivered: (severity: string, what: string) => `[${severity}] ${what}`,
  budget: (severity: string, name: string, type: string, amount: string, threshold: string) =>
    `[${severity}] Budget ${name}: ${type} ${amount}, threshold ${threshold}`,
  security: (severity: string | undefined, findings: number, queries: number, failed: number, day: string) =>
    `[Security${severity ? ` ${severity}` : ''}] ${findings > 0 ? `${findings} of ${queries} queries found activity` : `No findings in ${queries} queries`}${failed > 0 ? ` | ${failed} failed` : ''} | ${day}`,
} as const;
