/** Summarizes a V8 CPU profile: where the tool's busy time went, grouped by package or source file. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName}`;
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  const own = /\/(src|bench|test)\/(.+?)\.[jt]s$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url.startsWith('node:') ? url : 'other';
}

/** Percent of busy (non-idle) samples per owner, by self time and by inclusive time, largest first. */
export function summarizeProfile(
  profile: CpuProfile,
  top = 12,
): { self: Record<string, number>; inclusive: Record<string, number> } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const dt = profile.timeDeltas[i] ?? 0;
    busy += dt;
    const name = owner(frame.url, frame.functionName);
    self.set(name, (self.get(name) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parents.get(cur)) {
      const at = nodes.get(cur)!.callFrame;
      const key = owner(at.url, at.functionName);
      if (key !== '(root)' && !seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
      }
    }
  });
  const percent = (map: Map<string, number>): Record<string, number> =>
    Object.fromEntries(
      [...map]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([key, value]) => [key, Math.round((value / Math.max(1, busy)) * 1000) / 10]),
    );
  return { self: percent(self), inclusive: percent(inclusive) };
}
