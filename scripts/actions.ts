/**
 * npm run actions: what was done from the alerts' links (the audit in the history table), and undoing one
 * with your own AWS credentials, the same undo the link's would do.
 *
 *   npm run actions -- list [--region REGION] [--stage prod]
 *   npm run actions -- undo ID [--region REGION] [--stage prod]
 */
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type AuditRecord, act, awsLockControl, iamKeyControl, tableActionStore } from '../src/lib/actions/act.js';
import { whyAwsCallFailed } from './aws-failure.js';
import { fail, option, parseCommandLine, runTool, stageRegion } from './cli.js';

const USAGE = `Usage: npm run actions -- list | undo ID [--region REGION] [--stage prod]
  list   the latest actions taken from alerts' links (newest first): when, what, on what, confirmed from where
  undo   reverses one (its ID is the first column of list): a key made active again, a policy removed,
         instances started, a mute or "this was me" ended. Uses your AWS credentials.
  --region  the stack's region (default: the one npm run setup kept, else $AWS_REGION, else us-east-1)
  --stage   the stack's stage (default prod)`;

const { values, positionals } = parseCommandLine(
  USAGE,
  { region: option.region(), stage: option.stage() },
  { max: 2, describe: 'list, or undo and an ID' },
);
const [command, id] = positionals;
if (command !== 'list' && command !== 'undo') fail('say list or undo ID', USAGE);
if (command === 'undo' && !id) fail('undo needs the ID that npm run actions -- list shows', USAGE);
const region = stageRegion(values.stage, values.region);

/** One line a record: ID, what, on what, who confirmed it, and whether it was undone. */
function describe(record: AuditRecord): string {
  const on = record.accessKey ?? record.role ?? record.instances?.join(',') ?? record.principal ?? record.detection;
  const until = record.until ? ` until ${new Date(record.until * 1000).toISOString()}` : '';
  const undone = record.undoneAt ? ` (undone ${record.undoneAt})` : '';
  return `${record.id}  ${record.action} ${on}${until}  from ${record.sourceIp} (${record.userAgent})${undone}`;
}

await runTool(async () => {
  const functionName = `account-watch-${values.stage}-alertActions`;
  let tableName: string | undefined;
  try {
    const configuration = await new LambdaClient({ region }).send(
      new GetFunctionConfigurationCommand({ FunctionName: functionName }),
    );
    tableName = configuration.Environment?.Variables?.HISTORY_TABLE;
  } catch (error) {
    console.error(
      `Could not read ${functionName} in ${region}: ${whyAwsCallFailed(error, 'lambda:GetFunctionConfiguration')}`,
    );
    process.exitCode = 1;
    return;
  }
  if (!tableName) {
    console.error(`${functionName} names no history table: is actions=true deployed in ${region}?`);
    process.exitCode = 1;
    return;
  }
  const store = tableActionStore(new DynamoDBClient({ region }), tableName);
  if (command === 'list') {
    const records = await store.listAudit(50);
    console.log(records.length > 0 ? records.map(describe).join('\n') : 'No action was taken from an alert yet.');
    return;
  }
  const iam = new IAMClient({ region });
  const ec2 = new Map<string, EC2Client>();
  const outcome = await act(
    {
      action: 'undo',
      alert: id as string,
      detection: 'npm run actions',
      account: 'local',
      expires: Math.floor(Date.now() / 1000) + 60,
      nonce: randomBytes(12).toString('base64url'),
    },
    undefined,
    { sourceIp: 'npm run actions', userAgent: userInfo().username, nowMs: Date.now() },
    {
      store,
      keys: iamKeyControl(async () => iam),
      locks: awsLockControl(
        async () => iam,
        async (at) => {
          const client = ec2.get(at) ?? new EC2Client({ region: at });
          ec2.set(at, client);
          return client;
        },
      ),
    },
  );
  if (outcome.ok) console.log(`Undone: ${describe(outcome.record)}`);
  else {
    console.error(
      outcome.reason === 'used'
        ? `${id}: no such action, or it was undone already (npm run actions -- list).`
        : `${id}: could not be undone (${outcome.reason}); see the console.`,
    );
    process.exitCode = 1;
  }
});
