import { BudgetsClient, DescribeBudgetsCommand } from '@aws-sdk/client-budgets';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { perRegion } from '../src/lib/aws-clients.js';
import { whyAwsCallFailed } from './aws-failure.js';

/**
 * `npm run preflight`: what the by-hand tutorial left in the account, found with read-only calls,
 * and the deploy command that reuses it. Inspection (the AWS calls) and planning (pure) are apart,
 * so the plan is tested on plain facts and the inspection against a loopback endpoint.
 */

export interface ExistingTrail {
  name: string;
  arn: string;
  bucket: string;
  prefix?: string;
  multiRegion: boolean;
  organizationTrail: boolean;
  /** Undefined when GetTrailStatus could not be called. */
  logging?: boolean;
}

export interface ExistingBudget {
  name: string;
  amount?: string;
  unit?: string;
}

/** A hand-made EventBridge rule for console sign-ins, such as the tutorial's, with its targets. */
export interface SignInRule {
  region: string;
  name: string;
  targets: { id: string; arn: string }[];
}

export interface AccountFacts {
  accountId?: string;
  homeRegion: string;
  stage: string;
  trails: ExistingTrail[];
  organizationId?: string;
  budgets: ExistingBudget[];
  signInRules: SignInRule[];
  /** Email addresses subscribed to the hand-made rules' topics: the address the tutorial set up. */
  emails: string[];
  /** Checks that could not be made, each with the reason in one line. */
  unchecked: UncheckedFact[];
}

/**
 * A check that could not run. `decides` says which part of the deploy command depended on it: a command
 * built without that answer could create a second trail or budget, or miss the address, so none is printed.
 */
export interface UncheckedFact {
  what: string;
  action: string;
  reason: string;
  decides: 'account' | 'trail' | 'organization' | 'budget' | 'signInRules' | 'email' | 'nothing';
}

export interface PreflightClients {
  sts: STSClient;
  cloudTrail: CloudTrailClient;
  budgets: BudgetsClient;
  organizations: OrganizationsClient;
  /** One EventBridge and one SNS client per region searched for hand-made sign-in rules. */
  eventBridge: (region: string) => EventBridgeClient;
  sns: (region: string) => SNSClient;
}

/** The clients for the user's own credentials and the home region (Budgets and Organizations are global, in us-east-1). */
export function preflightClients(homeRegion: string): PreflightClients {
  return {
    sts: new STSClient({ region: homeRegion }),
    cloudTrail: new CloudTrailClient({ region: homeRegion }),
    budgets: new BudgetsClient({ region: 'us-east-1' }),
    organizations: new OrganizationsClient({ region: 'us-east-1' }),
    eventBridge: perRegion((region) => new EventBridgeClient({ region })),
    sns: perRegion((region) => new SNSClient({ region })),
  };
}

/** True for an EventBridge pattern that matches console sign-ins: source aws.signin or the sign-in detail type. */
export function matchesSignIns(eventPattern: string | undefined): boolean {
  if (!eventPattern) return false;
  try {
    const pattern = JSON.parse(eventPattern) as { source?: unknown; 'detail-type'?: unknown };
    const has = (value: unknown, wanted: string) => Array.isArray(value) && value.includes(wanted);
    return has(pattern.source, 'aws.signin') || has(pattern['detail-type'], 'AWS Console Sign In via CloudTrail');
  } catch {
    return false;
  }
}

/** Looks at the account with read-only calls; a call that is refused is noted, and the rest still run. */
export async function inspectAccount(
  clients: PreflightClients,
  options: { homeRegion: string; stage: string },
): Promise<AccountFacts> {
  const facts: AccountFacts = {
    homeRegion: options.homeRegion,
    stage: options.stage,
    trails: [],
    budgets: [],
    signInRules: [],
    emails: [],
    unchecked: [],
  };
  const ownName = `account-watch-${options.stage}`;
  const unchecked = (what: string, action: string, error: unknown, decides: UncheckedFact['decides']) =>
    facts.unchecked.push({ what, action, reason: whyAwsCallFailed(error, action), decides });
  try {
    facts.accountId = (await clients.sts.send(new GetCallerIdentityCommand({}))).Account;
  } catch (error) {
    unchecked('the account ID', 'sts:GetCallerIdentity', error, 'account');
  }

  try {
    const { trailList = [] } = await clients.cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    for (const trail of trailList) {
      if (!trail.Name || !trail.S3BucketName || trail.Name === ownName) continue;
      const found: ExistingTrail = {
        name: trail.Name,
        arn: trail.TrailARN ?? trail.Name,
        bucket: trail.S3BucketName,
        ...(trail.S3KeyPrefix ? { prefix: trail.S3KeyPrefix } : {}),
        multiRegion: trail.IsMultiRegionTrail === true,
        organizationTrail: trail.IsOrganizationTrail === true,
      };
      try {
        found.logging = (await clients.cloudTrail.send(new GetTrailStatusCommand({ Name: found.arn }))).IsLogging;
      } catch (error) {
        unchecked(`whether trail ${found.name} is logging`, 'cloudtrail:GetTrailStatus', error, 'nothing');
      }
      facts.trails.push(found);
    }
  } catch (error) {
    unchecked('the trails', 'cloudtrail:DescribeTrails', error, 'trail');
  }

  if (facts.trails.some((trail) => trail.organizationTrail)) {
    try {
      facts.organizationId = (await clients.organizations.send(new DescribeOrganizationCommand({}))).Organization?.Id;
    } catch (error) {
      unchecked('the organization ID', 'organizations:DescribeOrganization', error, 'organization');
    }
  }

  if (!facts.accountId) {
    // DescribeBudgets needs the account ID: never let "no budget found" stand for "could not look".
    facts.unchecked.push({
      what: 'the budgets',
      action: 'budgets:ViewBudget',
      reason: 'needs the account ID, which could not be read',
      decides: 'budget',
    });
  } else {
    try {
      let token: string | undefined;
      do {
        const page = await clients.budgets.send(
          new DescribeBudgetsCommand({ AccountId: facts.accountId, ...(token ? { NextToken: token } : {}) }),
        );
        for (const budget of page.Budgets ?? []) {
          if (!budget.BudgetName || budget.BudgetName === `account-watch-${options.stage}-monthly`) continue;
          facts.budgets.push({
            name: budget.BudgetName,
            amount: budget.BudgetLimit?.Amount,
            unit: budget.BudgetLimit?.Unit,
          });
        }
        token = page.NextToken;
      } while (token);
    } catch (error) {
      unchecked('the budgets', 'budgets:ViewBudget', error, 'budget');
    }
  }

  // The tutorial's rule lives where sign-ins are recorded (us-east-1 for root) or in the user's own region.
  for (const region of [...new Set([options.homeRegion, 'us-east-1'])]) {
    try {
      let token: string | undefined;
      do {
        const page = await clients.eventBridge(region).send(new ListRulesCommand({ NextToken: token }));
        for (const rule of page.Rules ?? []) {
          if (!rule.Name || rule.Name.startsWith('account-watch-') || !matchesSignIns(rule.EventPattern)) continue;
          const { Targets = [] } = await clients
            .eventBridge(region)
            .send(new ListTargetsByRuleCommand({ Rule: rule.Name, EventBusName: rule.EventBusName }));
          facts.signInRules.push({
            region,
            name: rule.Name,
            targets: Targets.filter((target) => target.Id && target.Arn).map((target) => ({
              id: target.Id ?? '',
              arn: target.Arn ?? '',
            })),
          });
        }
        token = page.NextToken;
      } while (token);
    } catch (error) {
      unchecked(`the sign-in rules in ${region}`, 'events:ListRules', error, 'signInRules');
    }
  }

  for (const rule of facts.signInRules) {
    for (const target of rule.targets.filter((candidate) => candidate.arn.includes(':sns:'))) {
      try {
        const { Subscriptions = [] } = await clients
          .sns(rule.region)
          .send(new ListSubscriptionsByTopicCommand({ TopicArn: target.arn }));
        for (const subscription of Subscriptions) {
          if (subscription.Protocol === 'email' && subscription.Endpoint) facts.emails.push(subscription.Endpoint);
        }
      } catch (error) {
        unchecked(`the email addresses subscribed to ${target.arn}`, 'sns:ListSubscriptionsByTopic', error, 'email');
      }
    }
  }
  facts.emails = [...new Set(facts.emails)];
  return facts;
}

/** Single quotes for a POSIX shell, so a bucket prefix or address is passed exactly. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

export interface PreflightPlan {
  /** The deploy command that reuses what exists; undefined when a check it depends on could not run. */
  command?: string;
  /** What was found and what the command does about it, one point a line. */
  findings: string[];
  /** Commands to run once the first alert from the stack has arrived. */
  cleanup: string[];
}

/** What to deploy, given what exists. Pure. */
export function planDeploy(facts: AccountFacts): PreflightPlan {
  const findings: string[] = [];
  const params: [string, string][] = [['email', facts.emails[0] ?? 'you@example.com']];
  if (facts.emails.length > 0) {
    findings.push(
      `Email: ${facts.emails.join(', ')} already receives the hand-made sign-in alerts; the command uses it.`,
    );
  }

  const failed = (decides: UncheckedFact['decides']) => facts.unchecked.filter((fact) => fact.decides === decides);
  const usable = [...facts.trails].sort(
    (a, b) => Number(b.logging === true) - Number(a.logging === true) || Number(b.multiRegion) - Number(a.multiRegion),
  );
  const trail = usable[0];
  const trailsUnknown = failed('trail')[0];
  if (trailsUnknown) {
    findings.push(`Trail: could not check (${trailsUnknown.reason}).`);
  } else if (!trail) {
    findings.push('Trail: none found, so the stack creates a multi-region trail and its bucket.');
  } else {
    params.push(['trailBucket', trail.bucket]);
    if (trail.prefix) params.push(['trailPrefix', trail.prefix]);
    findings.push(
      `Trail: ${trail.name} writes to s3://${trail.bucket}/${trail.prefix ? `${trail.prefix}/` : ''}; the command reuses it instead of creating a second trail (which would bill a second copy of the events).`,
    );
    if (trail.logging === false) {
      findings.push(
        `  It is NOT logging: start it with  aws cloudtrail start-logging --name ${shellQuote(trail.arn)}  or the security digest finds nothing.`,
      );
    }
    if (!trail.multiRegion) {
      findings.push(
        '  It records one region only: make it multi-region in the CloudTrail console to see every region.',
      );
    }
    if (trail.organizationTrail) {
      if (facts.organizationId) params.push(['organizationId', facts.organizationId]);
      else params.push(['organizationId', 'o-…']);
      findings.push(
        facts.organizationId
          ? `  It is an organization trail of ${facts.organizationId}: the command says so (add organizationAccounts to query member accounts).`
          : '  It is an organization trail: replace o-… with your organization ID (AWS Organizations console).',
      );
    }
    for (const other of usable.slice(1))
      findings.push(`  Also found trail ${other.name} (s3://${other.bucket}); not used.`);
  }

  const budgetsUnknown = failed('budget')[0];
  if (budgetsUnknown) {
    findings.push(`Budget: could not check (${budgetsUnknown.reason}).`);
  } else if (facts.budgets.length > 0) {
    const list = facts.budgets.map(
      (budget) => `${budget.name}${budget.amount ? ` (${Number(budget.amount)} ${budget.unit ?? ''})`.trimEnd() : ''}`,
    );
    findings.push(
      `Budget: ${list.join(', ')} already exists. monthlyBudget would create a second budget with its own alerts, so the command leaves it out; the cost digest then has no budget lines. To have them, delete the old budget and add --param="monthlyBudget=<amount>".`,
    );
  } else {
    params.push(['monthlyBudget', '20']);
    findings.push(
      'Budget: none found; the command sets the tutorial\u2019s 20 USD budget (change the amount to yours).',
    );
  }

  const cleanup: string[] = [];
  const rulesUnknown = failed('signInRules');
  for (const rules of rulesUnknown)
    findings.push(`Sign-in rule: could not check ${rules.what.replace('the sign-in rules ', '')} (${rules.reason}).`);
  if (facts.signInRules.length === 0 && rulesUnknown.length === 0) {
    findings.push('Sign-in rule: no hand-made rule for console sign-ins found.');
  }
  for (const rule of facts.signInRules) {
    findings.push(
      `Sign-in rule: ${rule.name} in ${rule.region} sends sign-ins to ${rule.targets.map((target) => target.arn).join(', ') || 'no target'}. Keep it until the first alert from the stack arrives, then delete it with the commands below, or every sign-in reaches you twice.`,
    );
    const region = `--region ${rule.region}`;
    if (rule.targets.length > 0) {
      cleanup.push(
        `aws events remove-targets ${region} --rule ${shellQuote(rule.name)} --ids ${rule.targets.map((target) => shellQuote(target.id)).join(' ')}`,
      );
    }
    cleanup.push(`aws events delete-rule ${region} --name ${shellQuote(rule.name)}`);
    for (const target of rule.targets.filter((candidate) => candidate.arn.includes(':sns:'))) {
      cleanup.push(`aws sns delete-topic ${region} --topic-arn ${shellQuote(target.arn)}`);
    }
  }
  for (const fact of facts.unchecked.filter((candidate) =>
    ['organization', 'email', 'nothing'].includes(candidate.decides),
  ))
    findings.push(`Could not check ${fact.what} (${fact.action}): ${fact.reason}.`);

  // A deploy command built on an unknown could create a second trail or budget: none until every check ran.
  if (facts.unchecked.some((fact) => fact.decides !== 'nothing')) return { findings, cleanup: [...new Set(cleanup)] };
  const command = [
    `npx serverless deploy --region ${facts.homeRegion}${facts.stage === 'prod' ? '' : ` --stage ${facts.stage}`}`,
    ...params.map(([name, value]) => `--param=${shellQuote(`${name}=${value}`)}`),
  ].join(' \\\n  ');
  return { command, findings, cleanup: [...new Set(cleanup)] };
}
