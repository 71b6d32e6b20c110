// Stores a test opens, each closed after its test (and so before tempDirs removes its folder).
import { afterEach } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';

/** An opener of stores (default: in memory) whose stores are closed after each test of the file. */
export function openedStores(): (dir?: string) => Store {
  const opened: Store[] = [];
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });
  return (dir = ':memory:') => {
    const s = openStore(dir);
    opened.push(s);
    return s;
  };
}
