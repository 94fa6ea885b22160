import { inspect } from 'node:util';
import { escapeHtml } from './html.ts';

/** The method of a value with a rich form: its MIME bundle (kernel/rich-display.cjs reads it). */
export const MIME_BUNDLE: unique symbol = Symbol.for('dockbook.mimeBundle');

/** A column of a listing: its header and how to show one row's cell. */
export interface Column<T> {
  header: string;
  value: (row: T) => string;
}

/** Aligned text columns, the way `docker ps` prints. */
export function textTable<T>(columns: Column<T>[], rows: readonly T[]): string {
  const cells = [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => c.value(row)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  return cells
    .map((line) =>
      line
        .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

/** An HTML table with every cell escaped. */
export function htmlTable<T>(columns: Column<T>[], rows: readonly T[]): string {
  const head = columns.map((c) => `<th>${escapeHtml(c.header)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${columns.map((c) => `<td>${escapeHtml(c.value(row))}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="dockbook"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * A listing (ps, images, volumes, history, build steps): a real array of plain rows, so cells
 * can filter and assert on it, that prints as a table in a terminal and as HTML in Jupyter.
 */
export class Listing<T> extends Array<T> {
  static override get [Symbol.species]() {
    return Array;
  }

  #columns: Column<T>[] = [];

  /** Builds a listing of `rows` shown with `columns`. */
  static create<T>(columns: Column<T>[], rows: readonly T[]): Listing<T> {
    const listing = new Listing<T>();
    listing.push(...rows);
    listing.#columns = columns;
    return listing;
  }

  override toString(): string {
    return textTable(this.#columns, this);
  }

  /** The listing as an HTML table (what Jupyter shows). */
  toHTML(): string {
    return htmlTable(this.#columns, this);
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /**
   * Both forms, for Jupyter: dockbook's kernel shows `console.log(listing)` and a listing left as
   * a cell's last expression as this bundle (an HTML table), except under the runner.
   */
  [MIME_BUNDLE](): { 'text/html': string; 'text/plain': string } {
    return { 'text/html': this.toHTML(), 'text/plain': this.toString() };
  }
}
