import { describe, expect, it } from 'vitest';
import { containerIdFromCgroup } from './container-id.js';

const ID = 'a'.repeat(12) + '0123456789abcdef'.repeat(3) + 'b'.repeat(4);

describe('containerIdFromCgroup', () => {
  it('recognises docker, containerd, cri-o and podman paths', () => {
    expect(containerIdFromCgroup(`0::/system.slice/docker-${ID}.scope\n`)).toBe(ID);
    expect(containerIdFromCgroup(`12:memory:/docker/${ID}\n`)).toBe(ID);
    expect(
      containerIdFromCgroup(
        `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-${ID}.scope\n`,
      ),
    ).toBe(ID);
    expect(containerIdFromCgroup(`0::/machine.slice/libpod-${ID}.scope/container\n`)).toBe(ID);
    expect(containerIdFromCgroup(`0::/kubepods/besteffort/pod1234/${ID}\n`)).toBe(ID);
  });

  it('finds nothing in a plain host cgroup', () => {
    expect(containerIdFromCgroup('0::/user.slice/user-1000.slice/session-2.scope\n')).toBeUndefined();
    expect(
      containerIdFromCgroup('4:memory:/process_api/602959bb1547298de19a756424080c09\n0::/\n'),
    ).toBeUndefined();
  });
});
