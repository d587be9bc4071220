// Cross-check oracle for webhook_crosscheck_test.go, using the svix library.
// Reads a JSON array of cases on stdin and prints a JSON array of results.
//   node svix.mjs sign:   [{secret, id, timestamp, payload}] -> ["v1,…", …]
//   node svix.mjs verify: [{secret, headers, payload}]       -> [{ok, error}, …]
import { Webhook } from 'svix';

const mode = process.argv[2];
let input = '';
for await (const chunk of process.stdin) input += chunk;
const cases = JSON.parse(input);
const out = cases.map((c) => {
  const wh = new Webhook(c.secret);
  if (mode === 'sign') {
    return wh.sign(c.id, new Date(c.timestamp * 1000), c.payload);
  }
  try {
    wh.verify(c.payload, c.headers);
    return { ok: true, error: '' };
  } catch (e) {
    return { ok: false, error: String(e && e.message) };
  }
});
process.stdout.write(JSON.stringify(out));
