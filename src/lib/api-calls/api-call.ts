import { isRegionName } from '../aws-names.js';
import { asFields, type EnvelopeContext, type Fields, text } from '../cloudtrail/records.js';
import { cloudTrailEventUrl } from '../console-urls.js';
import { type CountryLookup, locateSource, type SourcePlace } from '../geo/locate.js';
import { summarizeUserAgent } from '../signin/user-agent.js';
import { parseEventTime } from '../time.js';

/**
 * The normalized API call: one shape for every "AWS API Call via CloudTrail" event, built only by
 * normalizeApiCall. Who (and with which access key), from where, what, on what, and whether it worked.
 */
export interface ApiCall {
  eventName: string;
  /** "iam.amazonaws.com". */
  eventSource: string;
  /** "iam", the part of eventSource before the first dot. */
  service: string;
  region?: string;
  accountId?: string;
  eventTime?: string;
  eventId?: string;
  readOnly?: boolean;
  principal: {
    /** CloudTrail's userIdentity.type: Root, IAMUser, AssumedRole, FederatedUser, AWSService, … */
    type?: string;
    arn?: string;
    /** A name a person recognises: the user name, "role/session", "root", or the service. */
    displayName: string;
    /** The IAM user's own name, when the caller is an IAM user (to tell "for another user" apart). */
    userName?: string;
    accessKeyId?: string;
    /** A service that made the call for the principal (cloudformation.amazonaws.com, …). */
    invokedBy?: string;
  };
  sourceIp?: string;
  source: SourcePlace;
  userAgent?: string;
  userAgentSummary?: string;
  /** Failed calls (an errorCode) are attempts: reported, never as done. */
  outcome: { status: 'succeeded' } | { status: 'failed'; errorCode: string; errorMessage?: string };
  requestParameters: Fields;
  responseElements: Fields;
  consoleUrl?: string;
}

function displayNameOf(identity: Fields, arn: string | undefined): string {
  const type = text(identity.type);
  if (type === 'Root') return 'root';
  const userName = text(identity.userName);
  if (type === 'IAMUser' && userName) return userName;
  const assumed = arn ? /:assumed-role\/(.+)$/.exec(arn) : null;
  if (assumed?.[1]) return assumed[1];
  const issuer = text(asFields(asFields(identity.sessionContext).sessionIssuer).userName);
  if (issuer) return issuer;
  if (type === 'AWSService') return text(identity.invokedBy) ?? 'an AWS service';
  return userName ?? arn ?? text(identity.principalId) ?? type ?? 'an unknown principal';
}

/** Builds the ApiCall model from one CloudTrail record. Never throws: every field is read defensively. */
export function normalizeApiCall(
  record: unknown,
  envelope: EnvelopeContext = {},
  country: CountryLookup = () => undefined,
): ApiCall {
  const fields = asFields(record);
  const identity = asFields(fields.userIdentity);
  const eventSource = text(fields.eventSource) ?? 'unknown';
  const arn = text(identity.arn);
  const region = text(fields.awsRegion) ?? envelope.region;
  const eventId = text(fields.eventID);
  const errorCode = text(fields.errorCode);
  const sourceIp = text(fields.sourceIPAddress);
  const userAgent = text(fields.userAgent);
  const eventTime = parseEventTime(fields.eventTime) ?? parseEventTime(envelope.time);
  const type = text(identity.type);
  return {
    eventName: text(fields.eventName) ?? 'Unknown',
    eventSource,
    service: eventSource.split('.')[0] ?? eventSource,
    region,
    accountId: text(fields.recipientAccountId) ?? text(identity.accountId) ?? envelope.account,
    eventTime: eventTime?.toISOString(),
    eventId,
    readOnly: typeof fields.readOnly === 'boolean' ? fields.readOnly : undefined,
    principal: {
      type,
      arn,
      displayName: displayNameOf(identity, arn),
      userName: type === 'IAMUser' ? text(identity.userName) : undefined,
      accessKeyId: text(identity.accessKeyId),
      invokedBy: text(identity.invokedBy),
    },
    sourceIp,
    source: locateSource(sourceIp, country),
    userAgent,
    userAgentSummary: userAgent ? summarizeUserAgent(userAgent) : undefined,
    outcome: errorCode
      ? { status: 'failed', errorCode, errorMessage: text(fields.errorMessage) }
      : { status: 'succeeded' },
    requestParameters: asFields(fields.requestParameters),
    responseElements: asFields(fields.responseElements),
    consoleUrl: eventId
      ? cloudTrailEventUrl(region && isRegionName(region) ? region : 'us-east-1', eventId)
      : undefined,
  };
}
