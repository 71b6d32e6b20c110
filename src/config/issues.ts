// Zod issues → short Chinese reasons that name the field, e.g. `bot.admins[0] 应为文字`.
// Schemas with their own Chinese messages keep them; this map covers the rest.
import type { z } from 'zod';

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: 'true 或 false',
  array: '列表',
  object: '键值映射（字段: 值）',
  url: '网址',
};

interface RawIssue {
  code?: string;
  input?: unknown;
  expected?: string;
  values?: unknown[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  inclusive?: boolean;
}

/** Per-parse zod error map: used only where a schema gave no message of its own. */
export function zhErrorMap(raw: unknown): string | undefined {
  const iss = raw as RawIssue;
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return '必填';
      return `应为${TYPE_NAMES[iss.expected ?? ''] ?? iss.expected}`;
    case 'invalid_value':
      return `应为 ${(iss.values ?? []).map((v) => JSON.stringify(v)).join(' / ')} 之一`;
    case 'too_small':
      if (iss.origin === 'string') return '不能为空';
      if (iss.origin === 'array') return `至少要有 ${String(iss.minimum)} 项`;
      return iss.inclusive === false ? `应大于 ${String(iss.minimum)}` : `不能小于 ${String(iss.minimum)}`;
    case 'too_big':
      if (iss.origin === 'string') return `不能超过 ${String(iss.maximum)} 个字`;
      return iss.inclusive === false ? `应小于 ${String(iss.maximum)}` : `不能大于 ${String(iss.maximum)}`;
    case 'invalid_format':
      return '格式不对';
    default:
      return undefined;
  }
}

/** `['bot', 'admins', 0]` → `bot.admins[0]`. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** One line per problem, each starting with the field path. Unknown keys are named one by one. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const iss of issues) {
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) lines.push(`${pathText([...iss.path, key])} 是未知字段（请检查拼写）`);
      continue;
    }
    lines.push(`${pathText(iss.path) || '整个文件'} ${iss.message}`);
  }
  return lines;
}
