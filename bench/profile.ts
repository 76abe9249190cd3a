/**
 * `npx tsx bench/profile.ts FILE.cpuprofile [TOP]` — what a CPU profile of the server says, as
 * text: where the time went by package (self time), and the TOP (30) functions by self time and
 * by total time (itself and what it called). Make the profile with
 * `SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench:load` (the server writes
 * it when the benchmark stops it); BENCH_ONLY narrows bench:load to one kind of request.
 */
import { readFileSync } from 'node:fs';
import { fmt, table } from './support.js';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
};
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const file = process.argv[2];
if (!file) {
  console.error('usage: npx tsx bench/profile.ts FILE.cpuprofile [TOP]');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

/** The package a frame belongs to: a node_modules package, Node itself, V8's own entries, or ours. */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  if (url.startsWith('node:')) return 'node:internal';
  return 'ours (the server bundle)';
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/node_modules\//, '').replace(/^file:\/\/.*\/(dist|src)\//, '$1/');
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const key = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const self = new Map<string, number>();
const total = new Map<string, number>();
const packages = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  const node = byId.get(id);
  if (!node) return;
  all += delta;
  self.set(key(node), (self.get(key(node)) ?? 0) + delta);
  const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
  packages.set(pkg, (packages.get(pkg) ?? 0) + delta);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at);
    if (!frame) break;
    const k = key(frame);
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + delta);
  }
});

const pct = (us: number) => `${fmt((100 * us) / all, 1)}%`;
const ms = (us: number) => fmt(us / 1000, 0);
const busy = all - (packages.get('(idle)') ?? 0);
console.log(
  `${file}: ${fmt(all / 1e6, 1)} s sampled, ${fmt(busy / 1e6, 1)} s busy (${pct(busy)}); shares below are of all samples\n`,
);
const rows = (m: Map<string, number>, label: string) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ [label]: name, ms: ms(us), share: pct(us) }));
console.log(table(rows(packages, 'package (self time)')));
console.log('');
console.log(table(rows(self, 'function (self time)')));
console.log('');
console.log(table(rows(total, 'function (total time)')));
