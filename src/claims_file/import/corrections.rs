//! The corrections a claims file carries for a record that can be amended,
//! reconciled with those the ledger holds by the one routine
//! ([`super::reconcile`]).
//!
//! A record's corrections have one form in a file: a table of changes below
//! the record (`[[claim.change]]`), each the kind of change, the fields it
//! sets, and `reason`, `by`, `at`; they are made in file order, each on the
//! record as it then reads. A record that can be amended says, as an
//! [`Amendable`], how one of its changes matches one the ledger holds and how
//! it is made. Claims are amendable; a source or actor that can be amended
//! gives its `[[source.change]]` or `[[actor.change]]` the same way.

use std::rc::Rc;

use toml::Spanned;

use super::super::read::Text;
use super::super::{ChangeKind, FileActorChange, FileChange, FileSourceChange};
use super::reconcile::{Reconcile, reconcile};
use super::records::FigureFields;
use super::{ClaimContext, Importer, Unresolved, as_stored};
use crate::error::{Error, Result};
use crate::ledger::Recorded;
use crate::model::{Amendment, Claim, Correction, Id, RecordKind, Restoration, StatusChange, Withdrawal};

/// A record a claims file can correct.
pub(super) trait Amendable {
    /// One of the file's changes, ready to match.
    type Change;
    /// One the ledger holds, in the file's form.
    type Held;
    /// The record's id.
    fn id(&self) -> Id;
    /// Whether the file's change is the held one.
    fn same(change: &Self::Change, held: &Self::Held) -> bool;
    /// Makes a change the ledger lacks (or has it wait for what it names).
    fn make(&mut self, imp: &mut Importer<'_, '_>, change: &Self::Change) -> Result<()>;
}

/// The corrections of one amendable record, as a kind the routine reconciles.
pub(super) struct Corrections<A: Amendable> {
    record: A,
    /// What the ledger holds that no change of the file has named yet.
    held: Vec<A::Held>,
}

impl<A: Amendable> Reconcile for Corrections<A> {
    type Entry = A::Change;
    type Held = A::Held;

    fn take(&mut self, change: &A::Change, exact: bool) -> Option<A::Held> {
        if !exact {
            return None;
        }
        let i = self.held.iter().position(|held| A::same(change, held))?;
        Some(self.held.remove(i))
    }

    /// A correction is never retracted: a later one corrects it.
    fn stands(_: &A::Held) -> bool {
        true
    }

    fn retracted(_: &A::Change) -> bool {
        false
    }

    fn id(&self, _: &A::Held) -> Id {
        self.record.id()
    }

    fn add(&mut self, imp: &mut Importer<'_, '_>, change: &A::Change) -> Result<Option<Id>> {
        self.record.make(imp, change)?;
        Ok(None)
    }

    fn retract(&mut self, _: &mut Importer<'_, '_>, _: &A::Change, _: Id) -> Result<()> {
        Ok(())
    }
}

/// A change that waits for a claim further on in the file: made, with its
/// claim's changes after it, once every claim is in.
pub(super) struct Deferred {
    /// The piece of the file it is in: its lines and figures are found there.
    pub(super) piece: Rc<Text>,
    pub(super) claim: Id,
    pub(super) key: String,
    pub(super) change: Spanned<FileChange>,
}

/// A claim, as the record its `[[claim.change]]`s correct.
struct ClaimChanges<'k> {
    id: Id,
    key: &'k str,
    /// Whether a change waits for a claim further on: those after it wait too.
    waiting: bool,
}

/// A `[[claim.change]]`, ready to match: its time as stored, and the claim
/// it names as the one the claim repeats.
struct ClaimChange {
    spanned: Spanned<FileChange>,
    at: Option<String>,
    target: Option<std::result::Result<Id, Unresolved>>,
}

impl Amendable for ClaimChanges<'_> {
    type Change = ClaimChange;
    /// A held change, with the claim a withdrawal names as the one it repeats.
    type Held = (FileChange, Option<Id>);

    fn id(&self) -> Id {
        self.id
    }

    /// Without `by` or `at`, a change matches any; the claim it repeats
    /// matches by any key that names it.
    fn same(change: &ClaimChange, (held, repeats): &(FileChange, Option<Id>)) -> bool {
        let given = change.spanned.get_ref();
        let names_it = match &change.target {
            Some(Ok(id)) => *repeats == Some(*id),
            _ => held.duplicate_of == given.duplicate_of,
        };
        names_it
            && FileChange {
                by: given.by.clone().or(held.by.clone()),
                at: change.at.clone().or(held.at.clone()),
                duplicate_of: held.duplicate_of.clone(),
                ..given.clone()
            } == *held
    }

    fn make(&mut self, imp: &mut Importer<'_, '_>, change: &ClaimChange) -> Result<()> {
        self.waiting = self.waiting || matches!(change.target, Some(Err(Unresolved::Missing)));
        if self.waiting {
            let piece = imp.piece.clone();
            let (claim, key) = (self.id, self.key.to_string());
            imp.deferred.push(Deferred { piece, claim, key, change: change.spanned.clone() });
            return Ok(());
        }
        imp.make_change(self.id, self.key, &change.spanned)
    }
}

impl Importer<'_, '_> {
    /// A claim's corrections: those the ledger holds are matched in the
    /// file's form (an amendment as the fields it changes, from `first`, the
    /// claim as first recorded); the rest are made, in file order, on the
    /// claim as it then reads. From a withdrawal that names a claim not in
    /// yet (one further on in the file), they wait until every claim is in.
    pub(super) fn changes(
        &mut self,
        claim: &ClaimContext<'_>,
        file: &[Spanned<FileChange>],
        first: Claim,
        have: Vec<Correction>,
    ) -> Result<()> {
        let read = self.w.read();
        let mut version = first;
        let mut held = Vec::new();
        for correction in &have {
            let duplicate_of = match correction {
                Correction::Withdrawn(w) => w.duplicate_of,
                _ => None,
            };
            let mut change = FileChange::from_model(read, &version, correction)?;
            change.at = change.at.map(as_stored);
            held.push((change, duplicate_of));
            if let Correction::Amended(a) = correction {
                version = a.claim.clone();
            }
        }
        let mut changes = Vec::with_capacity(file.len());
        for spanned in file {
            let (at, change) = (self.line(spanned), spanned.get_ref());
            let foreign = change.foreign_fields();
            for (field, offset) in &foreign {
                let line = offset.map_or(at, |o| self.piece.line(o));
                let message = format!("{} takes no {field}", change.change.in_words());
                self.problem(line, "claim", claim.key, &format!("change.{field}"), message);
            }
            if !foreign.is_empty() {
                continue;
            }
            let target = match &change.duplicate_of {
                Some(key) => Some(self.claim_by_key(key.get_ref())?),
                None => None,
            };
            // Matched as stored; a time that is none is the writer's to refuse.
            let at = change.at.clone().map(as_stored);
            changes.push(ClaimChange { spanned: spanned.clone(), at, target });
        }
        let record = ClaimChanges { id: claim.id, key: claim.key, waiting: false };
        let mut corrections = Corrections { record, held };
        reconcile(self, &mut corrections, &changes)?;
        self.outcome.beyond.corrections += corrections.held.len();
        Ok(())
    }

    /// Makes a change the ledger lacks on claim `id`, as the claim then reads.
    pub(super) fn make_change(&mut self, id: Id, key: &str, spanned: &Spanned<FileChange>) -> Result<()> {
        let (at, change) = (self.line(spanned), spanned.get_ref());
        if change.change.needs_reason() && !self.reason_given(at, key, "change", change.reason.as_deref()) {
            return Ok(());
        }
        let (by, when) = (change.by.clone().unwrap_or_default(), change.at.clone().unwrap_or_default());
        let reason = change.reason.clone().unwrap_or_default();
        let done = match change.change {
            ChangeKind::Amend => {
                let fields = FigureFields {
                    value: &change.value,
                    range: &change.range,
                    qualifier: change.qualifier,
                    unit: &change.unit,
                };
                if self.quantity(key, at, fields).is_none() {
                    return Ok(());
                }
                let current = self.w.read().claim(id)?;
                let amendment = Amendment { claim: change.amended(&current), reason, by, at: when };
                self.w.amend_claim(amendment).map(|_| true)
            }
            ChangeKind::Withdraw => {
                let duplicate_of = match &change.duplicate_of {
                    None => None,
                    Some(target) => match self.claim_reference(target, ("claim", key), "change.duplicate_of")? {
                        Some(id) => Some(id),
                        None => return Ok(()),
                    },
                };
                self.w.withdraw_claim(Withdrawal { claim: id, reason, duplicate_of, by, at: when }).map(|_| true)
            }
            ChangeKind::Restore => self.w.restore_claim(Restoration { claim: id, reason, by, at: when }).map(|_| true),
            // The status the claim has already records nothing.
            ChangeKind::Status => match change.status {
                Some(status) => self
                    .w
                    .set_status(StatusChange { claim: id, status, by, at: when })
                    .map(|done| matches!(done, Recorded::New(_))),
                None => Err(Error::input("a status change needs its `status`")),
            },
        };
        match done {
            Ok(recorded) => self.outcome.summary.corrections += usize::from(recorded),
            Err(e) => self.refused(e, at, "claim", key, "change")?,
        }
        Ok(())
    }
}

/// A `[[source.change]]` or `[[actor.change]]`, ready to match: its line and
/// its time as stored.
pub(super) struct RecordChange<C> {
    line: usize,
    change: C,
}

/// A source or actor, as the record its changes correct.
struct RecordChanges<'k> {
    kind: RecordKind,
    id: Id,
    key: &'k str,
}

/// Whether a file's change is one the ledger holds: the same fields, reason,
/// and, where the file gives them, the same `by` and `at`.
fn same_change<C: Clone + PartialEq>(given: &C, held: &C, who_when: impl Fn(&mut C, &C)) -> bool {
    let mut given = given.clone();
    who_when(&mut given, held);
    given == *held
}

impl Amendable for RecordChanges<'_> {
    type Change = RecordChange<RecordChangeForm>;
    type Held = RecordChangeForm;

    fn id(&self) -> Id {
        self.id
    }

    fn same(change: &Self::Change, held: &RecordChangeForm) -> bool {
        match (&change.change, held) {
            (RecordChangeForm::Source(given), RecordChangeForm::Source(held)) => same_change(given, held, |g, h| {
                g.by = g.by.clone().or(h.by.clone());
                g.at = g.at.clone().map(as_stored).or(h.at.clone());
            }),
            (RecordChangeForm::Actor(given), RecordChangeForm::Actor(held)) => same_change(given, held, |g, h| {
                g.by = g.by.clone().or(h.by.clone());
                g.at = g.at.clone().map(as_stored).or(h.at.clone());
            }),
            _ => false,
        }
    }

    fn make(&mut self, imp: &mut Importer<'_, '_>, change: &Self::Change) -> Result<()> {
        let (line, record) = (change.line, self.kind.name());
        let made = match &change.change {
            RecordChangeForm::Source(c) => {
                let current = imp.w.read().source(self.id)?;
                imp.w.amend_source(c.to_model(&current)).map(drop)
            }
            RecordChangeForm::Actor(c) => {
                let affiliation = match &c.affiliation {
                    None => None,
                    Some(key) => match imp.resolve(RecordKind::Actor, key)? {
                        Ok(id) => Some(id),
                        Err(_) => {
                            let message = format!("no actor '{key}' in the file or the ledger");
                            imp.problem(line, record, self.key, "change.affiliation", message);
                            return Ok(());
                        }
                    },
                };
                let current = imp.w.read().actor(self.id)?;
                imp.w.amend_actor(c.to_model(&current, affiliation)).map(drop)
            }
        };
        match made {
            Ok(()) => {
                imp.outcome.summary.corrections += 1;
                Ok(())
            }
            Err(e) => imp.refused(e, line, record, self.key, "change"),
        }
    }
}

/// A source's or actor's change in the file's form.
#[derive(Clone, PartialEq)]
pub(super) enum RecordChangeForm {
    Source(FileSourceChange),
    Actor(FileActorChange),
}

impl Importer<'_, '_> {
    /// A source's or actor's corrections: those the ledger holds (`held`, in
    /// the file's form) are matched; the rest are made, in file order, on the
    /// record as it then reads.
    pub(super) fn record_changes(
        &mut self,
        kind: RecordKind,
        id: Id,
        key: &str,
        file: Vec<(usize, RecordChangeForm)>,
        held: Vec<RecordChangeForm>,
    ) -> Result<()> {
        let mut changes = Vec::with_capacity(file.len());
        for (line, change) in file {
            let is_amend = match &change {
                RecordChangeForm::Source(c) => c.change == ChangeKind::Amend,
                RecordChangeForm::Actor(c) => c.change == ChangeKind::Amend,
            };
            if !is_amend {
                self.problem(line, kind.name(), key, "change.change", "a source or actor is corrected by `amend` only");
                continue;
            }
            changes.push(RecordChange { line, change });
        }
        let mut corrections = Corrections { record: RecordChanges { kind, id, key }, held };
        reconcile(self, &mut corrections, &changes)?;
        self.outcome.beyond.corrections += corrections.held.len();
        Ok(())
    }
}

/// An actor's corrections, waiting for every actor to be in.
pub(super) struct ActorChanges {
    pub(super) piece: Rc<Text>,
    pub(super) id: Id,
    pub(super) key: String,
    pub(super) file: Vec<(usize, RecordChangeForm)>,
    pub(super) held: Vec<RecordChangeForm>,
}

impl ActorChanges {
    /// When its first correction in the file was made, as stored.
    pub(super) fn first_at(&self) -> Option<String> {
        self.file.iter().find_map(|(_, c)| match c {
            RecordChangeForm::Actor(c) => c.at.clone().map(as_stored),
            RecordChangeForm::Source(_) => None,
        })
    }
}
