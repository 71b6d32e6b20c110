// The report's lines as written (before folding), for quoting a prose number as the
// report writes it. Pure. Only the few lines that hold one are asked for, so line
// starts are found on demand (each once) instead of splitting the whole text.

/** A reader of 1-based line numbers → the original line, undefined past the end. */
export function rawLineReader(original: string): (no: number) => string | undefined {
  // Line breaks other than \n: split once, as they must be normalised first.
  if (original.includes('\r')) {
    let split: string[] | null = null;
    return (no) => (split ??= original.replace(/\r\n?/g, '\n').split('\n'))[no - 1];
  }
  const starts = [0]; // starts[k]: where line k + 1 begins
  let allFound = false;
  return (no) => {
    if (!Number.isInteger(no) || no < 1) return undefined;
    while (!allFound && starts.length <= no) {
      const br = original.indexOf('\n', starts[starts.length - 1]);
      if (br < 0) allFound = true;
      else starts.push(br + 1);
    }
    if (no > starts.length) return undefined;
    return original.slice(starts[no - 1], no < starts.length ? starts[no] - 1 : original.length);
  };
}
