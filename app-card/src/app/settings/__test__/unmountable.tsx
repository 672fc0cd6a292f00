import { useEffect, useState, type ReactNode } from 'react';

const unmounts: Array<() => void> = [];

/**
 * The 0.17 test renderer has no unmount, so a page left mounted would keep polling into
 * the next test's fetch mock. Wrap each rendered page in this and call unmountAll after each test.
 */
export function Unmountable({ children }: { children: ReactNode }) {
  const [mounted, setMounted] = useState(true);
  useEffect(() => {
    unmounts.push(() => setMounted(false));
  }, []);
  return mounted ? children : null;
}

export function unmountAll(): void {
  for (const unmount of unmounts.splice(0)) unmount();
}
