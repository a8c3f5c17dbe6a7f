/**
 * The one CloudTrail schema: the record fields the saved queries can use, named as CloudTrail writes
 * them. The Glue table for Athena (deploy/athena.ts) and the DuckDB view for local runs (local.ts)
 * are both generated from it, so the two engines see the same columns.
 *
 * Athena's JSON SerDe matches field names without regard to case and Glue keeps them lower-case, so
 * a column's SQL name is its CloudTrail name in lower case: sourceIPAddress → sourceipaddress.
 */

/** A field's type: text; text holding JSON (how Athena declares requestParameters and the like); or nested. */
export type FieldType =
  | 'string'
  | 'jsonText'
  | { struct: Record<string, FieldType> }
  | { arrayOf: { struct: Record<string, FieldType> } }
  | { mapOf: 'string' };

export interface Column {
  /** The field as CloudTrail writes it, e.g. sourceIPAddress. */
  field: string;
  type: FieldType;
}

const sessionIssuer = { type: 'string', principalId: 'string', arn: 'string', accountId: 'string', userName: 'string' };

/** The record's fields, in the order AWS documents the CloudTrail table for Athena. */
export const CLOUDTRAIL_COLUMNS: readonly Column[] = [
  { field: 'eventVersion', type: 'string' },
  {
    field: 'userIdentity',
    type: {
      struct: {
        type: 'string',
        principalId: 'string',
        arn: 'string',
        accountId: 'string',
        invokedBy: 'string',
        accessKeyId: 'string',
        userName: 'string',
        onBehalfOf: { struct: { userId: 'string', identityStoreArn: 'string' } },
        sessionContext: {
          struct: {
            attributes: { struct: { mfaAuthenticated: 'string', creationDate: 'string' } },
            sessionIssuer: { struct: sessionIssuer as Record<string, FieldType> },
            ec2RoleDelivery: 'string',
            webIdFederationData: { struct: { federatedProvider: 'string', attributes: { mapOf: 'string' } } },
          },
        },
      },
    },
  },
  { field: 'eventTime', type: 'string' },
  { field: 'eventSource', type: 'string' },
  { field: 'eventName', type: 'string' },
  { field: 'awsRegion', type: 'string' },
  { field: 'sourceIPAddress', type: 'string' },
  { field: 'userAgent', type: 'string' },
  { field: 'errorCode', type: 'string' },
  { field: 'errorMessage', type: 'string' },
  { field: 'requestParameters', type: 'jsonText' },
  { field: 'responseElements', type: 'jsonText' },
  { field: 'additionalEventData', type: 'jsonText' },
  { field: 'requestID', type: 'string' },
  { field: 'eventID', type: 'string' },
  { field: 'readOnly', type: 'string' },
  { field: 'resources', type: { arrayOf: { struct: { ARN: 'string', accountId: 'string', type: 'string' } } } },
  { field: 'eventType', type: 'string' },
  { field: 'apiVersion', type: 'string' },
  { field: 'recipientAccountId', type: 'string' },
  { field: 'serviceEventDetails', type: 'jsonText' },
  { field: 'sharedEventID', type: 'string' },
  { field: 'vpcEndpointId', type: 'string' },
  {
    field: 'tlsDetails',
    type: { struct: { tlsVersion: 'string', cipherSuite: 'string', clientProvidedHostHeader: 'string' } },
  },
];

/**
 * The partition columns: where the trail writes a record (…/AWSLogs/<account>/CloudTrail/<region>/<yyyy/MM/dd>/).
 * Athena projects them from the S3 path; locally they come from the record itself.
 */
export const PARTITION_COLUMNS = {
  /** Only an organization trail's table has it. */
  account: 'recipientAccountId',
  region: 'awsRegion',
  date: 'eventTime',
} as const;

export type PartitionColumn = keyof typeof PARTITION_COLUMNS;

/** The SQL name of a field. */
export function columnName(field: string): string {
  return field.toLowerCase();
}

/** The Hive type Glue and Athena take, e.g. struct<arn:string,accountid:string,type:string>. */
export function athenaType(type: FieldType): string {
  if (type === 'string' || type === 'jsonText') return 'string';
  if ('mapOf' in type) return 'map<string,string>';
  if ('arrayOf' in type) return `array<${athenaType(type.arrayOf)}>`;
  const fields = Object.entries(type.struct).map(([field, inner]) => `${columnName(field)}:${athenaType(inner)}`);
  return `struct<${fields.join(',')}>`;
}

/** Every column path a query may name: "eventname", "useridentity.sessioncontext.sessionissuer.arn", and the partitions. */
export function columnPaths(): Set<string> {
  const paths = new Set<string>(Object.keys(PARTITION_COLUMNS));
  const walk = (prefix: string, type: FieldType) => {
    paths.add(prefix);
    if (typeof type === 'object' && 'struct' in type) {
      for (const [field, inner] of Object.entries(type.struct)) walk(`${prefix}.${columnName(field)}`, inner);
    }
  };
  for (const column of CLOUDTRAIL_COLUMNS) walk(columnName(column.field), column.type);
  return paths;
}
