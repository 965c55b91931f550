//! The one routine for what a claims file carries beside its records
//! (stances, notes, verdicts, tags, links, corrections): each of the file's
//! entries is matched to one the ledger holds, or added; a retraction the
//! file gives is made; a retraction the ledger holds stays. What each kind
//! matches by, and how it is added and retracted, is its [`Reconcile`].

use super::Importer;
use crate::error::Result;
use crate::model::{Id, Standing};

/// One kind of entry a claims file carries, reconciled with the ledger.
pub(super) trait Reconcile {
    /// An entry of the file, ready for the writer.
    type Entry;
    /// What the ledger holds and the file may name.
    type Held;

    /// Takes, from what the ledger holds and no entry has named yet, the
    /// record `entry` is. `exact` asks for one that agrees in everything the
    /// entry gives (a note's time); otherwise one that says the same will do.
    /// A kind that matches one way only finds all it can when `exact`.
    fn take(&mut self, entry: &Self::Entry, exact: bool) -> Option<Self::Held>;

    /// Whether a held record stands: it has no retraction or removal.
    fn stands(held: &Self::Held) -> bool;

    /// Whether the file says its entry no longer stands.
    fn retracted(entry: &Self::Entry) -> bool;

    /// The id a retraction of a held record names.
    fn id(&self, held: &Self::Held) -> Id;

    /// Called for every held record an entry matched.
    fn matched(&mut self, _imp: &mut Importer<'_, '_>, _held: &Self::Held) {}

    /// Adds an entry the ledger lacks. Its id, or None when there is nothing
    /// more to do with it: the ledger has it already, or it was refused (and
    /// reported).
    fn add(&mut self, imp: &mut Importer<'_, '_>, entry: &Self::Entry) -> Result<Option<Id>>;

    /// Makes the file's retraction of an entry, recorded as `id`.
    fn retract(&mut self, imp: &mut Importer<'_, '_>, entry: &Self::Entry, id: Id) -> Result<()>;
}

/// Reconciles the file's `entries`, in file order, with what `kind` holds.
/// Every entry first takes its exact match, so that an entry matched only
/// loosely cannot take the record another entry gives exactly; then each
/// takes a loose match or is added. A match the ledger has retracted stays
/// so, and a retraction the file lacks is counted beyond the file. What is
/// left unmatched in `kind` is the caller's to count.
pub(super) fn reconcile<R: Reconcile>(imp: &mut Importer<'_, '_>, kind: &mut R, entries: &[R::Entry]) -> Result<()> {
    let exact: Vec<Option<R::Held>> = entries.iter().map(|entry| kind.take(entry, true)).collect();
    for (entry, exact) in entries.iter().zip(exact) {
        let found = exact.or_else(|| kind.take(entry, false));
        let id = match found {
            Some(held) => {
                kind.matched(imp, &held);
                if !R::stands(&held) {
                    imp.outcome.beyond.corrections += usize::from(!R::retracted(entry));
                    continue;
                }
                kind.id(&held)
            }
            None => match kind.add(imp, entry)? {
                Some(id) => id,
                None => continue,
            },
        };
        if R::retracted(entry) {
            kind.retract(imp, entry, id)?;
        }
    }
    Ok(())
}

/// Takes from `held` a record `same` accepts: one that stands or not as
/// `stands` says, else any.
pub(super) fn take_matching<T>(
    held: &mut Vec<Standing<T>>,
    same: impl Fn(&Standing<T>) -> bool,
    stands: bool,
) -> Option<Standing<T>> {
    let i = held.iter().position(|h| same(h) && h.stands() == stands).or_else(|| held.iter().position(&same))?;
    Some(held.remove(i))
}

/// How many records are left unmatched, and how many of those do not stand.
pub(super) fn left<T>(held: &[Standing<T>]) -> (usize, usize) {
    (held.len(), held.iter().filter(|h| !h.stands()).count())
}
