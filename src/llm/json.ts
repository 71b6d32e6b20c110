// Reading a JSON object out of what a chat model actually sends back: reasoning
// blocks, ```json fences and a sentence of chatter around the object are common
// even when JSON alone was asked for.

/** Drops `<think>…</think>` blocks (DeepSeek-R1, Qwen3 on Ollama put them in the content). */
export function stripThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/^[\s\S]*?<\/think>/i, '');
}

export type JsonRead = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

export function readJsonObject(raw: string): JsonRead {
  let s = stripThinking(raw).trim();
  const fence = /```[a-zA-Z]*\s*([\s\S]*?)```/.exec(s);
  if (fence) s = fence[1].trim();
  const candidates = [s];
  const a = s.indexOf('{');
  const b = s.lastIndexOf('}');
  if (a >= 0 && b > a && (a > 0 || b < s.length - 1)) candidates.push(s.slice(a, b + 1));
  for (const c of candidates) {
    try {
      const value: unknown = JSON.parse(c);
      if (value && typeof value === 'object' && !Array.isArray(value))
        return { ok: true, value: value as Record<string, unknown> };
    } catch {
      // try the next candidate
    }
  }
  const shown = s.length > 80 ? `${s.slice(0, 80)}…` : s;
  return { ok: false, reason: `回复不是一个 JSON 对象：${shown}` };
}
