// .docx → text: mammoth turns the document into HTML (tables keep their
// colspan/rowspan), then the one HTML path makes the lines.
import { corruptError } from './errors.js';
import { htmlToText } from './html.js';

export async function docxToText(buf: Buffer, file: string): Promise<string> {
  let html: string;
  // Loaded on the first .docx only (~50 ms a start otherwise).
  const { default: mammoth } = await import('mammoth');
  try {
    const result = await mammoth.convertToHtml(
      { buffer: buf },
      // Images carry no text; inlining them as base64 would only cost memory.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (err) {
    throw corruptError(file, '已损坏或不是有效的 Word（.docx）文件，无法打开。', err);
  }
  return htmlToText(html);
}
