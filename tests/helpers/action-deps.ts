import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import type { LocalHistoryTable } from '../../dev/history-table.js';
import { awsLockControl, iamKeyControl, tableActionStore } from '../../src/lib/actions/act.js';
import type { ActionDeps } from '../../src/lib/actions/http.js';
import type { Notification } from '../../src/lib/notify/notification.js';

/**
 * alertActions' dependencies as the tests run them: the actions kept in dynalite's history table, IAM and EC2
 * on one loopback endpoint, every announcement collected in `announced`, the clock fixed.
 */
export function loopbackActionDeps(options: {
  secret: string;
  account: string;
  awsUrl: string;
  table: LocalHistoryTable;
  announced: Notification[];
  nowMs: number;
}): ActionDeps {
  const iam = new IAMClient({
    region: 'us-east-1',
    endpoint: options.awsUrl,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  });
  return {
    secret: options.secret,
    account: options.account,
    locale: 'en',
    timeZone: 'UTC',
    store: tableActionStore(options.table.client, options.table.tableName),
    keys: iamKeyControl(async () => iam),
    locks: awsLockControl(
      async () => iam,
      async (region) => new EC2Client({ region, endpoint: options.awsUrl }),
    ),
    announce: async (notification) => {
      options.announced.push(notification);
    },
    now: () => options.nowMs,
  };
}
