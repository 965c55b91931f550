//! A claim's whole record, for `claim show`.

use super::Reader;
use super::history_read::Event;
use super::listing::StanceEntry;
use crate::error::Result;
use crate::model::{Annotation, Claim, Id, Named, RecordKind};

/// Everything the ledger holds on one claim.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub claim: Claim,
    /// Where it first appears.
    pub source: Named,
    /// Every stance on it, superseded ones included, oldest first.
    pub stances: Vec<StanceEntry>,
    /// Its notes, tags and verdicts, oldest first.
    pub annotations: Vec<Annotation>,
    /// The events that made it and everything recorded on it.
    pub history: Vec<Event>,
}

impl Reader<'_> {
    pub fn dossier(&self, id: Id) -> Result<Dossier> {
        let claim = self.claim(id)?;
        Ok(Dossier {
            source: self.named(RecordKind::Source, claim.source)?,
            claim,
            stances: self.stance_entries(id)?,
            annotations: self.annotations(id)?,
            history: self.claim_events(id)?,
        })
    }
}
