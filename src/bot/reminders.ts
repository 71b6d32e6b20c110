// The reminder commands of the chat (提醒状态 / 暂停提醒 / 恢复提醒), answered by
// src/remind from the registry, the store's filings and the reminder ledger.
import { parseRemindCommand, runRemindCommand } from './remind-commands.js';
import type { RemindConfig } from '../remind/config.js';
import { type FilingsStore, storeFilings } from '../remind/filings.js';
import type { SentLedger } from '../remind/ledger.js';
import type { ReminderCommands, Sender } from './types.js';

export interface ReminderCommandDeps {
  config: RemindConfig;
  store: FilingsStore;
  ledger: SentLedger;
  now?: () => Date;
}

export function reminderCommands(deps: ReminderCommandDeps): ReminderCommands {
  const now = deps.now ?? (() => new Date());
  const run = (word: '提醒状态' | '暂停提醒' | '恢复提醒', arg: string, who: Sender): string => {
    const cmd = parseRemindCommand(arg ? `${word} ${arg}` : word);
    if (!cmd) {
      return word === '提醒状态'
        ? '用法：提醒状态 [年度]，如「提醒状态」或「提醒状态 2025」。'
        : `用法：${word} 单位名 [年度]，如「${word} 城关镇」。`;
    }
    return runRemindCommand(cmd, {
      now: now(),
      config: deps.config,
      // Read at each command: reports are imported while the bot runs.
      filings: storeFilings(deps.store, deps.config.offices),
      ledger: deps.ledger,
      isAdmin: who.isAdmin,
      by: who.name,
    });
  };
  return {
    status: (arg, who) => run('提醒状态', arg, who),
    pause: (arg, who) => run('暂停提醒', arg, who),
    resume: (arg, who) => run('恢复提醒', arg, who),
  };
}
