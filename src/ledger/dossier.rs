//! A claim's whole record, for `claim show`.

use super::Reader;
use super::history_read::Event;
use super::listing::{LinkEntry, StanceEntry};
use crate::error::{Error, Result};
use crate::history::Change;
use crate::model::{Annotation, Claim, Id, Named, RecordKind, Standing, Status, StatusChange, Withdrawal};

/// Everything the ledger holds on one claim.
#[derive(Debug, Clone)]
pub struct Dossier {
    /// The claim as it reads now.
    pub claim: Claim,
    pub status: Status,
    /// Who set the status and when; none while it is the first `unchecked`.
    pub status_set: Option<StatusChange>,
    /// Why it is withdrawn, while it is.
    pub withdrawal: Option<Withdrawal>,
    /// Where it first appears.
    pub source: Named,
    /// Every stance on it, superseded and retracted ones included, oldest first.
    pub stances: Vec<StanceEntry>,
    /// Its notes, tags and verdicts, retracted ones included, oldest first.
    pub annotations: Vec<Standing<Annotation>>,
    /// Its links to other claims, either way, removed ones included.
    pub links: Vec<LinkEntry>,
    /// Every earlier version of it, oldest first: as first recorded, then each amendment.
    pub earlier_versions: Vec<Version>,
    /// The version that reads now (the first, until it is amended).
    pub version: Version,
    /// The events that concern it.
    pub history: Vec<Event>,
}

/// One version of a claim, with who made it, when, and why.
#[derive(Debug, Clone)]
pub struct Version {
    pub claim: Claim,
    pub by: String,
    pub at: String,
    /// Why it was amended (none for the first version).
    pub reason: Option<String>,
}

impl Reader<'_> {
    pub fn dossier(&self, id: Id) -> Result<Dossier> {
        let claim = self.claim(id)?;
        let history = self.claim_events(id)?;
        let mut versions = Vec::new();
        let mut status_set = None;
        for event in &history {
            match event.change()? {
                Change::StatusChanged(change) if change.claim == id => status_set = Some(change),
                Change::ClaimAdded(c) if c.id == id => {
                    versions.push(Version { claim: c, by: event.author.clone(), at: event.at.clone(), reason: None })
                }
                Change::ClaimAmended(a) if a.claim.id == id => {
                    versions.push(Version { claim: a.claim, by: a.by, at: a.at, reason: Some(a.reason) })
                }
                _ => {}
            }
        }
        // Its history holds the event that added it, whatever came since.
        let version = versions.pop().ok_or_else(|| {
            Error::Damaged(format!("the history of claim {} lacks the event that added it", RecordKind::Claim.id(id)))
        })?;
        let withdrawal = self.withdrawal(id)?;
        let annotations =
            self.annotation_rows(id)?.into_iter().map(|(a, seq)| self.standing(a, seq)).collect::<Result<_>>()?;
        let links = self
            .links_of(id)?
            .into_iter()
            .map(|link| {
                let (from, to) =
                    (self.named(RecordKind::Claim, link.record.from)?, self.named(RecordKind::Claim, link.record.to)?);
                Ok(LinkEntry { link, from, to })
            })
            .collect::<Result<_>>()?;
        Ok(Dossier {
            source: self.named(RecordKind::Source, claim.source)?,
            status: self.status(id)?,
            status_set,
            withdrawal,
            stances: self.stance_entries(id)?,
            annotations,
            links,
            earlier_versions: versions,
            version,
            history,
            claim,
        })
    }
}
