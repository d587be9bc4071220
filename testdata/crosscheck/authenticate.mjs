// Cross-check oracle for request authentication: reads {client, cases} on
// stdin, runs @clerk/backend's authenticateRequest on each case with
// Date.now() pinned, and prints a JSON array of {name, status, reason} as
// the last line. Networkless: the key is passed as jwtKey, and no case
// carries a refresh cookie or a handshake nonce.
import { createClerkClient } from '@clerk/backend';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => (s += d)); process.stdin.on('end', () => r(s)); }));
const clerk = createClerkClient({ ...input.client, telemetry: { disabled: true } });
const realNow = Date.now;
const out = [];
for (const c of input.cases) {
  Date.now = () => c.nowMs;
  try {
    const st = await clerk.authenticateRequest(new Request(c.url, { method: c.method, headers: c.headers }), c.options);
    out.push({ name: c.name, status: st.status, reason: st.reason ?? '' });
  } catch (e) {
    out.push({ name: c.name, status: 'threw', reason: String(e.message).split('\n')[0] });
  }
}
Date.now = realNow;
process.stdout.write('\n' + JSON.stringify(out) + '\n');
