import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shape of src/: no module imports itself in a circle (types included: a circle of types is a circle of
 * meaning), the channel port knows none of its adapters, and each capability's settings type is its own,
 * so config.ts (the loaders) depends on the capabilities and never the other way round.
 */

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  );
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)[^'";]*?from\s+'(\.[^']+)'/gm)].map((match) =>
    resolve(dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts')),
  );
}

const graph = new Map(sourceFiles(SRC).map((file) => [file, importsOf(file)]));
const name = (file: string) => relative(SRC, file);

describe('the modules of src/', () => {
  it('import each other without a circle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].map(name).join(' -> '));
        else if (!state.has(next)) visit(next, [...path, next]);
      }
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
    expect(cycles).toEqual([]);
  });

  it('keep the channel port free of its adapters', () => {
    expect((graph.get(join(SRC, 'lib', 'notify', 'channel.ts')) ?? []).map(name)).toEqual([
      'lib/notify/notification.ts',
    ]);
  });

  it('declare each capability\u2019s settings beside it, never importing the loaders', () => {
    const config = join(SRC, 'lib', 'config.ts');
    const importers = [...graph].filter(([, imports]) => imports.includes(config)).map(([file]) => name(file));
    // Only the handlers (which load their settings once) and nothing in lib/ read config.ts.
    expect(importers.filter((file) => !file.startsWith('handlers/'))).toEqual([]);
  });
});
