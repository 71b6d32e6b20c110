// wechaty-puppet-service (PadLocal, WeCom) end to end on loopback: our channel and
// wechaty's client against a real gRPC puppet service (wechaty-puppet-service's own
// server, serving the mock puppet) on 127.0.0.1. With a token, the address is looked
// up through wechaty-token's resolver (the path that crashed with grpc-js ≥ 1.10:
// `this.listener.onError is not a function`), here from a local HTTPS discovery
// server; with an endpoint, it is dialled directly. The token never reaches a log line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { log as globalBrolog } from 'brolog';
import { log as wechatyLog } from 'wechaty';
import { PuppetMock } from 'wechaty-puppet-mock';
import { PuppetServer } from 'wechaty-puppet-service';
import { Bot } from '../src/bot/bot.js';
import { createBotCore } from '../src/bot/core.js';
import { createLogger } from '../src/log/index.js';
import { startWechatyChannel, statusText, type WechatyChannel } from '../src/bot/wechaty-channel.js';
import { parseConfig } from '../src/config/parse.js';
import { seedStore, Sink, tinyAsker, waitFor } from './bot-helpers.js';

const TOKEN = 'insecure_nianbao-secret-7f3a9c2e';
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

let tmp: string;
let grpcPort: number;
let server: PuppetServer;
let servicePuppet: PuppetMock;
let discovery: https.Server;
let discoveryPort: number;
const lookups: string[] = [];
const consoleLines: string[] = [];

beforeAll(async () => {
  if (!hasOpenssl) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-service-'));
  // A certificate for 127.0.0.1, trusted by this process only: wechaty-token looks tokens up over HTTPS.
  const key = path.join(tmp, 'key.pem');
  const cert = path.join(tmp, 'cert.pem');
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  https.globalAgent.options.ca = fs.readFileSync(cert);

  grpcPort = await freePort();
  servicePuppet = new PuppetMock();
  server = new PuppetServer({ endpoint: `127.0.0.1:${grpcPort}`, puppet: servicePuppet, token: TOKEN });
  await server.start();

  discovery = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    lookups.push(req.url ?? '');
    if (req.url === `/v0/hosties/${TOKEN}`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ host: '127.0.0.1', port: grpcPort }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => discovery.listen(0, '127.0.0.1', r));
  discoveryPort = (discovery.address() as net.AddressInfo).port;

  // Every line wechaty writes, the verbose ones that print the token included.
  wechatyLog.level('verbose');
  globalBrolog.level('verbose');
  for (const m of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map(String).join(' ')));
  }
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  wechatyLog.level('info');
  globalBrolog.level('info');
  await server?.stop().catch(() => {});
  discovery?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function start(bot: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  const config = parseConfig(
    { bot: { puppet: 'wechaty-puppet-service', ...bot } },
    { env: { WECHATY_PUPPET_SERVICE_TOKEN: TOKEN, ...env } },
  ).bot;
  const logs = new Sink();
  const logger = createLogger({ destination: logs, secrets: [config.puppetToken], level: 'debug' });
  const store = seedStore();
  const core = createBotCore({ ...config, asker: tinyAsker(store), offices: store, logger });
  const statuses: string[] = [];
  const dataDir = fs.mkdtempSync(path.join(tmp, 'data-'));
  const channel: WechatyChannel = await startWechatyChannel({
    bot: new Bot({ core, logger }),
    config,
    dataDir,
    logger,
    qrInTerminal: false,
    reconnect: { baseMs: 200, maxMs: 1_000 },
    onStatus: (l) => statuses.push(l),
  });
  return { channel, logs, statuses, store, config };
}

describe.skipIf(!hasOpenssl)('wechaty-puppet-service on loopback', () => {
  it('with a token: the address is discovered, the gRPC service is reached, the token is never logged', async () => {
    const { channel, logs, statuses, store, config } = await start(
      {},
      { WECHATY_PUPPET_SERVICE_AUTHORITY: `127.0.0.1:${discoveryPort}` },
    );
    try {
      expect(config.puppetAuthority).toBe(`127.0.0.1:${discoveryPort}`);
      expect(lookups).toContain(`/v0/hosties/${TOKEN}`);
      // Past resolution: the puppet service answered start() over gRPC.
      expect(channel.wechaty.puppet.readyIndicator !== undefined).toBe(true);
      expect(servicePuppet.state.active()).toBe(true);
      expect(statuses[0]).toBe(statusText.connecting('wechaty-puppet-service'));
      expect(statuses.some((s) => s.startsWith('无法连接'))).toBe(false);
      expect(logs.text).toContain('"from":"wechaty"'); // wechaty's own lines are in our log …
      expect(logs.text).toContain(String.raw`GrpcManager constructor() token: \"***\"`);
      expect(logs.text).not.toContain(TOKEN); // … without the token
      expect(consoleLines.join('\n')).not.toContain(TOKEN);
    } finally {
      await channel.stop();
      store.close();
    }
  }, 30_000);

  it('with an endpoint: dialled directly, no discovery', async () => {
    const before = lookups.length;
    const { channel, logs, store } = await start({ endpoint: `127.0.0.1:${grpcPort}` }, {});
    try {
      expect(lookups.length).toBe(before);
      expect(servicePuppet.state.active()).toBe(true);
      expect(logs.text).not.toContain(TOKEN);
    } finally {
      await channel.stop();
      store.close();
    }
  }, 30_000);

  it('an unknown token: one plain line per retry, capped backoff, no crash, token never logged', async () => {
    const { channel, logs, statuses, store } = await start(
      {},
      {
        WECHATY_PUPPET_SERVICE_AUTHORITY: `127.0.0.1:${discoveryPort}`,
        WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_unknown-secret-token-99',
      },
    );
    try {
      await waitFor(() => statuses.filter((s) => s.startsWith('无法连接')).length >= 2, 'two retries', 20_000);
      const retries = statuses.filter((s) => s.startsWith('无法连接'));
      expect(retries[0]).toMatch(/^无法连接微信服务，\d+ 秒后重试（第 1 次）$/);
      expect(retries[1]).toMatch(/（第 2 次）$/);
      expect(logs.text).not.toContain('unknown-secret-token-99');
      expect(consoleLines.join('\n')).not.toContain('unknown-secret-token-99');
    } finally {
      await channel.stop();
      store.close();
    }
  }, 40_000);
});

if (!hasOpenssl) {
  describe('wechaty-puppet-service on loopback', () => {
    it.skip('needs openssl to make a certificate for the local discovery server (not installed)', () => {});
  });
}
