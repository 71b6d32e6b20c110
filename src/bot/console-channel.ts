// The terminal as a channel: the same core, commands and splitting as in a group.
// A terminal gets a welcome and a prompt; piped input is read line by line, one
// answer block per non-empty line, and the channel ends at end of input.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Bot, Conversation } from './bot.js';
import { EXAMPLE_QUESTIONS } from '../render/help.js';
import type { Delivery, Incoming } from './types.js';

export interface ConsoleOptions {
  bot: Bot;
  input: Readable;
  output: Writable;
  /** A person at a terminal (welcome, prompt, 退出) rather than a script. */
  interactive: boolean;
  /** Shown under the welcome line, e.g. how many reports are loaded. */
  status?: string;
}

const EXIT_WORDS = new Set(['退出', 'exit', 'quit', ':q']);
const PROMPT = '问> ';

export interface ConsoleChannel {
  /** Resolves when the input ends (or 退出 is typed). */
  done: Promise<void>;
  /** Prints a reminder (or any notice) between answers. */
  deliver(d: Delivery): Promise<boolean>;
  close(): void;
}

export function welcomeText(name: string, status?: string): string {
  return [
    `${name}（终端模式）${status ? `— ${status}` : ''}`,
    '直接输入问题后回车；输入「帮助」查看命令，「退出」或 Ctrl+D 结束。',
    '例如：',
    ...EXAMPLE_QUESTIONS.map((q) => `  ${q}`),
    '',
  ].join('\n');
}

export function startConsole(opts: ConsoleOptions): ConsoleChannel {
  const { bot, output, interactive } = opts;
  const write = (s: string) => {
    output.write(s.endsWith('\n') ? s : `${s}\n`);
  };
  const rl = createInterface({
    input: opts.input,
    output: interactive ? output : undefined,
    terminal: interactive,
    crlfDelay: Infinity,
  });
  const conv: Conversation = {
    key: 'console',
    // Piped: blank lines only between blocks, so a script can split the output on them.
    say: async (text) => write(interactive ? text : text.replace(/\n[ \t\u3000]*(?=\n)/g, '')),
  };
  const incoming = (text: string): Incoming => ({
    text,
    senderId: 'console',
    senderName: '终端用户',
    mentionedSelf: false,
    // The person at the terminal runs the bot: admin commands are theirs.
    isAdmin: true,
  });

  let closed = false;
  const done = (async () => {
    if (interactive) {
      write(welcomeText(bot.core.options.name, opts.status));
      rl.setPrompt(PROMPT);
      rl.prompt();
    }
    for await (const raw of rl) {
      const line = raw.trim();
      if (!line) {
        if (interactive) rl.prompt();
        continue;
      }
      if (interactive && EXIT_WORDS.has(line.toLowerCase())) break;
      await bot.onMessage(incoming(line), conv);
      // A blank line ends each answer block, so scripts can tell blocks apart.
      write('');
      if (interactive) rl.prompt();
    }
    closed = true;
    rl.close();
  })();

  return {
    done,
    async deliver(d) {
      const who = d.mentions?.length ? ` @${d.mentions.join(' @')}` : '';
      const text = `【提醒】→ ${d.room}${who}\n${d.text}`;
      if (interactive && !closed) output.write('\n');
      const ok = await bot.deliver(conv, text);
      if (interactive && !closed) rl.prompt(true);
      return ok;
    },
    close() {
      closed = true;
      rl.close();
    },
  };
}
