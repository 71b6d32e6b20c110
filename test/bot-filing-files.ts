// Report files made here for the filing tests and bench: a PDF (CJK text through
// the predefined STSong-Light/UniGB-UCS2-H font, so pdf.js reads it back as text)
// and a Word .docx (jszip), laid out from a report's TAB text. Nothing from ../shared.
import JSZip from 'jszip';

const hex = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join('');
const isNumber = (c: string) => /^[+-]?\d[\d,.]*$/.test(c.trim());

/** One page of text runs: the row's label cells joined at the left, numbers in columns at the right. */
function pageContent(lines: string[]): string {
  const out: string[] = [];
  let y = 800;
  for (const line of lines) {
    const cells = line.split('\t');
    const label = cells.filter((c) => c.trim() && !isNumber(c)).join(' ');
    const numbers = cells.filter((c) => c.trim() && isNumber(c));
    // A header row of column names (no numbers, several cells): each cell in its own column.
    const headerRow = numbers.length === 0 && cells.filter((c) => c.trim()).length > 1;
    if (headerRow) {
      cells.forEach((c, i) => c.trim() && out.push(`BT /F1 8 Tf ${20 + i * 70} ${y} Td <${hex(c.trim())}> Tj ET`));
    } else {
      if (label) out.push(`BT /F1 8 Tf 20 ${y} Td <${hex(label)}> Tj ET`);
      const first = 1400 - numbers.length * 60;
      numbers.forEach((n, i) => out.push(`BT /F1 8 Tf ${first + i * 60} ${y} Td <${hex(n)}> Tj ET`));
    }
    y -= 14;
  }
  return out.join('\n');
}

/** A PDF of `pages` pages holding the report's lines in order. */
export function reportPdf(text: string, pages = 6): Buffer {
  const lines = text.split('\n');
  const per = Math.ceil(lines.length / pages);
  const contents = Array.from({ length: pages }, (_, i) => pageContent(lines.slice(i * per, (i + 1) * per)));
  const objs: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${contents.map((_, i) => `${4 + i * 2} 0 R`).join(' ')}] /Count ${pages} >>`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font ' +
      '/Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> ' +
      '/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 ' +
      '/Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >> /DW 1000 >>] >>',
  ];
  contents.forEach((content, i) => {
    objs.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1500 842] /Contents ${5 + i * 2} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
    );
    objs.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const para = (s: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(s)}</w:t></w:r></w:p>`;

/** A .docx: TAB lines become table rows (runs of them one table), other lines paragraphs. */
export async function reportDocx(text: string): Promise<Buffer> {
  const body: string[] = [];
  let rows: string[][] = [];
  const flush = () => {
    if (!rows.length) return;
    const width = Math.max(...rows.map((r) => r.length));
    const trs = rows.map(
      (r) => `<w:tr>${Array.from({ length: width }, (_, i) => `<w:tc>${para(r[i] ?? '')}</w:tc>`).join('')}</w:tr>`,
    );
    body.push(`<w:tbl>${trs.join('')}</w:tbl>`);
    rows = [];
  };
  for (const line of text.split('\n')) {
    if (line.includes('\t')) rows.push(line.split('\t'));
    else {
      flush();
      body.push(para(line));
    }
  }
  flush();
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body.join('')}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}
