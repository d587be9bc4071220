// Cross-check oracle: reads a JSON array of cases on stdin, runs
// @clerk/backend's verifyToken on each with Date.now() pinned, and prints a
// JSON array of {name, ok, reason}. Networkless: the key is passed as jwtKey.
import { verifyToken } from '@clerk/backend';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => (s += d)); process.stdin.on('end', () => r(s)); }));
const realNow = Date.now;
const out = [];
for (const c of input) {
  Date.now = () => c.nowMs;
  try {
    await verifyToken(c.token, c.options);
    out.push({ name: c.name, ok: true, reason: '' });
  } catch (e) {
    out.push({ name: c.name, ok: false, reason: e.reason ?? 'unexpected-error' });
  }
}
Date.now = realNow;
process.stdout.write(JSON.stringify(out) + '\n');
