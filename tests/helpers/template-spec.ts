import { loadAwsServiceSpec } from '@aws-cdk/aws-service-spec';
import type { PropertyType, SpecDatabase } from '@aws-cdk/service-spec-types';
import { Statement } from 'iam-floyd';

/**
 * Checks a CloudFormation template against the CloudFormation registry schemas (@aws-cdk/aws-service-spec)
 * and every IAM action in it against iam-floyd's list of all actions, offline.
 */

let database: Promise<SpecDatabase> | undefined;

function isIntrinsic(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0] ?? '').startsWith('Fn::'));
}

function checkValue(db: SpecDatabase, type: PropertyType, value: unknown, path: string, problems: string[]): void {
  if (value === undefined || isIntrinsic(value)) return;
  switch (type.type) {
    case 'ref': {
      const definition = db.get('typeDefinition', type.reference.$ref);
      if (typeof value !== 'object' || Array.isArray(value) || value === null) {
        problems.push(`${path}: expected an object of ${definition.name}`);
        return;
      }
      for (const [name, inner] of Object.entries(value)) {
        const property = definition.properties[name];
        if (!property) problems.push(`${path}.${name}: ${definition.name} has no property ${name}`);
        else checkValue(db, property.type, inner, `${path}.${name}`, problems);
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) problems.push(`${path}: expected a list`);
      else
        for (const [index, item] of value.entries()) checkValue(db, type.element, item, `${path}[${index}]`, problems);
      return;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) problems.push(`${path}: expected a map`);
      else
        for (const [key, item] of Object.entries(value as object))
          checkValue(db, type.element, item, `${path}.${key}`, problems);
      return;
    case 'union':
      if (
        !type.types.some((candidate) => {
          const found: string[] = [];
          checkValue(db, candidate, value, path, found);
          return found.length === 0;
        })
      ) {
        problems.push(`${path}: matches none of its allowed types`);
      }
      return;
    case 'string':
    case 'date-time':
      if (typeof value !== 'string') problems.push(`${path}: expected a string, got ${JSON.stringify(value)}`);
      return;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
        problems.push(`${path}: expected a number, got ${JSON.stringify(value)}`);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') {
        problems.push(`${path}: expected a boolean, got ${JSON.stringify(value)}`);
      }
      return;
    default:
      return;
  }
}

/** Every resource type and property, by name and shape, as the CloudFormation registry defines them. */
export async function templateProblems(
  resources: Record<string, { Type: string; Properties?: object }>,
): Promise<string[]> {
  database ??= loadAwsServiceSpec();
  const db = await database;
  const problems: string[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    const [spec] = db.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    if (!spec) {
      problems.push(`${id}: ${resource.Type} is not a CloudFormation resource type`);
      continue;
    }
    for (const [name, value] of Object.entries(resource.Properties ?? {})) {
      const property = spec.properties[name];
      if (!property) problems.push(`${id}.${name}: ${resource.Type} has no property ${name}`);
      else checkValue(db, property.type, value, `${id}.${name}`, problems);
    }
    for (const [name, property] of Object.entries(spec.properties)) {
      if (property.required && !(name in (resource.Properties ?? {})))
        problems.push(`${id}: ${resource.Type} requires ${name}`);
    }
  }
  return problems;
}

let actions: Map<string, Record<string, unknown>> | undefined;

/** True when the IAM action exists, e.g. "s3:GetObject", per iam-floyd's generated list of every service. */
export function isIamAction(action: string): boolean {
  if (!actions) {
    actions = new Map();
    for (const StatementClass of Object.values(Statement) as unknown as (new () => Record<string, unknown>)[]) {
      try {
        const statement = new StatementClass();
        if (typeof statement.servicePrefix === 'string') actions.set(statement.servicePrefix, statement);
      } catch {
        // Not a service statement class.
      }
    }
  }
  const [prefix = '', name = ''] = action.split(':');
  return typeof actions.get(prefix.toLowerCase())?.[`to${name}`] === 'function';
}
