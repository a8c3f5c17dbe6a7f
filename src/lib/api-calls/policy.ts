import { accountOf, asList, field, type Json, parseJsonDocument, str } from './read.js';

/**
 * One evaluator for every resource policy and trust policy a detection reads: who, outside the account, does
 * this policy let in? It answers as AWS itself decides what is "public" (S3 Block Public Access, IAM Access
 * Analyzer): a statement that allows everyone is public unless a condition pins the caller or the request to
 * fixed values (an account, an organization, a source ARN, a VPC or endpoint, a user ID, a narrow IP range);
 * a principal or a pinned account that is not the account's own is a grant to another account. Deny
 * statements grant nothing. Service principals (`cloudtrail.amazonaws.com`) are AWS acting for the owner,
 * not outsiders, and federated principals are the trust detections' own question.
 */

export type PolicyStatement = Record<string, Json>;

/** A grant to someone outside the account: everyone, or one other account. */
export interface OutsideGrant {
  kind: 'public' | 'account';
  /** "*" for everyone, else the 12-digit account ID (or the principal as written, when it names no account). */
  who: string;
  statement: PolicyStatement;
}

export interface PolicyOwner {
  /** The account that owns the resource (the call's recipient account). */
  accountId?: string;
  /** Other accounts counted as the owner's own (the organization's, when configured). */
  trustedAccounts?: readonly string[];
}

/** The statements of a policy document, whatever shape CloudTrail recorded it in. */
export function policyStatements(document: Json): PolicyStatement[] {
  const statement = field(parseJsonDocument(document), 'Statement');
  return asList(statement).filter(
    (entry): entry is PolicyStatement => typeof entry === 'object' && entry !== null && !Array.isArray(entry),
  );
}

export function allows(statement: PolicyStatement): boolean {
  return str(statement.Effect)?.toLowerCase() === 'allow';
}

function stringsOf(value: Json): string[] {
  return asList(value).filter((entry): entry is string => typeof entry === 'string');
}

/** The statement's actions, lower-cased ("s3:getobject"); NotAction counts as every action. */
export function statementActions(statement: PolicyStatement): string[] {
  if (statement.NotAction !== undefined) return ['*'];
  return stringsOf(statement.Action).map((action) => action.toLowerCase());
}

/** Principals of a statement: everyone, AWS accounts or ARNs, services and federated providers. */
export function statementPrincipals(statement: PolicyStatement): {
  everyone: boolean;
  aws: string[];
  federated: string[];
} {
  // Allow with NotPrincipal lets in everyone but the few it names.
  if (statement.NotPrincipal !== undefined) return { everyone: true, aws: [], federated: [] };
  const principal = statement.Principal;
  if (principal === '*') return { everyone: true, aws: [], federated: [] };
  const aws = stringsOf(field(principal, 'AWS'));
  return {
    everyone: aws.includes('*'),
    aws: aws.filter((entry) => entry !== '*'),
    federated: stringsOf(field(principal, 'Federated')),
  };
}

/** Condition keys that pin the caller's account (their values are account IDs). */
const ACCOUNT_KEYS = new Set([
  'aws:sourceaccount',
  'aws:sourceowner',
  'aws:principalaccount',
  'kms:calleraccount',
  's3:dataaccesspointaccount',
  'aws:resourceaccount',
]);
/** Keys whose values are ARNs: the account inside each ARN is the one let in. */
const ARN_KEYS = new Set(['aws:sourcearn', 'aws:principalarn', 's3:dataaccesspointarn']);
/** Keys that keep a statement inside an organization, a network or a single identity. */
const NARROWING_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:resourceorgid',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:userid',
  'aws:principalserviceName'.toLowerCase(),
  'kms:viaservice',
]);
/** Operators that limit a key to the listed values (the negated ones and "IfExists" on a missing key do not). */
const LIMITING_OPERATOR =
  /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/i;

interface Narrowing {
  /** Accounts the conditions pin the statement to, when they do. */
  accounts?: string[];
  /** Pinned to something that is not an account but is not everyone (an organization, a VPC, a narrow range). */
  narrowed: boolean;
}

function isWildcard(value: string): boolean {
  return /^\*+$/.test(value.trim());
}

/** An IP condition narrows unless it admits the whole internet (/0) or a block larger than a /8. */
function narrowCidr(cidr: string): boolean {
  const bits = Number(/\/(\d+)$/.exec(cidr.trim())?.[1] ?? (cidr.includes(':') ? 128 : 32));
  return cidr.includes(':') ? bits >= 32 : bits >= 8;
}

function conditionNarrowing(statement: PolicyStatement): Narrowing {
  const result: Narrowing = { narrowed: false };
  const condition = statement.Condition;
  if (typeof condition !== 'object' || condition === null) return result;
  for (const [operator, block] of Object.entries(condition as Record<string, Json>)) {
    if (!LIMITING_OPERATOR.test(operator) || typeof block !== 'object' || block === null) continue;
    for (const [rawKey, rawValues] of Object.entries(block as Record<string, Json>)) {
      const key = rawKey.toLowerCase();
      const values = stringsOf(rawValues);
      if (values.length === 0 || values.some(isWildcard)) continue;
      if (ACCOUNT_KEYS.has(key)) {
        result.accounts = [...(result.accounts ?? []), ...values.map((value) => value.trim())];
      } else if (ARN_KEYS.has(key)) {
        // An ARN without an account (an S3 bucket's) still pins the caller to one named resource.
        const accounts = values.map((value) => accountOf(value)).filter((value): value is string => !!value);
        if (accounts.length > 0) result.accounts = [...(result.accounts ?? []), ...accounts];
        else result.narrowed = true;
      } else if (NARROWING_KEYS.has(key)) {
        result.narrowed = true;
      } else if (key === 'aws:sourceip' && values.every(narrowCidr)) {
        result.narrowed = true;
      }
    }
  }
  return result;
}

/**
 * Everyone and every other account this policy lets in, one entry per (statement, outsider). Empty when the
 * policy is limited to the account, its trusted accounts or its organization.
 */
export function outsideGrants(document: Json, owner: PolicyOwner): OutsideGrant[] {
  const own = (account: string) => account === owner.accountId || !!owner.trustedAccounts?.includes(account);
  const grants: OutsideGrant[] = [];
  for (const statement of policyStatements(document).filter(allows)) {
    const principals = statementPrincipals(statement);
    const narrowing = conditionNarrowing(statement);
    const pinned = narrowing.accounts?.filter((account) => !own(account));
    if (principals.everyone) {
      if (narrowing.accounts) {
        for (const account of new Set(pinned)) grants.push({ kind: 'account', who: account, statement });
      } else if (!narrowing.narrowed) {
        grants.push({ kind: 'public', who: '*', statement });
      }
    }
    for (const principal of principals.aws) {
      const account = accountOf(principal);
      if (account && own(account)) continue;
      // A pinned condition on the caller's own account makes a foreign principal unusable.
      if (narrowing.accounts && pinned?.length === 0) continue;
      grants.push({ kind: 'account', who: account ?? principal, statement });
    }
  }
  return grants;
}

/** "Allow * ecr:BatchGetImage, ecr:GetDownloadUrlForLayer (Sid PublicRead)": the statement that makes it dangerous. */
export function describeGrant(grant: OutsideGrant): string {
  const actions = stringsOf(grant.statement.Action);
  const shown = grant.statement.NotAction !== undefined ? ['NotAction …'] : actions.slice(0, 3);
  const more = actions.length > 3 ? ` +${actions.length - 3}` : '';
  const sid = str(grant.statement.Sid);
  return `Allow ${grant.who} ${shown.join(', ') || '?'}${more}${sid ? ` (Sid ${sid})` : ''}`;
}

/** True when a statement allows every action (`*`, `*:*`) or every IAM action (`iam:*`) on every resource. */
export function grantsAdministration(document: Json): PolicyStatement | undefined {
  return policyStatements(document).find(
    (statement) =>
      allows(statement) &&
      statementActions(statement).some((action) => action === '*' || action === '*:*' || action === 'iam:*') &&
      (statement.NotResource !== undefined || stringsOf(statement.Resource).some(isWildcard)),
  );
}

/** "Allow iam:* on *": an administration statement in a few words, the same in every language. */
export function describeStatement(statement: PolicyStatement): string {
  const actions = statement.NotAction !== undefined ? ['NotAction …'] : stringsOf(statement.Action).slice(0, 3);
  const resources = statement.NotResource !== undefined ? ['NotResource …'] : stringsOf(statement.Resource).slice(0, 2);
  const sid = str(statement.Sid);
  return `Allow ${actions.join(', ')} on ${resources.join(', ') || '?'}${sid ? ` (Sid ${sid})` : ''}`;
}

/** An AWS managed policy that amounts to administration: everything, or every IAM action (which grants the rest). */
export function isAdministratorPolicyArn(arn: string | undefined): boolean {
  return !!arn && /:policy\/(AdministratorAccess|IAMFullAccess)$/.test(arn);
}
