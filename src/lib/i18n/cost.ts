import type { Locale } from './index.js';

/**
 * The cost messages' strings, in every language, beside the shared dictionaries rather than in them, so
 * the other functions' bundles do not carry them; `satisfies Record<Locale, …>` asks for every language.
 */
const enCost = {
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
  awsAnomaliesHeading: (count: number) =>
    `AWS Cost Anomaly Detection: ${count} open ${count === 1 ? 'finding' : 'findings'}`,
  awsAnomalyLine: (cause: string, impact: string, since?: string) =>
    `${cause}: ${impact} more than expected${since ? ` since ${since}` : ''}`,
  awsAnomalyUnknown: 'cause not given',
  creditsAppliedLabel: 'Credits applied this month',
  creditsApplied: (credits: string, left: string) => `${credits}; left to pay of the figures above: ${left}`,
  whyHeading: (service: string, change: string) => `Why the bill moved: ${service} ${change}`,
  whyService: (amount: string, usual: string) =>
    `${amount} on the day, against ${usual} on an average of the 7 days before.`,
  whyMover: (change: string, what: string, region: string, kind: string, started: string[]) =>
    `${change}: ${what} in ${region} (${kind})${started.length > 0 ? `, ${started.join('; ')}` : ''}`,
  whyStartedBy: (who: string, day: string, ip?: string) => `started by ${who}${ip ? ` from ${ip}` : ''} on ${day}`,
  whyNoStarter:
    'No call in the trail of the last 8 days started it: it is older, or an AWS service started it (Auto Scaling, a stack).',
  whyTrailUnavailable: 'The trail could not be asked who started it today; see the function’s log.',
  whyUnavailable: 'The breakdown by usage type and region could not be read today; see the function’s log.',
  monthHeading: (month: string, baseline: string) => `${month} against ${baseline}, by Cost Explorer`,
  monthTotal: (after: string, before: string, change: string) => `In all: ${after}, against ${before} (${change})`,
  monthService: (name: string, after: string, before: string, change: string) =>
    `${name}: ${after}, against ${before} (${change})`,
  monthDriver: (what: string, change: string) => `Driven by ${what}: ${change}`,
  openAnomalies: 'Open Cost Anomaly Detection',
  footerUtc: 'Cost Explorer days are UTC days; the latest days are estimates until billing settles.',
  footerExcluded: (types: string) => `Left out: ${types} (RECORD_TYPE).`,
  footerMetric: (metric: string, requests: number) =>
    `Metric ${metric}. Cost Explorer requests this run: ${requests} ($0.01 each).`,
  footerCurrency: (currency: string, rate: string, unit: string) =>
    `${currency} amounts are approximate, at a configured rate of ${rate} ${currency} per ${unit}.`,
  sms: (day: string, amount: string, monthToDate: string) =>
    `AWS cost on ${day} (UTC) ${amount}, month to date ${monthToDate}`,
  planWarning: {
    title: {
      creditsRunOut14Days: (days: number) =>
        `Your AWS credits run out in about ${days} ${days === 1 ? 'day' : 'days'} at this pace`,
      creditsUsed50: 'Half of your AWS credits are used',
      creditsUsed80: '80% of your AWS credits are used',
      creditsUsed100: 'Your AWS credits are used up',
      planEnds30Days: (days: number) => `Your AWS free plan ends in ${days} days`,
      planEnds7Days: (days: number) => `Your AWS free plan ends in ${days} days`,
      planEnds1Day: 'Your AWS free plan ends tomorrow',
    },
    summaryFree:
      'On the free plan nothing is ever charged: when the credits or the plan run out, the account closes (its data is kept for a while, then deleted) unless you upgrade to a paid plan.',
    summaryPaid: 'On the paid plan, what you use is billed to your payment method once the credits are used up.',
    field: {
      credits: 'Credits left',
      used: 'Credits used',
      lastUntil: "At the last 7 days' pace",
      planEnds: 'Plan ends',
      pace: 'Usage before credits, a day (last 7 days)',
    },
    lastsUntil: (date: string) => `until about ${date}`,
    outlasts: 'beyond the end of the plan',
    unused: 'not being used',
    actionUpgrade: 'To keep the account, upgrade to a paid plan: Billing console > Free Tier > Upgrade plan.',
    actionStop:
      'If you do not need the account any more, stop what is running first (Cost Explorer shows what costs what): nothing is billed on the free plan, but the resources go with the account.',
    actionPaid:
      'Stop or shrink what you no longer need before the credits run out; Cost Explorer shows what costs what.',
    openFreeTier: 'Open the Free Tier page',
    subject: (title: string) => `[Plan] ${title}`,
  },
  plan: {
    label: { free: 'Free plan', paid: 'Paid plan' },
    credits: (credits: string, expires?: string) => `${credits} of credits left${expires ? `, until ${expires}` : ''}.`,
    lastUntil: (date: string) => `At the last 7 days' pace they last until ${date}.`,
    outlast: "At the last 7 days' pace they last beyond that.",
    unused: 'Nothing used them in the last 7 days.',
    freeThen:
      'When the credits or the plan run out, the account closes unless you upgrade to a paid plan; its data is kept for a while, then deleted.',
    paidThen: 'When they run out, AWS bills your payment method for what you use.',
    noCredits: 'No credits left.',
    expired: (date?: string) =>
      `The free plan ended${date ? ` on ${date}` : ''}: the account is closed until you upgrade to a paid plan, and its data is deleted after a while.`,
    notStarted: 'The plan has not started yet.',
    usageBeforeCredits: 'Usage before credits',
    creditsCover: (usage: string) =>
      `${usage} this month. Credits pay for eligible usage first, so a bill of $0.00 does not mean nothing was used.`,
    offersHeading: (percent: number) => `Free Tier offers past ${percent}% of this month's limit`,
    offerLine: (name: string, used: string, limit: string, unit: string, percent: string, forecast?: string) =>
      `${name}: ${used} of ${limit} ${unit} (${percent}%)${forecast ? `, forecast ${forecast} by the month's end` : ''}`,
    activitiesHeading: 'Credits still to earn (first steps listed in the Billing console)',
    activityLine: (title: string, credit?: string, inProgress?: boolean) =>
      `${title}${credit ? `: ${credit}` : ''}${inProgress ? ' (started)' : ''}`,
    actionUpgrade:
      'To keep the account after the free plan, upgrade it in the Billing console (Free Tier page); otherwise stop what you no longer need before it ends.',
    actionOffer:
      'Use beyond an offer\u2019s limit is billed: stop or shrink what uses it if it should stay free (the offers are on the Billing console\u2019s Free Tier page).',
  },
};

export type CostMessages = typeof enCost;

const jaCost: CostMessages = {
  title: (day) => `AWS 料金ダイジェスト（${day}）`,
  titleMonthEnded: (month) => `AWS 料金ダイジェスト: ${month}が終わりました`,
  zeroTitle: (month) => `${month}の AWS 料金はまだ発生していません`,
  zeroSummary:
    '今月の請求はありません（クレジット、返金、サポートは除く）。対応は不要です。変化があればこのダイジェストでお知らせします。',
  normalSummary: '支出は通常の範囲です。',
  spike: (amount, mean) => `直近の丸一日の ${amount} は、普段の 1 日あたり ${mean} を大きく上回っています。`,
  overBudget: (total, budget) => `今月の支出（${total}）が予算 ${budget} を超えました。`,
  projectedOverrun: (projected, budget) => `このペースでは月末に約 ${projected} となり、予算 ${budget} を超えます。`,
  field: {
    yesterday: (day) => `直近の丸一日（UTC）${day}`,
    vsDayBefore: '前日比',
    vsSevenDays: '7 日平均比',
    monthToDate: (month) => `${month}の累計`,
    monthTotal: (month) => `${month}の合計`,
    forecast: '月末の予測',
    budget: '予算',
    budgetCrossing: '予算超過日',
    trend: (start, end) => `直近 14 日（${start} – ${end}）`,
  },
  estimated: '（推定値。今後増える可能性があります）',
  forecastInsufficient: '履歴がまだ足りません（新しいアカウントは数週間後に予測が出ます）',
  forecastUnavailable: '本日は取得できませんでした',
  forecastFinal: (amount) => `${amount}（確定）`,
  forecastEstimate: (amount) => `${amount}（直近 7 日からの推定）`,
  budgetLine: (used, budget, projected) =>
    projected ? `${budget} のうち ${used} 使用、予測 ${projected}` : `${budget} のうち ${used} 使用`,
  crossedOn: (date) => `${date} に超過`,
  wouldCross: (date) => `直近 7 日のペースでは ${date} ごろ`,
  noChange: '変化なし',
  topServices: (count, day) => `${day} の上位 ${count} サービス`,
  others: (count) => `その他（${count}）`,
  newServices: '新しいサービス（直前 14 日間は支出なし）',
  actionSpike: 'Cost Explorer でサービス別・使用タイプ別に表示し、直近数日を確認してください。',
  actionNewService: '新しいサービスの課金が始まりました。意図して有効にしたものか確認してください。',
  actionBudget: '不要になったリソースを停止または削除してください。詳細は「請求 > 請求書」で確認できます。',
  openCostExplorer: 'Cost Explorer を開く',
  awsAnomaliesHeading: (count) => `AWS Cost Anomaly Detection: 未解決の検出 ${count} 件`,
  awsAnomalyLine: (cause, impact, since) => `${cause}: 予想より ${impact} 多い${since ? `（${since} から）` : ''}`,
  awsAnomalyUnknown: '原因は示されていません',
  creditsAppliedLabel: '今月適用されたクレジット',
  creditsApplied: (credits, left) => `${credits}。上の金額のうち支払いが残るのは ${left}`,
  whyHeading: (service, change) => `請求が動いた理由: ${service} ${change}`,
  whyService: (amount, usual) => `この日 ${amount}。前の 7 日間の平均は ${usual} でした。`,
  whyMover: (change, what, region, kind, started) =>
    `${change}: ${what}（${region}、${kind}）${started.length > 0 ? `、${started.join('。')}` : ''}`,
  whyStartedBy: (who, day, ip) => `${day} に ${who} が${ip ? ` ${ip} から` : ''}起動`,
  whyNoStarter:
    '過去 8 日間の証跡には、これを起動した呼び出しがありません。それより前に起動されたか、AWS のサービス（Auto Scaling、スタック）が起動しました。',
  whyTrailUnavailable: '今日は証跡に起動した人を問い合わせられませんでした。関数のログを確認してください。',
  whyUnavailable: '今日は使用タイプとリージョンごとの内訳を読めませんでした。関数のログを確認してください。',
  monthHeading: (month, baseline) => `${month} と ${baseline} の比較（Cost Explorer）`,
  monthTotal: (after, before, change) => `合計: ${after}（前月 ${before}、${change}）`,
  monthService: (name, after, before, change) => `${name}: ${after}（前月 ${before}、${change}）`,
  monthDriver: (what, change) => `要因 ${what}: ${change}`,
  openAnomalies: 'Cost Anomaly Detection を開く',
  footerUtc: 'Cost Explorer の日付は UTC です。直近の日の金額は請求が確定するまで推定値です。',
  footerExcluded: (types) => `除外: ${types}（RECORD_TYPE）。`,
  footerMetric: (metric, requests) => `指標 ${metric}。今回の Cost Explorer リクエスト数: ${requests}（1 件 $0.01）。`,
  footerCurrency: (currency, rate, unit) =>
    `${currency} の金額は設定レート 1 ${unit} = ${rate} ${currency} による概算です。`,
  sms: (day, amount, monthToDate) => `AWS 料金 ${day}（UTC）${amount}、今月累計 ${monthToDate}`,
  planWarning: {
    title: {
      creditsRunOut14Days: (days) => `このペースでは AWS のクレジットが約 ${days} 日で尽きます`,
      creditsUsed50: 'AWS のクレジットの半分を使いました',
      creditsUsed80: 'AWS のクレジットの 80% を使いました',
      creditsUsed100: 'AWS のクレジットを使い切りました',
      planEnds30Days: (days) => `AWS の無料プランはあと ${days} 日で終了します`,
      planEnds7Days: (days) => `AWS の無料プランはあと ${days} 日で終了します`,
      planEnds1Day: 'AWS の無料プランは明日終了します',
    },
    summaryFree:
      '無料プランでは料金は一切かかりませんが、クレジットかプランが尽きると、有料プランにアップグレードしない限りアカウントは閉鎖されます（データはしばらく保持された後に削除されます）。',
    summaryPaid: '有料プランでは、クレジットを使い切った後の利用分は登録した支払い方法に請求されます。',
    field: {
      credits: 'クレジット残高',
      used: '使用済みのクレジット',
      lastUntil: '直近 7 日のペースでは',
      planEnds: 'プラン終了日',
      pace: 'クレジット適用前の 1 日の利用額（直近 7 日）',
    },
    lastsUntil: (date) => `${date} ごろまで`,
    outlasts: 'プラン終了後まで持つ',
    unused: '使われていません',
    actionUpgrade:
      'アカウントを使い続けるなら、有料プランにアップグレードしてください（請求コンソール > 無料利用枠 > プランをアップグレード）。',
    actionStop:
      'アカウントが不要なら、先に動いているものを停止してください（何にいくらかかっているかは Cost Explorer で確認できます）。無料プランでは請求されませんが、リソースはアカウントとともに失われます。',
    actionPaid:
      'クレジットが尽きる前に、不要なものを停止または縮小してください。何にいくらかかっているかは Cost Explorer で確認できます。',
    openFreeTier: '無料利用枠のページを開く',
    subject: (title) => `[Plan] ${title}`,
  },
  plan: {
    label: { free: '無料プラン', paid: '有料プラン' },
    credits: (credits, expires) => `クレジット残高 ${credits}${expires ? `（${expires} まで）` : ''}。`,
    lastUntil: (date) => `直近 7 日のペースでは ${date} ごろまで持ちます。`,
    outlast: '直近 7 日のペースではそれより長く持ちます。',
    unused: '直近 7 日間はクレジットが使われていません。',
    freeThen:
      'クレジットかプランが尽きると、有料プランにアップグレードしない限りアカウントは閉鎖されます。データはしばらく保持された後に削除されます。',
    paidThen: 'クレジットが尽きると、使った分は登録した支払い方法に請求されます。',
    noCredits: 'クレジットは残っていません。',
    expired: (date) =>
      `無料プランは${date ? ` ${date} に` : ''}終了しました。有料プランにアップグレードするまでアカウントは閉鎖され、しばらくするとデータが削除されます。`,
    notStarted: 'プランはまだ開始されていません。',
    usageBeforeCredits: 'クレジット適用前の利用額',
    creditsCover: (usage) =>
      `今月 ${usage}。対象の利用はまずクレジットで支払われるため、請求額 $0.00 は何も使っていないという意味ではありません。`,
    offersHeading: (percent) => `今月の上限の ${percent}% を超えた無料利用枠`,
    offerLine: (name, used, limit, unit, percent, forecast) =>
      `${name}: ${limit} ${unit} のうち ${used}（${percent}%）${forecast ? `、月末の予測 ${forecast}` : ''}`,
    activitiesHeading: 'まだ獲得できるクレジット（請求コンソールに表示される最初のステップ）',
    activityLine: (title, credit, inProgress) =>
      `${title}${credit ? `: ${credit}` : ''}${inProgress ? '（着手済み）' : ''}`,
    actionUpgrade:
      '無料プラン終了後もアカウントを使うなら、請求コンソール（無料利用枠のページ）でアップグレードしてください。使わないなら終了前に不要なものを停止してください。',
    actionOffer:
      '上限を超えた無料利用枠は課金されます。無料のままにしたい場合は、使っているリソースを停止または縮小してください（請求コンソールの無料利用枠のページ）。',
  },
};

export const COST_MESSAGES = { en: enCost, ja: jaCost } satisfies Record<Locale, CostMessages>;

/** The cost digest's email subject, in printable ASCII English in every language (as asciiSubject in en.ts). */
export const COST_SUBJECT = {
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
} as const;
