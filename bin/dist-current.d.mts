// Types of bin/dist-current.mjs (for tests).
export function builtAt(root: string): number | null;
export function distIsCurrent(root: string): boolean;
