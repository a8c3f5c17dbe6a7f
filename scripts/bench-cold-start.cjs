'use strict';
// One cold start, measured in a fresh process: load the bundle, then invoke it once.
// Plain CommonJS on purpose: no loader hooks between node and the bundle being measured.
// Usage: node scripts/bench-cold-start.cjs <bundle.js> <event.json|-> ; prints one JSON line.
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

const [bundle, eventFile] = process.argv.slice(2);
const event = eventFile && eventFile !== '-' ? JSON.parse(readFileSync(eventFile, 'utf8')) : {};
const context = {
  getRemainingTimeInMillis: () => 60_000,
  functionName: 'bench',
  awsRequestId: 'bench',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
};

const start = performance.now();
const { handler } = require(bundle);
const loaded = performance.now();
Promise.resolve(handler(event, context)).then(
  () => {
    const invoked = performance.now();
    // performance.now() counts from the process's start, so totalMs includes Node's own boot,
    // as a Lambda cold start includes the runtime's.
    const result = { bootMs: start, loadMs: loaded - start, invokeMs: invoked - loaded, totalMs: invoked };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    // The SDK keeps its connections alive, as in Lambda; end the process rather than wait for them.
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
