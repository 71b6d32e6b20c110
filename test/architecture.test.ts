// The folders of src/ form layers that read as the data flows (README, "How it works"):
// a folder imports only from folders on its own row or below, never two folders in a
// cycle, and the few pairs the layering names apart (ask and remind) never meet. The
// import graph is read from the sources themselves with TypeScript's own pre-parser,
// so this test needs nothing beyond the compiler the project already has. Below it,
// the quick commands are held to loading neither the bot nor a heavy package at once.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');

/**
 * Top row first. `index` stands for src/index.ts (the command declarations), which sits
 * with cli on top.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['cli', 'index'],
  ['app'],
  ['bot'],
  ['export', 'config'],
  ['render', 'llm'],
  ['ask', 'remind'],
  ['ingest'],
  ['retrieval'],
  ['offices'],
  ['store'],
  ['parse', 'extract'],
  ['catalogue', 'io', 'log'],
];

/** Folders on one row that must still never import each other (either way). */
const APART: readonly (readonly [string, string])[] = [['ask', 'remind']];

/**
 * Imports the layering forbids but the code still has, each `from → to` with a comment
 * saying why and what removes it. Empty: ask no longer imports render since answers
 * were split from their wording (issue 12, item 1).
 */
const KNOWN_EXCEPTIONS: readonly string[] = [];

type Graph = Map<string, Set<string>>;

/** Which folder of src/ a file belongs to (`index` for src/index.ts itself). */
function folderOf(file: string): string {
  const rel = path.relative(src, file).split(path.sep);
  return rel.length === 1 ? rel[0].replace(/\.(?:d\.)?ts$/, '') : rel[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Folder → the folders it imports (static, dynamic and type-only imports alike). */
function folderGraph(): { graph: Graph; edges: Map<string, string[]> } {
  const graph: Graph = new Map();
  const edges = new Map<string, string[]>(); // "a → b" → the files that make it
  for (const file of sourceFiles(src)) {
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue; // a package
      const target = path.resolve(path.dirname(file), ref.fileName);
      if (!target.startsWith(src + path.sep)) continue;
      const to = folderOf(target);
      if (to === from) continue;
      graph.get(from)!.add(to);
      const key = `${from} → ${to}`;
      edges.set(key, [...(edges.get(key) ?? []), path.relative(root, file)]);
    }
  }
  return { graph, edges };
}

/** Every way the graph breaks the layering, in words a reader can act on. */
function layeringProblems(
  graph: Graph,
  layers: readonly (readonly string[])[] = LAYERS,
  apart: readonly (readonly [string, string])[] = APART,
  exceptions: readonly string[] = [],
): string[] {
  const row = new Map<string, number>();
  layers.forEach((names, i) => names.forEach((n) => row.set(n, i)));
  const problems: string[] = [];
  const allowed = new Set(exceptions);
  for (const [from, tos] of graph) {
    if (!row.has(from)) problems.push(`src/${from} 不在分层表中（在 LAYERS 里给它一行）`);
    for (const to of tos) {
      if (allowed.has(`${from} → ${to}`)) continue;
      if (!row.has(to)) continue; // reported once, as its own folder
      if (row.get(to)! < row.get(from)!) problems.push(`${from} → ${to}：下层不得引用上层`);
      if (apart.some(([a, b]) => (a === from && b === to) || (a === to && b === from)))
        problems.push(`${from} → ${to}：这两个目录互不引用`);
    }
  }
  for (const cycle of cycles(graph, allowed)) problems.push(`目录循环引用：${cycle.join(' → ')}`);
  return problems;
}

/** The cycles between folders (each once, from its first folder in sort order). */
function cycles(graph: Graph, skip: ReadonlySet<string>): string[][] {
  const found = new Map<string, string[]>();
  const next = (n: string) => [...(graph.get(n) ?? [])].filter((t) => !skip.has(`${n} → ${t}`)).sort();
  const walk = (start: string, node: string, trail: string[]) => {
    for (const t of next(node)) {
      if (t === start) {
        const key = [...trail].sort().join(',');
        if (!found.has(key)) found.set(key, [...trail, start]);
      } else if (!trail.includes(t) && t > start) {
        walk(start, t, [...trail, t]);
      }
    }
  };
  for (const start of [...graph.keys()].sort()) walk(start, start, [start]);
  return [...found.values()];
}

describe('the layering check itself, on made-up graphs', () => {
  const g = (pairs: [string, string][]): Graph => {
    const out: Graph = new Map();
    for (const [a, b] of pairs) {
      if (!out.has(a)) out.set(a, new Set());
      if (!out.has(b)) out.set(b, new Set());
      out.get(a)!.add(b);
    }
    return out;
  };

  it('passes a graph that only points down or across its own row', () => {
    expect(
      layeringProblems(
        g([
          ['cli', 'app'],
          ['app', 'bot'],
          ['export', 'config'],
          ['ask', 'store'],
          ['store', 'log'],
        ]),
      ),
    ).toEqual([]);
  });

  it('fails when a lower folder imports a higher one', () => {
    expect(layeringProblems(g([['llm', 'bot']]))).toEqual(['llm → bot：下层不得引用上层']);
    expect(layeringProblems(g([['log', 'bot']]))).toEqual(['log → bot：下层不得引用上层']);
  });

  it('fails when folders on one row form a cycle', () => {
    expect(
      layeringProblems(
        g([
          ['export', 'config'],
          ['config', 'export'],
        ]),
      ),
    ).toEqual(['目录循环引用：config → export → config']);
  });

  it('fails when ask and remind meet, either way', () => {
    expect(layeringProblems(g([['remind', 'ask']]))).toEqual(['remind → ask：这两个目录互不引用']);
  });

  it('fails on a folder the layering does not place', () => {
    expect(layeringProblems(g([['spec', 'log']]))).toEqual(['src/spec 不在分层表中（在 LAYERS 里给它一行）']);
  });

  it('lets a listed exception through, and only it', () => {
    const graph = g([
      ['ask', 'render'],
      ['remind', 'config'],
    ]);
    expect(layeringProblems(graph, LAYERS, APART, ['ask → render'])).toEqual(['remind → config：下层不得引用上层']);
  });
});

describe('src/ as it is', () => {
  const { graph, edges } = folderGraph();

  it('keeps to the layering: nothing points back up, no cycle between folders', () => {
    const problems = layeringProblems(graph, LAYERS, APART, KNOWN_EXCEPTIONS).map((p) => {
      const edge = /^(\S+ → \S+)：/.exec(p)?.[1];
      return edge ? `${p}（${edges.get(edge)?.join('、')}）` : p;
    });
    expect(problems).toEqual([]);
  });
});

// What a command loads before it runs: the static imports (not `import()`, not `import
// type`) reachable from its file. The quick commands must not pay for the bot (wechaty
// costs ~2 s), the workbook, the charts, or the search index, which opens at the first
// passage search (README, "Speed: where it stands").
function staticImports(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  return sf.statements.flatMap((st) => {
    if (ts.isImportDeclaration(st) && !st.importClause?.isTypeOnly)
      return [(st.moduleSpecifier as ts.StringLiteral).text];
    if (ts.isExportDeclaration(st) && st.moduleSpecifier && !st.isTypeOnly)
      return [(st.moduleSpecifier as ts.StringLiteral).text];
    return [];
  });
}

/** The src/ folders and the packages a file loads at once, through every static import. */
function loadedAtOnce(entry: string): { folders: Set<string>; packages: Set<string> } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const todo = [path.join(src, entry)];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
        if (existsSync(target)) todo.push(target);
      } else if (!spec.startsWith('node:')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
  }
  return { folders: new Set([...seen].map(folderOf)), packages };
}

describe('what the quick commands load before they run', () => {
  const heavy = [
    'wechaty',
    'wechaty-puppet-wechat4u',
    'exceljs',
    'echarts',
    '@resvg/resvg-js',
    'hnswlib-node',
    '@node-rs/jieba',
    'pdfjs-dist',
    'mammoth',
    'cheerio',
  ];

  it.each(['index.ts', 'cli/ask-command.ts', 'cli/parse-command.ts'])(
    'src/%s: not the bot, the export, or a heavy package',
    (entry) => {
      const { folders, packages } = loadedAtOnce(entry);
      expect([...folders].filter((f) => f === 'bot' || f === 'export')).toEqual([]);
      expect(heavy.filter((p) => packages.has(p))).toEqual([]);
    },
  );

  it('src/index.ts loads no command until it runs', () => {
    expect([...loadedAtOnce('index.ts').folders].sort()).toEqual(['cli', 'index', 'io']);
  });
});
