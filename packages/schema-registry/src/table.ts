// A plain-text table with box-drawing borders whose long cells wrap, as rover prints its checks.

export interface Column {
  header: string;
  /** Longer cells wrap at word boundaries to this width. */
  maxWidth: number;
}

export function drawTable(columns: readonly Column[], rows: readonly string[][]): string {
  const wrapped = rows.map((cells) => columns.map((column, index) => wrap(cells[index] ?? "", column.maxWidth)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...wrapped.map((cells) => Math.max(0, ...cells[index]!.map((line) => line.length)))),
  );
  const border = (left: string, middle: string, right: string) => `${left}${widths.map((width) => "─".repeat(width + 2)).join(middle)}${right}`;
  const line = (cells: string[]) => `│${cells.map((cell, index) => ` ${cell.padEnd(widths[index]!)} `).join("│")}│`;
  const body = wrapped.flatMap((cells) => {
    const height = Math.max(...cells.map((lines) => lines.length));
    return Array.from({ length: height }, (_, lineIndex) => line(cells.map((lines) => lines[lineIndex] ?? "")));
  });
  return [border("┌", "┬", "┐"), line(columns.map((column) => column.header)), border("├", "┼", "┤"), ...body, border("└", "┴", "┘")].join("\n");
}

/** Lines of at most `width` characters; a word longer than that is cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let rest = word; rest; ) {
      const room = current ? width - current.length - 1 : width;
      if (rest.length <= room) {
        current = current ? `${current} ${rest}` : rest;
        rest = "";
      } else if (current) {
        lines.push(current);
        current = "";
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}
