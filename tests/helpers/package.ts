import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Template = {
  Conditions?: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Condition?: string; DeletionPolicy?: string; Properties: Record<string, unknown> }
  >;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
};

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs `npx serverless package` offline into a fresh folder and returns that folder and the CloudFormation template. */
export function packageService(args: string[]): { dir: string; template: Template } {
  const dir = mkdtempSync(join(tmpdir(), 'account-watch-package-'));
  execFileSync('npx', ['serverless', 'package', '--package', dir, ...args], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
  });
  const template = JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { dir, template };
}

/** Every IAM policy statement in the template (roles' inline policies), with the resource that holds it. */
export function policyStatements(template: Template): { owner: string; statement: Record<string, unknown> }[] {
  const found: { owner: string; statement: Record<string, unknown> }[] = [];
  const collect = (owner: string, statement: unknown) => {
    if (!statement || typeof statement !== 'object') return;
    const ifValue = (statement as { 'Fn::If'?: unknown[] })['Fn::If'];
    if (Array.isArray(ifValue)) {
      collect(owner, ifValue[1]);
      collect(owner, ifValue[2]);
      return;
    }
    if ('Effect' in statement) found.push({ owner, statement: statement as Record<string, unknown> });
  };
  for (const [name, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Role') continue;
    const policies = (resource.Properties.Policies ?? []) as { PolicyDocument: { Statement: unknown[] } }[];
    for (const policy of policies) for (const statement of policy.PolicyDocument.Statement) collect(name, statement);
  }
  return found;
}

export function actionsOf(statement: Record<string, unknown>): string[] {
  const action = statement.Action;
  return Array.isArray(action) ? (action as string[]) : [action as string];
}
