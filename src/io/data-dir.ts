// Where the user meant, and whether we may use it: relative paths are read from the
// folder the user ran the command in (npm scripts run in the project root, and npm
// says where the user was in INIT_CWD), and a data folder is checked before anything
// is opened, so a folder we cannot write is refused at once, by name.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where package.json is: npm runs its scripts here, whatever folder the user was in. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The folder the user ran the command from. Under `npm run`/`npm start` the process runs
 * in the project folder and npm names the user's folder in INIT_CWD. Anywhere else the
 * process's own folder is the user's: INIT_CWD is inherited by every child of npm (a
 * test run spawning the CLI elsewhere), so it is believed only in the project folder.
 */
export function userCwd(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
  root: string = PROJECT_ROOT,
): string {
  const init = env.INIT_CWD?.trim();
  return init && path.isAbsolute(init) && path.resolve(cwd) === root ? init : cwd;
}

/** A path the user typed, made absolute against where they were. */
export function fromUser(p: string, base: string): string {
  return path.resolve(base, p);
}

/**
 * Null when `dir` can be used; else one Chinese line naming the folder.
 * 'write': created if missing, and a file can be made in it (ingest, start, chat).
 * 'read': it need not exist (nothing stored yet), but if it does it must be a readable folder.
 */
export function checkDataDir(dir: string, need: 'read' | 'write'): string | null {
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return `无法访问数据目录 ${dir}：${reason(err)}`;
  }
  if (st && !st.isDirectory()) return `数据目录 ${dir} 不是文件夹，请用 --data 指定一个文件夹`;
  if (need === 'read') {
    if (!st) return null;
    try {
      fs.accessSync(dir, fs.constants.R_OK | fs.constants.X_OK);
      return null;
    } catch (err) {
      return `数据目录 ${dir} 无法读取：${reason(err)}`;
    }
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    return `无法创建数据目录 ${dir}：${reason(err)}；请用 --data 指定一个可写的文件夹`;
  }
  // access(W_OK) says yes to root on a read-only mount: only a real write tells.
  const probe = path.join(dir, `.nianbao-write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (err) {
    return `数据目录 ${dir} 不可写：${reason(err)}；请用 --data 指定一个可写的文件夹，或修改它的权限（只提问 ask 只需要读权限）`;
  }
  return null;
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return '没有权限';
    case 'EROFS':
      return '所在磁盘是只读的';
    case 'ENOTDIR':
      return '路径中有一段不是文件夹';
    case 'ENOSPC':
      return '磁盘已满';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
