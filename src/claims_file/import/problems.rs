//! What is wrong with a claims file, worded for it: at its line, naming the
//! record by its key and the field as the file names it.

use super::super::field_differences;
use super::{Importer, Outcome};
use crate::error::{Error, Result};
use crate::model::{Field, RecordKind};

/// One thing wrong with a claims file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

pub(super) fn one_problem(line: usize, message: &str) -> Outcome {
    Outcome { problems: vec![Problem { line, message: message.to_string() }], ..Outcome::default() }
}

impl Importer<'_, '_> {
    pub(super) fn problem(
        &mut self,
        line: usize,
        record: &str,
        key: &str,
        field: &str,
        message: impl std::fmt::Display,
    ) {
        let field = if field.is_empty() { String::new() } else { format!("{field}: ") };
        self.outcome.problems.push(Problem { line, message: format!("{record} '{key}': {field}{message}") });
    }

    /// Reports an error of a record as a problem, unless it is a failure of
    /// the machinery (the database, a disk), which ends the import. The
    /// field that broke a rule is named as the file names it, within the
    /// record's table `within` (`stance`, `change`; empty for the record).
    pub(super) fn refused(&mut self, e: Error, line: usize, record: &str, key: &str, within: &str) -> Result<()> {
        if !e.is_input_problem() {
            return Err(e);
        }
        let message = match e.hint(|field| format!("`{}`", field.name())) {
            Some(hint) => format!("{e} ({hint})"),
            None => e.to_string(),
        };
        self.problem(line, record, key, &field_in_file(within, e.field()), message);
        Ok(())
    }

    /// Whether a record that needs a reason gives one. A reason left out is
    /// the file's to report; an empty one is refused by the writer.
    pub(super) fn reason_given(&mut self, line: usize, key: &str, field: &str, reason: Option<&str>) -> bool {
        if reason.is_some() {
            return true;
        }
        self.problem(line, "claim", key, field, "the reason is missing (say why in `reason`)");
        false
    }

    /// Reports how a record the ledger has differs from the file's, both in the file's form.
    pub(super) fn differs<T: serde::Serialize>(
        &mut self,
        line: usize,
        kind: RecordKind,
        key: &str,
        ledger: &T,
        file: &T,
    ) {
        let diff = field_differences(ledger, file).join("; ");
        let mut message =
            format!("already in the ledger with different content ({diff}); the ledger is not overwritten");
        if kind == RecordKind::Claim {
            message.push_str(
                " (to correct the claim, add a [[claim.change]] below it with change = \"amend\"; \
                 a new claim needs a key of its own)",
            );
        }
        self.problem(line, kind.name(), key, "", message);
    }

    pub(super) fn refused_link(&mut self, e: Error, line: usize, name: &str, field: &str) -> Result<()> {
        if !e.is_input_problem() {
            return Err(e);
        }
        let field = if field.is_empty() { String::new() } else { format!("{field}: ") };
        self.outcome.problems.push(Problem { line, message: format!("link '{name}': {field}{e}") });
        Ok(())
    }
}

/// Where a field that broke a rule is in a file: `field` in the record's
/// table `within` (`stance.quote`), or the table alone when no field did.
pub(super) fn field_in_file(within: &str, field: Option<Field>) -> String {
    let name = match field {
        None => return within.to_string(),
        // A claim's tags and an actor's aliases are lists.
        Some(Field::Tag) if within.is_empty() => "tags",
        Some(Field::Alias) if within.is_empty() => "aliases",
        Some(field) => field.name(),
    };
    if within.is_empty() { name.to_string() } else { format!("{within}.{name}") }
}
