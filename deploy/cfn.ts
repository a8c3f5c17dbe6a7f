/** The small part of CloudFormation's template language the stack modules write. */

/** A value in a template: text, a number or boolean, a list, or an intrinsic function such as { Ref: … }. */
export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

export interface Resource {
  Type: string;
  Properties: Record<string, CfnValue>;
  DependsOn?: string[];
  DeletionPolicy?: 'Retain' | 'Delete';
  UpdateReplacePolicy?: 'Retain' | 'Delete';
}

/** Fn::Sub, with or without a variable map. */
export function sub(text: string, variables?: Record<string, CfnValue>): CfnValue {
  return variables ? { 'Fn::Sub': [text, variables] } : { 'Fn::Sub': text };
}

/** The logical ID prefix osls gives a function: signinAlert → SigninAlert (as in SigninAlertLambdaFunction). */
export function logicalIdOf(functionName: string): string {
  return functionName.charAt(0).toUpperCase() + functionName.slice(1);
}
