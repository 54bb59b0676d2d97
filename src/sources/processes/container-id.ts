/**
 * A container id from a /proc/<pid>/cgroup text, for the cgroup layouts of Docker, containerd /
 * CRI-O under Kubernetes, and Podman (cgroup v1 and v2). Undefined when none is recognised.
 */
export function containerIdFromCgroup(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const path = line.slice(line.lastIndexOf(':') + 1);
    const m =
      /(?:docker|cri-containerd|crio|libpod)-([0-9a-f]{64})\.scope/.exec(path) ??
      /\/(?:docker|kubepods[^/]*\/(?:[^/]+\/)*?|libpod)\/?([0-9a-f]{64})(?:\/|$)/.exec(path) ??
      /\/([0-9a-f]{64})(?:\/|$)/.exec(path);
    if (m) return m[1];
  }
  return undefined;
}
