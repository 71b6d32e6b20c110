// The reminder commands of the chat (提醒状态 / 暂停提醒 / 恢复提醒), answered by
// src/remind from the registry, the store's filings and the reminder ledger — of either
// backend: what a command needs is read, awaited, at each command.
import { parseRemindCommand, remindCommandYear, runRemindCommand } from './remind-commands.js';
import type { RemindConfig } from '../remind/config.js';
import { type FilingsStore, noFilings, storeFilings } from '../remind/filings.js';
import type { AnyLedger } from '../remind/ledger.js';
import type { ReminderCommands, Sender } from './types.js';

export interface ReminderCommandDeps {
  config: RemindConfig;
  store: FilingsStore;
  ledger: AnyLedger;
  now?: () => Date;
}

export function reminderCommands(deps: ReminderCommandDeps): ReminderCommands {
  const now = deps.now ?? (() => new Date());
  const run = async (word: '提醒状态' | '暂停提醒' | '恢复提醒', arg: string, who: Sender): Promise<string> => {
    const cmd = parseRemindCommand(arg ? `${word} ${arg}` : word);
    if (!cmd) {
      return word === '提醒状态'
        ? '用法：提醒状态 [年度]，如「提醒状态」或「提醒状态 2025」。'
        : `用法：${word} 单位名 [年度]，如「${word} 城关镇」。`;
    }
    const at = now();
    // Read at each command: reports are imported while the bot runs. Pausing needs no filings.
    const year = remindCommandYear(cmd, at, deps.config.reminders);
    const filings =
      cmd.kind === 'status' ? await storeFilings(deps.store, deps.config.offices, { years: [year] }) : noFilings;
    const ctx = { now: at, config: deps.config, filings, ledger: deps.ledger, isAdmin: who.isAdmin, by: who.name };
    return runRemindCommand(cmd, ctx);
  };
  return {
    status: (arg, who) => run('提醒状态', arg, who),
    pause: (arg, who) => run('暂停提醒', arg, who),
    resume: (arg, who) => run('恢复提醒', arg, who),
  };
}
