//! What a claims file carries beside its records, each kind reconciled with
//! the ledger by the one routine ([`super::reconcile`]): a claim's stances,
//! its notes and verdicts, its tags and the tags it lost, and the links
//! between claims.

use std::collections::{HashMap, VecDeque};

use toml::Spanned;

use super::super::{FileClaim, FileLink, FileRetraction, FileStance};
use super::reconcile::{Reconcile, left, reconcile, take_matching};
use super::{ClaimContext, Importer, as_stored, tag_annotation};
use crate::error::Result;
use crate::ledger::{Recorded, Writer};
use crate::model::{Annotation, AnnotationBody, Id, Link, RecordKind, Retraction, Stance, Standing};

/// An entry of a claim's: where it is in the file, what it proposes, and the
/// retraction or removal the file gives it.
struct Entry<T> {
    line: usize,
    /// The claim's table it is in, as problems name it: `stance`, `note`, `untag`.
    within: &'static str,
    proposed: T,
    retraction: Option<FileRetraction>,
}

/// A claim's stances, matched by actor and what they say.
struct Stances<'k> {
    key: &'k str,
    held: Vec<Standing<Stance>>,
}

impl Reconcile for Stances<'_> {
    type Entry = Entry<Stance>;
    type Held = Standing<Stance>;

    fn take(&mut self, entry: &Entry<Stance>, exact: bool) -> Option<Standing<Stance>> {
        let p = &entry.proposed;
        let same = |h: &Standing<Stance>| h.record.actor == p.actor && h.record.says_the_same(p);
        exact.then(|| take_matching(&mut self.held, same, entry.retraction.is_none()))?
    }

    fn stands(held: &Standing<Stance>) -> bool {
        held.stands()
    }

    fn retracted(entry: &Entry<Stance>) -> bool {
        entry.retraction.is_some()
    }

    fn id(&self, held: &Standing<Stance>) -> Id {
        held.record.id
    }

    fn add(&mut self, imp: &mut Importer<'_, '_>, entry: &Entry<Stance>) -> Result<Option<Id>> {
        match imp.w.add_stance(entry.proposed.clone()) {
            Ok(Recorded::New(stance)) => {
                imp.outcome.summary.stances += 1;
                Ok(Some(stance.id))
            }
            // The same as the actor's stance just before it in the file: nothing to add.
            Ok(Recorded::Unchanged(_)) => Ok(None),
            Err(e) => imp.refused(e, entry.line, "claim", self.key, entry.within).map(|()| None),
        }
    }

    fn retract(&mut self, imp: &mut Importer<'_, '_>, entry: &Entry<Stance>, id: Id) -> Result<()> {
        let retraction = entry.retraction.as_ref().expect("a retracted entry has its retraction");
        imp.retraction(entry, self.key, retraction, true, |w| w.retract_stance(retraction.to_model(id)))
    }
}

/// A claim's notes and verdicts, matched by what they say and who said it,
/// their own time first.
struct Notes<'k> {
    key: &'k str,
    held: Vec<Standing<Annotation>>,
}

impl Reconcile for Notes<'_> {
    type Entry = Entry<Annotation>;
    type Held = Standing<Annotation>;

    /// A note or verdict without `by` or `at` matches any. One with them
    /// matches its own time first, else the same words by the same person
    /// at another time: a copy of another ledger, whose importer's clock
    /// stamped the notes it holds.
    fn take(&mut self, entry: &Entry<Annotation>, exact: bool) -> Option<Standing<Annotation>> {
        let p = &entry.proposed;
        let words = |h: &Standing<Annotation>| h.record.body == p.body && (p.by.is_empty() || p.by == h.record.by);
        let stands = entry.retraction.is_none();
        match exact {
            true => take_matching(&mut self.held, |h| words(h) && (p.at.is_empty() || p.at == h.record.at), stands),
            false => take_matching(&mut self.held, words, stands),
        }
    }

    fn stands(held: &Standing<Annotation>) -> bool {
        held.stands()
    }

    fn retracted(entry: &Entry<Annotation>) -> bool {
        entry.retraction.is_some()
    }

    fn id(&self, held: &Standing<Annotation>) -> Id {
        held.record.id
    }

    fn add(&mut self, imp: &mut Importer<'_, '_>, entry: &Entry<Annotation>) -> Result<Option<Id>> {
        add_annotation(imp, entry, self.key)
    }

    fn retract(&mut self, imp: &mut Importer<'_, '_>, entry: &Entry<Annotation>, id: Id) -> Result<()> {
        let retraction = entry.retraction.as_ref().expect("a retracted entry has its retraction");
        imp.retraction(entry, self.key, retraction, true, |w| w.retract_annotation(retraction.to_model(id)))
    }
}

/// A claim's tags, and those it lost (`[[claim.untag]]`: an entry with its
/// removal). Held by their text and whether they stand, oldest first, so that
/// each of the file's tags is one lookup however many the claim has.
struct Tags<'k> {
    key: &'k str,
    held: HashMap<(String, bool), VecDeque<Standing<Annotation>>>,
}

impl Tags<'_> {
    fn pop(&mut self, tag: &str, stands: bool) -> Option<Standing<Annotation>> {
        self.held.get_mut(&(tag.to_string(), stands))?.pop_front()
    }
}

impl Reconcile for Tags<'_> {
    /// The tag, prepared as a tag annotation.
    type Entry = Entry<Annotation>;
    type Held = Standing<Annotation>;

    fn take(&mut self, entry: &Entry<Annotation>, exact: bool) -> Option<Standing<Annotation>> {
        let AnnotationBody::Tag { tag } = &entry.proposed.body else { return None };
        let stands = entry.retraction.is_none();
        exact.then(|| self.pop(tag, stands).or_else(|| self.pop(tag, !stands)))?
    }

    fn stands(held: &Standing<Annotation>) -> bool {
        held.stands()
    }

    fn retracted(entry: &Entry<Annotation>) -> bool {
        entry.retraction.is_some()
    }

    fn id(&self, held: &Standing<Annotation>) -> Id {
        held.record.id
    }

    fn add(&mut self, imp: &mut Importer<'_, '_>, entry: &Entry<Annotation>) -> Result<Option<Id>> {
        add_annotation(imp, entry, self.key)
    }

    /// A tag is removed by name, as `untag` removes it, without a reason.
    fn retract(&mut self, imp: &mut Importer<'_, '_>, entry: &Entry<Annotation>, _: Id) -> Result<()> {
        let removal = entry.retraction.as_ref().expect("a removed tag has its removal");
        let AnnotationBody::Tag { tag } = &entry.proposed.body else { unreachable!("tags hold tags") };
        let claim = entry.proposed.claim;
        imp.retraction(entry, self.key, removal, false, |w| w.untag(claim, tag, |held| removal.to_model(held)))
    }
}

fn add_annotation(imp: &mut Importer<'_, '_>, entry: &Entry<Annotation>, key: &str) -> Result<Option<Id>> {
    match imp.w.add_annotation(entry.proposed.clone()) {
        Ok(Recorded::New(added)) => {
            imp.outcome.summary.annotations += 1;
            Ok(Some(added.id))
        }
        // A tag the claim has already.
        Ok(Recorded::Unchanged(_)) => Ok(None),
        Err(e) => imp.refused(e, entry.line, "claim", key, entry.within).map(|()| None),
    }
}

/// The ledger's links between a link's two claims, with its relation, that
/// the file has not named yet.
struct Links {
    name: String,
    held: Vec<Standing<Link>>,
}

impl Reconcile for Links {
    type Entry = Entry<Link>;
    type Held = Standing<Link>;

    fn take(&mut self, entry: &Entry<Link>, exact: bool) -> Option<Standing<Link>> {
        exact.then(|| take_matching(&mut self.held, |_| true, entry.retraction.is_none()))?
    }

    fn stands(held: &Standing<Link>) -> bool {
        held.stands()
    }

    fn retracted(entry: &Entry<Link>) -> bool {
        entry.retraction.is_some()
    }

    fn id(&self, held: &Standing<Link>) -> Id {
        held.record.id
    }

    fn matched(&mut self, imp: &mut Importer<'_, '_>, held: &Standing<Link>) {
        imp.links.insert(held.record.id);
        imp.outcome.summary.unchanged += 1;
    }

    fn add(&mut self, imp: &mut Importer<'_, '_>, entry: &Entry<Link>) -> Result<Option<Id>> {
        let id = match imp.w.add_link(entry.proposed.clone()) {
            Ok(Recorded::New(link)) => {
                imp.outcome.summary.links += 1;
                link.id
            }
            Ok(Recorded::Unchanged(id)) => id,
            Err(e) => return imp.refused_link(e, entry.line, &self.name, "").map(|()| None),
        };
        imp.links.insert(id);
        Ok(Some(id))
    }

    fn retract(&mut self, imp: &mut Importer<'_, '_>, entry: &Entry<Link>, id: Id) -> Result<()> {
        let removal = entry.retraction.as_ref().expect("a removed link has its removal");
        match imp.w.remove_link(removal.to_model(id)) {
            Ok(_) => {
                imp.outcome.summary.corrections += 1;
                Ok(())
            }
            Err(e) => imp.refused_link(e, entry.line, &self.name, "removal"),
        }
    }
}

impl Importer<'_, '_> {
    /// A claim's stances: each the ledger lacks is added, in file order (so
    /// the file's last word on an actor becomes its current stance); each it
    /// holds is matched by what it says; a retraction the file adds is made.
    pub(super) fn stances(
        &mut self,
        claim: &ClaimContext<'_>,
        file: &[Spanned<FileStance>],
        have: Vec<Standing<Stance>>,
    ) -> Result<()> {
        let key = claim.key;
        let mut entries = Vec::with_capacity(file.len());
        for spanned in file {
            let line = self.line(spanned);
            let s = spanned.get_ref();
            let actor = self.reference(RecordKind::Actor, &s.actor, ("claim", key), "stance.actor")?;
            let source = match &s.source {
                Some(src) => self.reference(RecordKind::Source, src, ("claim", key), "stance.source")?,
                None => Some(claim.source),
            };
            let (Some(actor), Some(source)) = (actor, source) else { continue };
            match self.w.prepare_stance(s.to_model(claim.id, actor, source)) {
                Ok(proposed) => {
                    entries.push(Entry { line, within: "stance", proposed, retraction: s.retraction.clone() })
                }
                Err(e) => self.refused(e, line, "claim", key, "stance")?,
            }
        }
        let mut stances = Stances { key, held: have };
        reconcile(self, &mut stances, &entries)?;
        let (left, retracted) = left(&stances.held);
        self.outcome.beyond.stances += left;
        self.outcome.beyond.corrections += retracted;
        Ok(())
    }

    /// A claim's notes, verdicts and tags: notes and verdicts matched by what
    /// they say, tags by their text; the tags it lost each removed (added
    /// first when the ledger never had them).
    pub(super) fn annotations(
        &mut self,
        claim: &ClaimContext<'_>,
        c: &FileClaim,
        have: Vec<Standing<Annotation>>,
    ) -> Result<()> {
        let mut notes = Notes { key: claim.key, held: Vec::new() };
        let mut tags = Tags { key: claim.key, held: HashMap::new() };
        for mut held in have {
            held.record.at = as_stored(held.record.at);
            match &held.record.body {
                AnnotationBody::Tag { tag } => {
                    tags.held.entry((tag.clone(), held.stands())).or_default().push_back(held)
                }
                _ => notes.held.push(held),
            }
        }
        let listed =
            c.note.iter().map(|n| (self.line(n), "note", n.get_ref().to_model(claim.id), &n.get_ref().retraction));
        let verdicts = c
            .verdict
            .iter()
            .map(|v| (self.line(v), "verdict", v.get_ref().to_model(claim.id), &v.get_ref().retraction));
        let listed: Vec<_> = listed.chain(verdicts).collect();
        let mut entries = Vec::with_capacity(listed.len());
        for (line, within, proposed, retraction) in listed {
            match self.w.prepare_annotation(proposed) {
                Ok(proposed) => entries.push(Entry { line, within, proposed, retraction: retraction.clone() }),
                Err(e) => self.refused(e, line, "claim", claim.key, within)?,
            }
        }
        reconcile(self, &mut notes, &entries)?;
        // Tags it lost, then tags it has: each matches a removed tag, or one the claim has.
        let untags = c.untag.iter().map(|u| {
            let untag = u.get_ref();
            let removal = FileRetraction { reason: untag.reason.clone(), by: untag.by.clone(), at: untag.at.clone() };
            let given = (untag.tagged_by.clone(), untag.tagged_at.clone());
            (self.line(u), "untag", &untag.tag, given, Some(removal))
        });
        let given = c.tag.iter().map(|t| {
            let tag = t.get_ref();
            (self.line(t), "tag", &tag.tag, (Some(tag.by.clone()), Some(tag.at.clone())), None)
        });
        let with_claim = c.tags.iter().map(|tag| (claim.line, "", tag, (None, None), None));
        let listed: Vec<_> = untags.chain(with_claim).chain(given).collect();
        let mut entries = Vec::with_capacity(listed.len());
        for (line, within, tag, (by, at), retraction) in listed {
            let tagged = Annotation {
                by: by.unwrap_or_default(),
                at: at.map(as_stored).unwrap_or_default(),
                ..tag_annotation(claim.id, tag)
            };
            match self.w.prepare_annotation(tagged) {
                Ok(proposed) => entries.push(Entry { line, within, proposed, retraction }),
                Err(e) => self.refused(e, line, "claim", claim.key, within)?,
            }
        }
        reconcile(self, &mut tags, &entries)?;
        let (notes_left, notes_retracted) = left(&notes.held);
        let tags_left = tags.held.values().map(VecDeque::len).sum::<usize>();
        let tags_removed =
            tags.held.iter().filter(|((_, stands), _)| !stands).map(|(_, held)| held.len()).sum::<usize>();
        self.outcome.beyond.annotations += notes_left + tags_left;
        self.outcome.beyond.corrections += notes_retracted + tags_removed;
        Ok(())
    }

    /// Makes the retraction the file gives of a claim's entry, as a problem
    /// if it is refused; one that needs a reason and gives none is reported.
    fn retraction<T>(
        &mut self,
        entry: &Entry<T>,
        key: &str,
        retraction: &FileRetraction,
        needs_reason: bool,
        retract: impl FnOnce(&mut Writer<'_>) -> Result<Retraction>,
    ) -> Result<()> {
        // A tag's removal is its own `[[claim.untag]]`; a stance's, note's or verdict's is below it.
        let within = match entry.within {
            "untag" => "untag".to_string(),
            within => format!("{within}.retraction"),
        };
        if needs_reason && !self.reason_given(entry.line, key, &within, retraction.reason.as_deref()) {
            return Ok(());
        }
        match retract(self.w) {
            Ok(_) => {
                self.outcome.summary.corrections += 1;
                Ok(())
            }
            Err(e) => self.refused(e, entry.line, "claim", key, &within),
        }
    }

    /// A link: added unless the ledger has it; a removal the file adds is made.
    pub(super) fn link(&mut self, spanned: Spanned<FileLink>) -> Result<()> {
        let line = self.line(&spanned);
        let l = spanned.into_inner();
        let name = format!("{} {} {}", l.from.get_ref(), l.relation, l.to.get_ref());
        let from = self.claim_reference(&l.from, ("link", &name), "from")?;
        let to = self.claim_reference(&l.to, ("link", &name), "to")?;
        let (Some(from), Some(to)) = (from, to) else { return Ok(()) };
        let symmetric = l.relation.is_symmetric();
        let mut held = self.w.read().links_of(from)?;
        held.retain(|h| {
            let r = &h.record;
            let joins = (r.from == from && r.to == to) || (symmetric && r.from == to && r.to == from);
            joins && r.relation == l.relation && !self.links.contains(&r.id)
        });
        let entry = Entry { line, within: "", proposed: l.to_model(from, to), retraction: l.removal };
        reconcile(self, &mut Links { name, held }, std::slice::from_ref(&entry))
    }
}
