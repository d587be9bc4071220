// Cross-check oracle for the handshake flow: reads {apiUrl, secretKey,
// cases} on stdin, runs @clerk/backend's authenticateRequest on each case
// (options carry the keys, satellite and proxy settings) with Date.now()
// pinned, against the loopback Backend API at apiUrl, and prints a JSON
// array of {name, status, reason, location, setCookie} as the last line.
import { createClerkClient } from '@clerk/backend';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => (s += d)); process.stdin.on('end', () => r(s)); }));
const clerk = createClerkClient({ apiUrl: input.apiUrl, secretKey: input.secretKey, telemetry: { disabled: true } });
const realNow = Date.now;
const out = [];
const quiet = { log: console.log, error: console.error, warn: console.warn };
console.log = console.error = console.warn = () => {};
for (const c of input.cases) {
  Date.now = () => c.nowMs;
  try {
    const st = await clerk.authenticateRequest(new Request(c.url, { method: c.method, headers: c.headers }), c.options);
    const names = st.headers.getSetCookie().map(x => x.split(';')[0].split('=')[0].trim());
    out.push({ name: c.name, status: st.status, reason: st.reason ?? '', location: st.headers.get('location') ?? '', setCookie: names });
  } catch (e) {
    out.push({ name: c.name, status: 'threw', reason: '', location: '', setCookie: [] });
  }
}
Date.now = realNow;
Object.assign(console, quiet);
process.stdout.write('\n' + JSON.stringify(out) + '\n');
