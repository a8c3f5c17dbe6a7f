import { isStageName, STAGE_NAME_RULE } from '../src/lib/aws-names.js';
import { apiCallForwardingRules } from './api-calls.js';

/**
 * The forwarding stack's plugin: adds the API-call rules (the detection catalogue's patterns, packed as in
 * the home region) beside the sign-in rule, and lets them use the stack's dead-letter queue. The candidates
 * are chosen in the region they happen in, so only they cross to the home region.
 */

interface Serverless {
  service: {
    provider: { stage: string };
    resources?: { Resources?: Record<string, { Properties?: Record<string, unknown> }> };
  };
}

type Options = { stage?: string; param?: string | string[] };

export class ForwardingPlugin {
  readonly hooks: Record<string, () => void>;

  constructor(
    private readonly serverless: Serverless,
    private readonly options: Options,
  ) {
    this.hooks = { initialize: () => this.addApiCallRules() };
  }

  private addApiCallRules(): void {
    const { service } = this.serverless;
    const stage = this.options.stage ?? service.provider.stage ?? 'prod';
    if (!isStageName(stage)) throw new Error(`--stage "${stage}" is not a stage name: ${STAGE_NAME_RULE}`);
    const resources = service.resources?.Resources;
    const policy = resources?.ForwardDeadLetterQueuePolicy?.Properties?.PolicyDocument as
      | { Statement: Array<{ Condition: { ArnEquals: { 'aws:SourceArn': unknown[] } } }> }
      | undefined;
    if (!resources || !policy)
      throw new Error('serverless-forwarding.yml has no ForwardDeadLetterQueuePolicy to extend');
    const homeBus = (resources.ForwardRule?.Properties?.Targets as Array<{ Arn: unknown }> | undefined)?.[0]?.Arn;
    // --param="apiCallReads=true" (npm run forwarding -- deploy --reads): the read-only detections' rules too.
    const params = [this.options.param ?? []].flat();
    const reads = params.includes('apiCallReads=true');
    const rules = apiCallForwardingRules(stage, homeBus as never, { reads });
    Object.assign(resources, rules);
    for (const statement of policy.Statement) {
      statement.Condition.ArnEquals['aws:SourceArn'].push(
        ...Object.keys(rules).map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
      );
    }
  }
}
