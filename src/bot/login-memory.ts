// The WeChat login kept under the data folder (wechaty's memory card), written
// atomically and only when it changed: puppets save it every few seconds, and a
// plain rewrite is seen empty in between, so a crash at that instant lost the login.
// An unreadable file (left by an older version) is set aside, not a failed start.
import fs from 'node:fs';
import path from 'node:path';
import { MemoryCard } from 'memory-card';
import { writeFileAtomic } from '../io/index.js';

export const MEMORY_NAME = 'nianbao-bot';
export const LOGIN_FILE = `${MEMORY_NAME}.memory-card.json`;

type Payload = Record<string, unknown>;
type MemoryCardOptions = Exclude<ConstructorParameters<typeof MemoryCard>[0], string | undefined>;

/** memory-card's storage contract (load / save / destroy), on one file, atomically. */
export class AtomicFileStorage {
  constructor(
    readonly file: string,
    private readonly onProblem: (message: string) => void = () => {},
  ) {}

  toString(): string {
    return `AtomicFileStorage<${this.file}>`;
  }

  async load(): Promise<Payload> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      const payload = JSON.parse(text) as unknown;
      if (payload && typeof payload === 'object' && !Array.isArray(payload)) return payload as Payload;
    } catch {
      // fall through
    }
    const aside = `${this.file}.unreadable-${Date.now()}`;
    await fs.promises.rename(this.file, aside).catch(() => {});
    this.onProblem(`登录信息文件 ${this.file} 无法读取，已改名为 ${path.basename(aside)}，需要重新扫码登录`);
    return {};
  }

  async save(payload: Payload): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(payload));
  }

  async destroy(): Promise<void> {
    await fs.promises.rm(this.file, { force: true });
  }
}

/** A memory card whose storage is the atomic file (its multiplexed children share it). */
export class AtomicMemoryCard extends MemoryCard {
  private atomic?: AtomicFileStorage;

  constructor(options?: string | (MemoryCardOptions & { storage?: AtomicFileStorage })) {
    super(
      typeof options === 'object' && options.storage
        ? ({ ...options, storage: undefined } as MemoryCardOptions)
        : options,
    );
    if (typeof options === 'object' && options.storage) this.atomic = options.storage;
  }

  override async load(): Promise<void> {
    if (this.atomic && !this.storage) this.storage = this.atomic as never;
    await super.load();
  }
}

/** The login memory for a data folder. */
export function loginMemory(dataDir: string, onProblem?: (message: string) => void): AtomicMemoryCard {
  const file = path.resolve(dataDir, LOGIN_FILE);
  return new AtomicMemoryCard({
    name: path.resolve(dataDir, MEMORY_NAME),
    storage: new AtomicFileStorage(file, onProblem),
  });
}
