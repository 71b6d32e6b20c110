// A synthetic report written as a real Word file by the `docx` library: headings and
// paragraphs as Word paragraphs, tables A/B/C as Word tables with their merged cells
// (gridSpan, vMerge), a cell's wrap points as separate paragraphs in the cell, as Word
// users type them. Nothing from ../shared: the truth is the report it was drawn from.
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';
import type { Block } from '../../tools/synth/layouts.js';
import type { Grid } from '../../tools/synth/tables.js';

/** A Word table of the grid: each row lists the cells that start in it, as the grid does. */
function wordTable(grid: Grid): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: grid.rows.map(
      (row) =>
        new TableRow({
          children: row.map(
            (cell) =>
              new TableCell({
                columnSpan: cell.colspan,
                rowSpan: cell.rowspan,
                // One paragraph per printed line of the cell; a blank cell holds one empty paragraph.
                children: cell.text.split('\n').map((line) => new Paragraph(line)),
              }),
          ),
        }),
    ),
  });
}

function children(blocks: Block[]): (Paragraph | Table)[] {
  return blocks.flatMap((b): (Paragraph | Table)[] => {
    switch (b.t) {
      case 'title':
        return [new Paragraph({ text: b.text, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER })];
      case 'heading':
        return [
          new Paragraph({ text: b.text, heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 }),
        ];
      case 'para':
        return [new Paragraph(b.text)];
      case 'table':
        // Word puts an empty paragraph after a table; so do we, so two tables never touch.
        return [wordTable(b.grid), new Paragraph('')];
      case 'page':
        return []; // Word prints page numbers in the footer, not in the body text
      case 'sign':
        return b.lines.map((text) => new Paragraph({ text, alignment: AlignmentType.RIGHT }));
    }
  });
}

/** The report's blocks as the bytes of a .docx file. */
export async function reportDocx(blocks: Block[]): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: children(blocks) }] });
  return Packer.toBuffer(doc);
}
