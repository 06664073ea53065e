// sma's Node.js runner: calls a Lambda handler function with the event on stdin and prints
// its result on stdout. Usage: node node-runner.js FILE EXPORT (or `node -e CODE FILE EXPORT`:
// the last two arguments). No dependencies; Node 20. The context is deterministic (its request
// id comes from the event's Sequence).
'use strict';
const path = require('path');

const [file, exportName] = process.argv.slice(-2);

// The response owns stdout: what the handler itself prints (console.log...) goes to stderr, as
// Lambda sends it to the function's logs.
const writeResponse = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);

function context(sequence) {
  return {
    functionName: 'sma-simulate',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:sma-simulate',
    memoryLimitInMB: '128',
    awsRequestId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    logGroupName: '/aws/lambda/sma-simulate',
    logStreamName: 'sma-simulate',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 20000,
  };
}

function done(err, result) {
  if (err) {
    process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
    process.exit(1);
  }
  writeResponse(JSON.stringify(result === undefined ? null : result));
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  let fn;
  try {
    const mod = require(path.resolve(file));
    fn = mod[exportName];
    if (typeof fn !== 'function') throw new Error(`${file} exports no function \`${exportName}\``);
  } catch (e) {
    done(e);
    return;
  }
  let settled = false;
  const callback = (err, result) => { if (!settled) { settled = true; done(err, result); } };
  try {
    const event = JSON.parse(input);
    const out = fn(event, context(event.Sequence || 1), callback);
    if (out && typeof out.then === 'function') {
      out.then((r) => callback(null, r), (e) => callback(e));
    } else if (fn.length < 3) {
      callback(null, out);
    }
  } catch (e) {
    callback(e);
  }
});
