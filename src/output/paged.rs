//! A table printed as its rows come, a page at a time, so that a listing of a
//! million claims starts at once and holds one page in memory. The first
//! page fixes the columns and their widths; later pages continue the same
//! table, their rows set in those widths, unless they hold something in a
//! column the table leaves out (it shows only columns that say something),
//! or a column that fitted would wrap, or a word would not fit its column:
//! then they go on in a new table, with its header. A table that cannot fit
//! the width without splitting words is printed a record at a time, each a
//! block of its fields (see `stacked`), and so are the pages after it.

use std::io::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Width};

use super::stacked::Stacked;
use super::{Style, fit_columns, fits, header_cell, longest_word, new_table, text_cell};
use crate::error::Result;

/// Rows a page holds.
pub(super) const PAGE_ROWS: usize = 500;

pub(super) struct PagedTable {
    style: Style,
    /// Every column of the row type, whether each holds a yes or no, those
    /// the listing may show, and those the table being printed shows.
    names: Vec<String>,
    boolean: Vec<bool>,
    wanted: Vec<usize>,
    shown: Vec<usize>,
    /// Rows waiting to be printed, as cell texts of every column.
    pending: Vec<Vec<String>>,
    /// Once the first page is out: how it was printed.
    printed: Option<Layout>,
}

enum Layout {
    Grid(Printed),
    Stacked(Stacked),
}

/// A table printed as a grid: each shown column's width, borders excluded,
/// and the table's last line, held back until the end.
struct Printed {
    widths: Vec<u16>,
    /// Whether each column's cells fitted without wrapping.
    unwrapped: Vec<bool>,
    bottom: String,
}

impl Printed {
    /// The table's whole width, borders included.
    fn total(&self) -> u16 {
        self.widths.iter().map(|w| w + 1).sum::<u16>() + 1
    }
}

impl PagedTable {
    /// A table of rows whose columns are `names` (`boolean` for those that
    /// hold a yes or no), showing `shown` (indices).
    pub fn new(style: Style, names: Vec<String>, boolean: Vec<bool>, shown: Vec<usize>) -> PagedTable {
        PagedTable { style, names, boolean, wanted: shown.clone(), shown, pending: Vec::new(), printed: None }
    }

    /// The wanted columns that say something in some row: a column empty
    /// (or false) in every row says nothing to a reader.
    fn saying(&self, rows: &[Vec<String>]) -> Vec<usize> {
        let empty = |c: usize, text: &str| text.is_empty() || (self.boolean[c] && text == "false");
        self.wanted.iter().copied().filter(|&c| rows.iter().any(|row| !empty(c, &row[c]))).collect()
    }

    /// Adds a row of cell texts (every column, in order).
    pub fn push(&mut self, out: &mut dyn Write, cells: Vec<String>) -> Result<()> {
        self.pending.push(cells);
        if self.pending.len() == PAGE_ROWS {
            self.print_page(out)?;
        }
        Ok(())
    }

    /// Prints what is left, and the table's end; an empty table says so.
    pub fn finish(mut self, out: &mut dyn Write) -> Result<()> {
        if self.printed.is_none() || !self.pending.is_empty() {
            self.print_page(out)?;
        }
        match self.printed {
            Some(Layout::Grid(printed)) => writeln!(out, "{}", printed.bottom)?,
            Some(Layout::Stacked(blocks)) => blocks.finish(out)?,
            None => {}
        }
        Ok(())
    }

    fn print_page(&mut self, out: &mut dyn Write) -> Result<()> {
        let rows = std::mem::take(&mut self.pending);
        if let Some(Layout::Stacked(blocks)) = &mut self.printed {
            return stack(out, blocks, &self.names, &self.wanted, &rows);
        }
        let Some(Layout::Grid(printed)) = &self.printed else {
            return self.print_segment(out, rows);
        };
        // Rows with something in a column the table leaves out go on in a
        // table of their own.
        if self.saying(&rows).iter().any(|c| !self.shown.contains(c)) {
            writeln!(out, "{}", printed.bottom)?;
            return self.print_segment(out, rows);
        }
        let mut table = new_table(self.style);
        // The first page's widths, exactly: wrapped within them if need be.
        table.set_width(printed.total());
        table.set_content_arrangement(ContentArrangement::Dynamic);
        for row in &rows {
            table.add_row(self.shown.iter().map(|&c| text_cell(&row[c])));
        }
        // A column whose cells all fitted would now wrap (ids grew a digit,
        // say), or a word would not fit its column: the rows go on in a table
        // of their own.
        let needs = table.column_max_content_widths();
        let wraps = printed.unwrapped.iter().zip(&printed.widths).zip(&needs).any(|((&u, &w), &n)| u && n + 2 > w);
        let splits = self
            .shown
            .iter()
            .zip(&printed.widths)
            .any(|(&c, &w)| rows.iter().any(|row| longest_word(&super::visible(&row[c], true)) + 2 > w));
        if wraps || splits {
            writeln!(out, "{}", printed.bottom)?;
            return self.print_segment(out, rows);
        }
        for (column, width) in table.column_iter_mut().zip(&printed.widths) {
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(*width)));
        }
        let lines: Vec<String> = table.lines().collect();
        // Its top border and bottom border are the table's already.
        for line in &lines[1..lines.len() - 1] {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    /// Prints rows as a table of their own, with a header, fitted as any table.
    fn print_segment(&mut self, out: &mut dyn Write, rows: Vec<Vec<String>>) -> Result<()> {
        self.shown = if rows.is_empty() { self.wanted.clone() } else { self.saying(&rows) };
        let mut table = new_table(self.style);
        table.set_header(self.shown.iter().map(|&c| header_cell(&self.names[c], self.style)));
        for row in &rows {
            table.add_row(self.shown.iter().map(|&c| text_cell(&row[c])));
        }
        if let Some(width) = self.style.width
            && !rows.is_empty()
        {
            let words: Vec<u16> = self.shown.iter().map(|&c| narrowest(&self.names[c], &rows, c)).collect();
            if !fits(&words, width) {
                let names: Vec<String> = self.wanted.iter().map(|&c| self.names[c].replace('_', " ")).collect();
                let mut blocks = Stacked::new(self.style, &names);
                stack(out, &mut blocks, &self.names, &self.wanted, &rows)?;
                self.printed = Some(Layout::Stacked(blocks));
                return Ok(());
            }
        }
        fit_columns(&mut table, self.style.width);
        let needs = table.column_max_content_widths();
        let mut lines: Vec<String> = table.lines().collect();
        let bottom = lines.pop().unwrap_or_default();
        for line in &lines {
            writeln!(out, "{line}")?;
        }
        if rows.is_empty() {
            writeln!(out, "{bottom}")?;
            writeln!(out, "(none)")?;
            return Ok(());
        }
        // The top border shows each column's width: ┌──────┬────┐.
        let widths = lines[0].split(['┌', '┬', '┐']).filter(|s| !s.is_empty());
        let widths: Vec<u16> = widths.map(|s| s.chars().count() as u16).collect();
        let unwrapped = widths.iter().zip(&needs).map(|(&w, &n)| n + 2 <= w).collect();
        self.printed = Some(Layout::Grid(Printed { widths, unwrapped, bottom }));
        Ok(())
    }
}

/// The narrowest column `c` can be without splitting a word of its header or cells.
fn narrowest(name: &str, rows: &[Vec<String>], c: usize) -> u16 {
    let cells = rows.iter().map(|row| longest_word(&super::visible(&row[c], true)));
    cells.fold(longest_word(&name.replace('_', " ")), u16::max)
}

/// Prints rows as blocks of their wanted fields.
fn stack(
    out: &mut dyn Write,
    blocks: &mut Stacked,
    names: &[String],
    wanted: &[usize],
    rows: &[Vec<String>],
) -> Result<()> {
    let labels: Vec<String> = wanted.iter().map(|&c| names[c].replace('_', " ")).collect();
    for row in rows {
        blocks.write(out, labels.iter().zip(wanted).map(|(l, &c)| (l.as_str(), row[c].as_str())))?;
    }
    Ok(())
}
