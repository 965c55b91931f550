//! What a write transaction has learned about its ledger, so that what the
//! rules look up for every record is looked up once. Sound because a
//! transaction is the only writer while it lives and records are never
//! deleted: an id found once stays found, and the next id of a kind is
//! counted up as records are added.

use std::rc::Rc;

use crate::history::Change;
use crate::model::{Id, RecordKind, Stance};

const KINDS: usize = 6;

/// Ids above this are looked up each time rather than remembered, which
/// bounds the memory at 2 MiB a kind.
const REMEMBERED_IDS: Id = 1 << 24;

#[derive(Default)]
pub(super) struct Memo {
    found: [IdSet; KINDS],
    next: [Option<Id>; KINDS],
    /// The archived text of the last source a quote was anchored in: a
    /// claims file quotes one source many times in a row.
    source_text: Option<(Id, Option<Rc<str>>)>,
    /// The claim this write added last, and each actor's current stance on
    /// it: all it has, since the write made it. A claims file gives a claim's
    /// stances right after it, so most current-stance lookups need no query.
    new_claim: Option<(Id, Vec<Stance>)>,
}

impl Memo {
    pub(super) fn is_found(&self, kind: RecordKind, id: Id) -> bool {
        self.found[slot(kind)].contains(id)
    }

    pub(super) fn found(&mut self, kind: RecordKind, id: Id) {
        self.found[slot(kind)].insert(id);
    }

    pub(super) fn next_id(&self, kind: RecordKind) -> Option<Id> {
        self.next[slot(kind)]
    }

    /// Notes that a record of `kind` took `id`.
    pub(super) fn added(&mut self, kind: RecordKind, id: Id) {
        self.next[slot(kind)] = Some(id + 1);
        self.found(kind, id);
    }

    /// An actor's current stance on the claim this write added last; None
    /// for any other claim (the ledger is asked).
    pub(super) fn current_stance(&self, claim: Id, actor: Id) -> Option<Option<Stance>> {
        let (_, stances) = self.new_claim.as_ref().filter(|(id, _)| *id == claim)?;
        Some(stances.iter().find(|s| s.actor == actor).cloned())
    }

    /// Follows the current stances of the claim this write added last.
    pub(super) fn recorded(&mut self, change: &Change) {
        match change {
            Change::ClaimAdded(c) => self.new_claim = Some((c.id, Vec::new())),
            Change::StanceAdded(s) => {
                if let Some((_, stances)) = self.new_claim.as_mut().filter(|(claim, _)| *claim == s.claim) {
                    stances.retain(|held| held.actor != s.actor);
                    stances.push(s.clone());
                }
            }
            // A retracted stance is current no more: asked of the ledger again.
            Change::StanceRetracted(_) => self.new_claim = None,
            // None of these changes a stance.
            Change::SourceAdded(_)
            | Change::ActorAdded(_)
            | Change::AnnotationAdded(_)
            | Change::ClaimAmended(_)
            | Change::ClaimWithdrawn(_)
            | Change::ClaimRestored(_)
            | Change::StatusChanged(_)
            | Change::AnnotationRetracted(_)
            | Change::LinkAdded(_)
            | Change::LinkRemoved(_)
            | Change::SettingChanged(_)
            | Change::SourceAmended(_)
            | Change::ActorAmended(_) => {}
        }
    }

    pub(super) fn source_text(&self, source: Id) -> Option<Option<Rc<str>>> {
        self.source_text.as_ref().filter(|(id, _)| *id == source).map(|(_, text)| text.clone())
    }

    pub(super) fn keep_source_text(&mut self, source: Id, text: Option<Rc<str>>) {
        self.source_text = Some((source, text));
    }
}

fn slot(kind: RecordKind) -> usize {
    match kind {
        RecordKind::Source => 0,
        RecordKind::Actor => 1,
        RecordKind::Claim => 2,
        RecordKind::Stance => 3,
        RecordKind::Annotation => 4,
        RecordKind::Link => 5,
    }
}

/// A set of small positive ids, one bit each.
#[derive(Default)]
struct IdSet {
    words: Vec<u64>,
}

impl IdSet {
    fn contains(&self, id: Id) -> bool {
        (0..REMEMBERED_IDS).contains(&id)
            && self.words.get((id / 64) as usize).is_some_and(|word| word & (1 << (id % 64)) != 0)
    }

    fn insert(&mut self, id: Id) {
        if !(0..REMEMBERED_IDS).contains(&id) {
            return;
        }
        let word = (id / 64) as usize;
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        self.words[word] |= 1 << (id % 64);
    }
}
