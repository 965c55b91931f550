//! Output formats. Every listing is a stream of one row struct; its serde
//! field names give the CSV header, the JSON keys and the table header alike.

use std::io::Write;

use comfy_table::{Cell, ContentArrangement, Table, presets};
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

mod cells;
mod paged;
pub(crate) mod progress;
mod stacked;

/// How records are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for people, fitted to the terminal.
    #[default]
    Table,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// The output option shared by every command that prints records.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Which rows of a listing to print.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct PageArgs {
    /// Print at most N rows
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Skip the first N rows
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
}

/// The options of a listing for spreadsheets, as exports have them.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct CsvArgs {
    /// With --format csv: begin with a UTF-8 byte order mark, by which Excel knows the file is UTF-8
    #[arg(long)]
    pub bom: bool,
    /// With --format csv: write cells exactly, even those a spreadsheet would run as formulas
    #[arg(long)]
    pub raw: bool,
}

/// The options of a plain listing: which rows, in which format.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub page: PageArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub csv: CsvArgs,
}

/// The byte order mark, in UTF-8 the bytes EF BB BF: Excel reads a CSV file
/// that starts with it as UTF-8, and one without it in the system's code page.
pub const BOM: char = '\u{feff}';

/// How a table looks: styling and width, never content.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Bold headers: on a terminal, unless the environment says no colour
    /// (`NO_COLOR`, `CLICOLOR=0`, `TERM=dumb`); anywhere with `CLICOLOR_FORCE`.
    pub styled: bool,
    /// Width to fit tables to: $COLUMNS, else the terminal's, else unbounded.
    pub width: Option<u16>,
}

impl Style {
    /// Reads the environment: the terminal conventions for colour (as
    /// `anstream` reads them for every tool built on it), and how wide.
    pub fn detect() -> Style {
        let stdout = std::io::stdout();
        let styled = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|&w| w > 0)
            .or_else(|| terminal_size::terminal_size_of(&stdout).map(|(w, _)| w.0));
        Style { styled, width }
    }
}

/// Text made safe to show on a terminal: control characters (which could
/// move the cursor, retitle the window or clear the screen), the invisible
/// bidirectional overrides (which could make text read backwards) and every
/// other character Unicode says to ignore (which make two names look alike:
/// the very ones a name may not hold, [`crate::model::invisible`]) are shown
/// escaped, as `\u{1b}`. Newlines are kept when `keep_newlines`
/// (a table cell may span lines). Machine formats never go through this.
pub fn visible(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| crate::model::invisible(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' if hidden(c) => shown.push_str("\\t"),
            '\r' if hidden(c) => shown.push_str("\\r"),
            '\n' if hidden(c) => shown.push_str("\\n"),
            c if hidden(c) => shown.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => shown.push(c),
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// A table cell of text, shown safely (see [`visible`]).
pub fn text_cell(text: &str) -> Cell {
    Cell::new(visible(text, true))
}

/// A table row of texts, each shown safely.
pub fn text_row<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> Vec<Cell> {
    cells.into_iter().map(|c| text_cell(c.as_ref())).collect()
}

/// Renders one cell of a row as text (CSV and tables).
pub fn cell_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join("; "),
        Value::Object(_) => value.to_string(),
    }
}

/// Makes a CSV cell safe to open in a spreadsheet: a cell that would run as a
/// formula gets a leading apostrophe, which spreadsheets show as text.
pub fn neutralize(mut cell: String) -> String {
    neutralize_in_place(&mut cell);
    cell
}

fn neutralize_in_place(cell: &mut String) {
    if let Some('=' | '+' | '-' | '@' | '\t' | '\r') = cell.chars().next() {
        cell.insert(0, '\'');
    }
}

fn to_object<R: Serialize>(row: &R) -> Result<serde_json::Map<String, Value>> {
    match serde_json::to_value(row).map_err(|e| Error::input(format!("cannot encode output: {e}")))? {
        Value::Object(map) => Ok(map),
        other => Err(Error::input(format!("cannot print {other} as a row"))),
    }
}

/// The column names of a row type, from a default instance.
fn header<R: Serialize + Default>() -> Result<Vec<String>> {
    Ok(to_object(&R::default())?.keys().cloned().collect())
}

/// RFC 4180: records end in CRLF.
fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out)
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Output(io),
        other => Error::input(format!("cannot write CSV: {other:?}")),
    }
}

/// A JSON writing error: a failed write stays an output error (so a closed
/// pipe is still recognised), anything else is a failure to encode.
pub(crate) fn json_error(e: serde_json::Error) -> Error {
    match e.io_error_kind() {
        Some(kind) => Error::Output(std::io::Error::from(kind)),
        None => Error::input(format!("cannot write JSON: {e}")),
    }
}

/// Writes a stream of rows in `format`. CSV and JSON rows go out as they come,
/// so memory stays flat; a table needs them all to size its columns.
pub struct RowWriter<'a, R> {
    out: Sink<'a>,
    format: Format,
    style: Style,
    /// Columns a table shows, when not all (wide machine columns left out).
    table_columns: Option<&'static [&'static str]>,
    /// Neutralise formula-like CSV cells (the default).
    safe_csv: bool,
    /// Begin CSV with a byte order mark.
    bom: bool,
    table: Option<paged::PagedTable>,
    cells: cells::Cells,
    written: usize,
    /// Rows still to skip, and how many more to print.
    page: (usize, Option<usize>),
    _row: std::marker::PhantomData<R>,
}

impl<'a, R: Serialize + Default> RowWriter<'a, R> {
    pub fn new(out: &'a mut dyn Write, format: Format, style: Style) -> RowWriter<'a, R> {
        let out = match format {
            Format::Csv => Sink::Csv(Box::new(csv_writer(out))),
            _ => Sink::Direct(out),
        };
        RowWriter {
            out,
            format,
            style,
            table_columns: None,
            safe_csv: true,
            bom: false,
            table: None,
            cells: cells::Cells::default(),
            written: 0,
            page: (0, None),
            _row: std::marker::PhantomData,
        }
    }

    /// Prints only the rows `page` selects.
    pub fn page(mut self, page: PageArgs) -> Self {
        self.page = (page.offset, page.limit);
        self
    }

    /// Limits the table (only) to these columns.
    pub fn table_columns(mut self, columns: &'static [&'static str]) -> Self {
        self.table_columns = Some(columns);
        self
    }

    /// Writes CSV cells exactly, formula-like or not.
    pub fn raw_csv(mut self, raw: bool) -> Self {
        self.safe_csv = !raw;
        self
    }

    /// Begins CSV with a byte order mark (`--bom`); other formats refuse it.
    pub fn bom(mut self, bom: bool) -> Self {
        self.bom = bom;
        self
    }

    /// A listing's CSV options: `--bom` and `--raw`; other formats refuse them.
    pub fn csv_options(self, csv: CsvArgs) -> Self {
        self.bom(csv.bom).raw_csv(csv.raw)
    }

    fn begin(&mut self) -> Result<()> {
        if self.bom && self.format != Format::Csv {
            return Err(Error::input_hint(
                "--bom marks CSV for spreadsheets, and this output is not CSV",
                "add --format csv, or leave out --bom",
            ));
        }
        if !self.safe_csv && self.format != Format::Csv {
            return Err(Error::input_hint(
                "--raw turns off the neutralising of formula-like CSV cells, and this output is not CSV",
                "add --format csv, or leave out --raw (JSON is always exact)",
            ));
        }
        match &mut self.out {
            Sink::Csv(csv) => {
                let mut header = header::<R>()?;
                // The mark goes first in the file: before the first name, unquoted.
                if self.bom
                    && let Some(first) = header.first_mut()
                {
                    first.insert(0, BOM);
                }
                csv.write_record(header).map_err(csv_error)?
            }
            Sink::Direct(out) if self.format == Format::Json => out.write_all(b"[")?,
            Sink::Direct(_) if self.format == Format::Table => {
                let columns = to_object(&R::default())?;
                let names: Vec<String> = columns.keys().cloned().collect();
                let boolean = columns.values().map(Value::is_boolean).collect();
                let shown = match self.table_columns {
                    Some(wanted) => wanted.iter().filter_map(|w| names.iter().position(|n| n == w)).collect(),
                    None => (0..names.len()).collect(),
                };
                self.table = Some(paged::PagedTable::new(self.style, names, boolean, shown));
            }
            Sink::Direct(_) => {}
        }
        Ok(())
    }

    fn render(&mut self, row: &R) -> Result<()> {
        self.cells.render(row).map_err(|e| Error::input(format!("cannot print a row: {e}")))
    }

    pub fn write(&mut self, row: &R) -> Result<()> {
        match &mut self.page {
            (skip @ 1.., _) => {
                *skip -= 1;
                return Ok(());
            }
            (_, Some(0)) => return Ok(()),
            (_, Some(left)) => *left -= 1,
            (_, None) => {}
        }
        if self.written == 0 {
            self.begin()?;
        }
        self.written += 1;
        match &mut self.out {
            Sink::Csv(_) => {
                self.render(row)?;
                let Sink::Csv(csv) = &mut self.out else { unreachable!("matched above") };
                if self.safe_csv {
                    for cell in &mut self.cells.cells {
                        neutralize_in_place(cell);
                    }
                }
                csv.write_record(&self.cells.cells).map_err(csv_error)?;
            }
            Sink::Direct(_) if self.format == Format::Table => {
                self.render(row)?;
                let (Sink::Direct(out), Some(table)) = (&mut self.out, &mut self.table) else {
                    unreachable!("a table begins with its first row")
                };
                table.push(*out, self.cells.cells.clone())?;
            }
            Sink::Direct(out) => match self.format {
                Format::Table => unreachable!("matched above"),
                Format::Json => {
                    if self.written > 1 {
                        out.write_all(b",")?;
                    }
                    out.write_all(b"\n")?;
                    serde_json::to_writer(&mut **out, row).map_err(json_error)?;
                }
                _ => {
                    serde_json::to_writer(&mut **out, row).map_err(json_error)?;
                    out.write_all(b"\n")?;
                }
            },
        }
        Ok(())
    }

    /// Ends the output; an empty stream still prints a header, `[]`, or a note.
    pub fn finish(mut self) -> Result<()> {
        if self.written == 0 {
            self.begin()?;
        }
        let out = match &mut self.out {
            Sink::Csv(csv) => return Ok(csv.flush()?),
            Sink::Direct(out) => out,
        };
        match self.format {
            Format::Csv | Format::Jsonl => {}
            Format::Json => out.write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?,
            Format::Table => {
                if let Some(table) = self.table.take() {
                    table.finish(*out)?;
                }
            }
        }
        Ok(())
    }
}

enum Sink<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Direct(&'a mut dyn Write),
}

fn header_cell(name: &str, style: Style) -> Cell {
    let cell = Cell::new(name.replace('_', " "));
    if style.styled { cell.add_attribute(comfy_table::Attribute::Bold) } else { cell }
}

/// The width of `text`'s longest word: the narrowest its column can be
/// without splitting a word (a name, a timestamp, an id).
pub(crate) fn longest_word(text: &str) -> u16 {
    use unicode_width::UnicodeWidthStr;
    text.split([' ', '\n']).map(|w| w.width()).max().unwrap_or(0).try_into().unwrap_or(u16::MAX)
}

/// Each column's longest word, header included.
fn longest_words(table: &Table) -> Vec<u16> {
    let mut longest: Vec<u16> = Vec::new();
    for row in table.header().into_iter().chain(table.row_iter()) {
        for (i, cell) in row.cell_iter().enumerate() {
            if i == longest.len() {
                longest.push(0);
            }
            longest[i] = longest[i].max(longest_word(&cell.content()));
        }
    }
    longest
}

/// Whether columns this narrow, each with its padding and borders, fit `width`.
pub(crate) fn fits(narrowest: &[u16], width: u16) -> bool {
    // Each column: its padding and a border on its left; and the last border.
    let needed: u32 = narrowest.iter().map(|&w| u32::from(w) + 3).sum::<u32>() + 1;
    needed <= u32::from(width)
}

/// Fits the table's columns to the width, breaking lines only between
/// words: no column is narrower than its longest word. Short columns (ids,
/// ratings, names) keep their width, so the wrapping falls on the long text
/// columns where it reads best; unless they would leave the long columns too
/// little room. A table that cannot fit without splitting a word is left to
/// split them (see [`write_table`], which prints such a table otherwise).
pub(crate) fn fit_columns(table: &mut Table, width: Option<u16>) {
    use comfy_table::{ColumnConstraint, Width};
    const SHORT: u16 = 14;
    let Some(width) = width else { return };
    let widths = table.column_max_content_widths();
    let words = longest_words(table);
    let whole = fits(&words, width);
    let short: u16 = widths.iter().filter(|&&w| w <= SHORT).map(|w| w + 3).sum();
    // Short columns kept whole, the others at their longest words: all must fit.
    let kept: Vec<u16> =
        widths.iter().zip(&words).map(|(&content, &word)| if content <= SHORT { content } else { word }).collect();
    let keep_short = short <= width / 2 && fits(&kept, width);
    for (i, column) in table.column_iter_mut().enumerate() {
        let (content, word) = (widths[i], words.get(i).copied().unwrap_or(0));
        if keep_short && content <= SHORT {
            column.set_constraint(ColumnConstraint::ContentWidth);
        } else if whole {
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(word + 2)));
        }
    }
}

/// Prints a table fitted to the width. One whose columns cannot all be as
/// wide as their longest words is printed a record at a time instead, each
/// a block of its fields (header and value), so that no word is split.
pub fn write_table(out: &mut dyn Write, mut table: Table, style: Style) -> Result<()> {
    if let (Some(width), Some(header)) = (style.width, table.header())
        && !fits(&longest_words(&table), width)
    {
        let names: Vec<String> = header.cell_iter().map(|c| c.content()).collect();
        let mut blocks = stacked::Stacked::new(style, &names);
        for row in table.row_iter() {
            let cells: Vec<String> = row.cell_iter().map(|c| c.content()).collect();
            blocks.write(out, names.iter().zip(&cells).map(|(n, c)| (n.as_str(), c.as_str())))?;
        }
        return blocks.finish(out);
    }
    fit_columns(&mut table, style.width);
    writeln!(out, "{table}")?;
    Ok(())
}

/// A table with the house look, fitted to the width.
pub fn new_table(style: Style) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    if style.styled {
        // Styled where the environment asks for it, terminal or not (CLICOLOR_FORCE).
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    match style.width {
        Some(width) => {
            table.set_width(width);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table
}

/// Writes one record: a two-column field/value table, or the record in the
/// machine format.
pub fn write_record<R: Serialize>(out: &mut dyn Write, format: Format, style: Style, record: &R) -> Result<()> {
    match format {
        Format::Table => {
            let mut table = new_table(style);
            for (field, value) in to_object(record)? {
                table.add_row(vec![header_cell(&field, style), text_cell(&cell_text(&value))]);
            }
            write_table(out, table, style)
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, record).map_err(json_error)?;
            writeln!(out)?;
            Ok(())
        }
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, record).map_err(json_error)?;
            writeln!(out)?;
            Ok(())
        }
        Format::Csv => {
            let object = to_object(record)?;
            let mut csv = csv_writer(&mut *out);
            csv.write_record(object.keys()).map_err(csv_error)?;
            csv.write_record(object.values().map(|v| neutralize(cell_text(v)))).map_err(csv_error)?;
            csv.flush()?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_shown_escaped() {
        assert_eq!(visible("Raid \u{1b}]0;PWNED\u{7}\u{1b}[2J", true), "Raid \\u{1b}]0;PWNED\\u{7}\\u{1b}[2J");
        assert_eq!(visible("abc\u{202e}def", true), "abc\\u{202e}def");
        assert_eq!(visible("a\u{e0041}\u{fe0f}\u{3164}b", true), "a\\u{e0041}\\u{fe0f}\\u{3164}b");
        assert_eq!(visible("two\nlines\tand a tab", true), "two\nlines\\tand a tab");
        assert_eq!(visible("two\nlines", false), "two\\nlines");
        assert!(matches!(visible("plain “text” – ok", true), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for cell in ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"] {
            assert_eq!(neutralize(cell.to_string()), format!("'{cell}"));
        }
        for cell in ["plain", "1-1", "", "'quoted"] {
            assert_eq!(neutralize(cell.to_string()), cell);
        }
    }
}
