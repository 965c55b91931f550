//! A table printed as its rows come, a page at a time, so that a listing of a
//! million claims starts at once and holds one page in memory. The first
//! page fixes the columns and their widths; later pages continue the same
//! table, their rows set in those widths, unless they hold something in a
//! column the table leaves out (it shows only columns that say something),
//! or a column that fitted would wrap: then they go on in a new table, with
//! its header.

use std::io::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Width};

use super::{Style, header_cell, keep_short_columns_whole, new_table, text_cell};
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
    /// Once the first page is out: each shown column's width, borders
    /// excluded, and the table's last line, held back until the end.
    printed: Option<Printed>,
}

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
        if let Some(printed) = &self.printed {
            writeln!(out, "{}", printed.bottom)?;
        }
        Ok(())
    }

    fn print_page(&mut self, out: &mut dyn Write) -> Result<()> {
        let rows = std::mem::take(&mut self.pending);
        let Some(printed) = &self.printed else {
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
        // say): the rows go on in a table of their own, as wide.
        let needs = table.column_max_content_widths();
        let wraps = printed.unwrapped.iter().zip(&printed.widths).zip(&needs).any(|((&u, &w), &n)| u && n + 2 > w);
        if wraps {
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
        keep_short_columns_whole(&mut table, self.style.width);
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
        self.printed = Some(Printed { widths, unwrapped, bottom });
        Ok(())
    }
}
