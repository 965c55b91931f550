//! The ledger in the formats others read: schema.org ClaimReview for
//! publishing verdicts, W3C Web Annotations for exchanging quotes. Each is a
//! JSON array written record by record.

mod claimreview;
mod webannotation;

use std::io::Write;

use serde::Serialize;

pub use claimreview::write_claimreviews;
pub use webannotation::write_web_annotations;

use crate::error::Result;

/// Writes a JSON array one element at a time, so that memory stays flat.
struct JsonArray<'a> {
    out: &'a mut dyn Write,
    written: usize,
}

impl<'a> JsonArray<'a> {
    fn new(out: &'a mut dyn Write) -> JsonArray<'a> {
        JsonArray { out, written: 0 }
    }

    fn push<T: Serialize>(&mut self, item: &T) -> Result<()> {
        self.out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        serde_json::to_writer_pretty(&mut *self.out, item).map_err(crate::output::json_error)?;
        self.written += 1;
        Ok(())
    }

    /// Ends the array; returns how many elements it holds.
    fn finish(self) -> Result<usize> {
        self.out.write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        Ok(self.written)
    }
}
