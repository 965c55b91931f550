//! Records printed one under another, each a block of its fields: the form
//! of a table too wide for the terminal to hold without splitting words.
//!
//! ```text
//! ┌─────────────┬──────────────────────────────────┐
//! │ id          ┆ C14                              │
//! │ asserted by ┆ Shahin Gobadi; Mujahedeen-e-Khalq│
//! ├─────────────┼──────────────────────────────────┤
//! │ id          ┆ C45                              │
//! └─────────────┴──────────────────────────────────┘
//! ```

use std::io::Write;

use comfy_table::{Cell, ColumnConstraint, Width};

use super::{Style, new_table, text_cell};
use crate::error::Result;

pub(super) struct Stacked {
    style: Style,
    /// The width of the field names' column, borders excluded.
    label: u16,
    /// Once the first record is out: the table's last line, held back.
    bottom: Option<String>,
}

impl Stacked {
    /// Blocks of the fields `names` (as the table's header names them).
    pub fn new(style: Style, names: &[String]) -> Stacked {
        let label = names.iter().map(|n| label_width(n)).max().unwrap_or(0);
        Stacked { style, label: label + 2, bottom: None }
    }

    /// Prints one record: its fields that hold something, in order.
    pub fn write<'a>(&mut self, out: &mut dyn Write, fields: impl Iterator<Item = (&'a str, &'a str)>) -> Result<()> {
        let mut table = new_table(self.style);
        let mut any = false;
        for (name, value) in fields.filter(|(_, v)| !v.is_empty() && *v != "false") {
            let label = Cell::new(name);
            let label = if self.style.styled { label.add_attribute(comfy_table::Attribute::Bold) } else { label };
            table.add_row(vec![label, text_cell(value)]);
            any = true;
        }
        if !any {
            return Ok(());
        }
        // Every block as wide as the others: the names' column, and the rest.
        let widths = [Some(self.label), self.style.width.map(|w| w.saturating_sub(self.label + 3).max(4))];
        for (column, width) in table.column_iter_mut().zip(widths) {
            if let Some(width) = width {
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width)));
            }
        }
        let mut lines: Vec<String> = table.lines().collect();
        let bottom = lines.pop().unwrap_or_default();
        match self.bottom.replace(bottom) {
            None => writeln!(out, "{}", lines[0])?,
            // Records meet at a line across: ├──┼──┤.
            Some(_) => writeln!(out, "{}", lines[0].replace('┌', "├").replace('┬', "┼").replace('┐', "┤"))?,
        }
        for line in &lines[1..] {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }

    /// Prints the last line; nothing when no record was printed.
    pub fn finish(self, out: &mut dyn Write) -> Result<()> {
        if let Some(bottom) = self.bottom {
            writeln!(out, "{bottom}")?;
        }
        Ok(())
    }
}

/// A field name's width on one line.
fn label_width(name: &str) -> u16 {
    use unicode_width::UnicodeWidthStr;
    name.width().try_into().unwrap_or(u16::MAX)
}
