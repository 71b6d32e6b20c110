// Per-folder manifests for bulk imports: who each file's report is, written beside
// the files by the person importing them. Two shapes, found by name in the file's
// own folder:
//   nianbao.yaml   region: 河南省洛阳市嵩县          # every file here (optional)
//                  files:
//                    城关镇-2020.txt: { office: 城关镇人民政府, region: 河南省洛阳市嵩县, year: 2020 }
//   nianbao.csv    file,office,region,year  (or 文件,单位,地区,年度), one row a file
// A row is that file's --office/--region/--year; the folder-wide region only fills
// what the text leaves out. A nianbao.yaml without `files:` or `region:` is the
// program's configuration, not a manifest, and is left alone.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const MANIFEST_NAMES = ['nianbao.yaml', 'nianbao.yml', 'nianbao.csv'] as const;

export interface ManifestRow {
  office?: string;
  region?: string;
  year?: number;
}

export interface Manifest {
  /** The manifest file, for provenance and messages. */
  source: string;
  /** For every file of the folder that the text leaves without a region. */
  region?: string;
  /** By file name (as written in the manifest, relative to its folder). */
  rows: Map<string, ManifestRow>;
  /** Rows that could not be read, in Chinese (shown once, beside the first file of the folder). */
  problems: string[];
}

export function isManifestName(file: string): boolean {
  return (MANIFEST_NAMES as readonly string[]).includes(path.basename(file).toLowerCase());
}

/** The manifest's row for a file, matched by its path relative to the manifest's folder, else by its name. */
export function rowFor(manifest: Manifest, file: string): ManifestRow | undefined {
  const rel = path.relative(path.dirname(manifest.source), file).split(path.sep).join('/');
  return manifest.rows.get(rel) ?? manifest.rows.get(path.basename(file));
}

const HEADERS: Record<string, keyof ManifestRow | 'file'> = {
  file: 'file',
  文件: 'file',
  文件名: 'file',
  office: 'office',
  单位: 'office',
  单位名称: 'office',
  region: 'region',
  地区: 'region',
  所在地区: 'region',
  year: 'year',
  年度: 'year',
  年份: 'year',
  报告年度: 'year',
};

function yearOf(v: unknown, where: string, problems: string[]): number | undefined {
  if (v === undefined || v === null || String(v).trim() === '') return undefined;
  const y = String(v).trim();
  if (/^(?:19|20)\d{2}$/.test(y)) return Number(y);
  problems.push(`${where}：年度应为四位年份，如 2023，写的是“${y}”`);
  return undefined;
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s ? s : undefined;
}

function row(fields: Record<string, unknown>, where: string, problems: string[]): ManifestRow {
  const out: ManifestRow = {};
  const office = text(fields.office);
  const region = text(fields.region);
  const year = yearOf(fields.year, where, problems);
  if (office) out.office = office;
  if (region) out.region = region;
  if (year !== undefined) out.year = year;
  return out;
}

/** One CSV line's fields (quotes, doubled quotes, commas and tabs). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (ch === ',' || ch === '\t' || ch === '，') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

export function parseCsvManifest(source: string, content: string): Manifest {
  const manifest: Manifest = { source, rows: new Map(), problems: [] };
  const lines = content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (!lines.length) return manifest;
  const header = csvFields(lines[0]).map((h) => HEADERS[h.toLowerCase()] ?? HEADERS[h]);
  if (!header.includes('file')) {
    manifest.problems.push(
      `${path.basename(source)} 第 1 行应为表头，如 file,office,region,year（或 文件,单位,地区,年度）`,
    );
    return manifest;
  }
  lines.slice(1).forEach((line, i) => {
    const cells = csvFields(line);
    const fields: Record<string, string> = {};
    header.forEach((h, k) => {
      if (h && cells[k] !== undefined) fields[h] = cells[k];
    });
    const where = `${path.basename(source)} 第 ${i + 2} 行`;
    const file = text(fields.file);
    if (!file) return void manifest.problems.push(`${where}：没有写文件名`);
    manifest.rows.set(file.split('\\').join('/'), row(fields, where, manifest.problems));
  });
  return manifest;
}

/** A YAML manifest, or null when the file is not one (the program's configuration). */
export async function parseYamlManifest(source: string, content: string): Promise<Manifest | null> {
  // Imported where a YAML manifest is read: most folders have none, and a cold `ask` never needs yaml.
  const { parse: parseYaml } = await import('yaml');
  const doc = parseYaml(content) as unknown;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const root = doc as Record<string, unknown>;
  if (!('files' in root) && !('region' in root)) return null;
  const manifest: Manifest = { source, rows: new Map(), problems: [] };
  const region = text(root.region);
  if (region) manifest.region = region;
  const name = path.basename(source);
  const files = root.files;
  const add = (file: unknown, fields: unknown, where: string) => {
    const f = text(file);
    if (!f) return void manifest.problems.push(`${where}：没有写文件名`);
    if (!fields || typeof fields !== 'object')
      return void manifest.problems.push(`${where}：应写 office、region、year 中的至少一项`);
    manifest.rows.set(
      f.split('\\').join('/'),
      row(fields as Record<string, unknown>, `${name} 中的 ${f}`, manifest.problems),
    );
  };
  if (Array.isArray(files))
    files.forEach((item, i) => add((item as Record<string, unknown>)?.file, item, `${name} files 第 ${i + 1} 项`));
  else if (files && typeof files === 'object')
    for (const [file, fields] of Object.entries(files)) add(file, fields, `${name} 中的 ${file}`);
  else if (files !== undefined && files !== null)
    manifest.problems.push(`${name}：files 应为“文件名: { office, region, year }”的列表`);
  return manifest;
}

const DOT_END = /(^|[\\/])\.\.?[\\/]*$/;

/** Reads the manifests of folders, once each. */
export class ManifestCache {
  private readonly byDir = new Map<string, Promise<Manifest[]>>();
  /**
   * By the folder as the file's path spells it, when absolute (that spelling names one folder):
   * most files of a run share one, and resolving each file's path cost ~5 µs a file (issue 13).
   */
  private readonly bySpelling = new Map<string, Promise<Manifest[]>>();
  /** Problems already shown (each manifest's are said once). */
  private readonly told = new Set<string>();

  /** The manifests in the file's own folder (yaml and csv may both be present). */
  forFile(file: string): Promise<Manifest[]> {
    const spelled = path.dirname(file);
    // A path ending in . or .. names a folder by what follows it, not by its spelled parent.
    const absolute = path.isAbsolute(spelled) && !DOT_END.test(file);
    let found = absolute ? this.bySpelling.get(spelled) : undefined;
    if (found) return found;
    const dir = path.dirname(path.resolve(file));
    found = this.byDir.get(dir);
    if (!found) {
      found = readManifests(dir);
      this.byDir.set(dir, found);
    }
    if (absolute) this.bySpelling.set(spelled, found);
    return found;
  }

  /** Problems of these manifests not yet shown. */
  untold(manifests: Manifest[]): string[] {
    const out: string[] = [];
    for (const m of manifests) {
      if (this.told.has(m.source)) continue;
      this.told.add(m.source);
      out.push(...m.problems.map((p) => `清单有误：${p}`));
    }
    return out;
  }
}

async function readManifests(dir: string): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const name of MANIFEST_NAMES) {
    const source = path.join(dir, name);
    let content: string;
    try {
      content = await readFile(source, 'utf8');
    } catch {
      continue;
    }
    try {
      const m = name.endsWith('.csv') ? parseCsvManifest(source, content) : await parseYamlManifest(source, content);
      if (m) out.push(m);
    } catch (err) {
      out.push({
        source,
        rows: new Map(),
        problems: [`${name} 无法读取：${err instanceof Error ? err.message.split('\n')[0] : String(err)}`],
      });
    }
  }
  return out;
}
