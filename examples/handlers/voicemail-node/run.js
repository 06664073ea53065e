// Reads one invocation event on stdin, prints the handler's response on stdout.
'use strict';
const { handler } = require(process.argv[2] || './handler.js');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const out = await handler(JSON.parse(input));
  process.stdout.write(JSON.stringify(out === undefined ? null : out));
});
