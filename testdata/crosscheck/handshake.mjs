// Cross-check oracle for clerktest's Frontend API: reads {client, cases} on
// stdin, runs @clerk/backend's authenticateRequest on each case (a request
// carrying a handshake nonce or token that clerktest handed out), so the
// nonce is exchanged through clerktest's Backend API and the session token
// verified with its JWKS. Prints a JSON array of {name, status, reason,
// location, setCookie, userId} as the last line.
import { createClerkClient } from '@clerk/backend';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => (s += d)); process.stdin.on('end', () => r(s)); }));
const clerk = createClerkClient({ ...input.client, telemetry: { disabled: true } });
const out = [];
for (const c of input.cases) {
  try {
    const st = await clerk.authenticateRequest(new Request(c.url, { method: c.method ?? 'GET', headers: c.headers ?? {} }), c.options ?? {});
    out.push({ name: c.name, status: st.status, reason: st.reason ?? '', location: st.headers.get('location') ?? '',
      setCookie: st.headers.getSetCookie(), userId: st.toAuth()?.userId ?? '' });
  } catch (e) {
    out.push({ name: c.name, status: 'threw', reason: String(e.message).split('\n')[0] });
  }
}
process.stdout.write('\n' + JSON.stringify(out) + '\n');
