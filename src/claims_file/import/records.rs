//! The records of a claims file: settings, sources, actors and claims, each
//! found in the ledger by its key and compared, or added.

use std::collections::HashMap;

use toml::Spanned;

use super::super::{
    Figure, FileActor, FileActorChange, FileClaim, FileKeys, FileSetting, FileSource, FileSourceChange,
    find_by_file_key,
};
use super::corrections::{ActorChanges, RecordChangeForm};
use super::{ClaimContext, Importer, Unresolved};
use crate::error::Result;
use crate::history::sha256_hex;
use crate::ledger::ClaimRecords;
use crate::model::{Claim, Field, Id, Qualifier, Quantity, RecordKind, check_exact, check_key, generated_key};

impl Importer<'_, '_> {
    /// Resolves a key: one defined in this file, else one in the ledger.
    pub(super) fn resolve(&self, kind: RecordKind, key: &str) -> Result<Result<Id, Unresolved>> {
        let defined = match kind {
            RecordKind::Source => self.sources.get(&key.to_lowercase()),
            _ => self.actors.get(&key.to_lowercase()),
        };
        match defined {
            Some(Some(id)) => Ok(Ok(*id)),
            Some(None) => Ok(Err(Unresolved::Faulty)),
            None => Ok(find_by_file_key(self.w.read(), kind, key)?.ok_or(Unresolved::Missing)),
        }
    }

    /// Resolves a reference field, reporting a missing target.
    pub(super) fn reference(
        &mut self,
        kind: RecordKind,
        target: &Spanned<String>,
        record: (&str, &str),
        field: &str,
    ) -> Result<Option<Id>> {
        match self.resolve(kind, target.get_ref())? {
            Ok(id) => Ok(Some(id)),
            Err(Unresolved::Faulty) => Ok(None),
            Err(Unresolved::Missing) => {
                let line = self.line(target);
                let read = self.w.read();
                let lookup = match kind {
                    RecordKind::Actor => read.actor_id(target.get_ref()),
                    RecordKind::Source => read.source_id(target.get_ref()),
                    _ => read.claim_id(target.get_ref()),
                };
                let hint = lookup.err().map(|e| crate::error::closest_of(&e)).unwrap_or_default();
                let message = format!("no {} '{}' in the file or the ledger{hint}", kind.name(), target.get_ref());
                self.problem(line, record.0, record.1, field, message);
                Ok(None)
            }
        }
    }

    /// Checks a record's key: well-formed and defined once in the file.
    pub(super) fn key(&mut self, kind: RecordKind, key: &str, line: usize) -> Result<bool> {
        if let Err(e) = check_key(kind, key) {
            self.problem(line, kind.name(), key, "key", e);
            return Ok(false);
        }
        let seen = match kind {
            RecordKind::Source => self.sources.contains_key(&key.to_lowercase()),
            RecordKind::Actor => self.actors.contains_key(&key.to_lowercase()),
            _ => self.w.claim_key(&key.to_lowercase())?.is_some(),
        };
        if seen {
            self.problem(line, kind.name(), key, "key", "defined twice in the file");
            return Ok(false);
        }
        Ok(true)
    }

    /// Checks a claim's keys: its `key` well-formed and not the key another
    /// claim of the file ends with; the key its amendments give it, if
    /// another, not that either.
    pub(super) fn claim_keys(&mut self, first: &str, now: Option<&str>, line: usize) -> Result<bool> {
        if !self.key(RecordKind::Claim, first, line)? {
            return Ok(false);
        }
        match now {
            Some(now) if !now.eq_ignore_ascii_case(first) && self.w.claim_key(&now.to_lowercase())?.is_some() => {
                self.problem(
                    line,
                    "claim",
                    first,
                    "change.key",
                    format!("'{now}' is the key of another claim of the file"),
                );
                Ok(false)
            }
            _ => Ok(true),
        }
    }

    /// Notes the keys by which the file names a claim (`id`, or None while it
    /// has problems): the key it ends with names it, and the `key` it was
    /// first recorded with, unless another claim ends with that.
    pub(super) fn define_claim(&mut self, first: &str, now: Option<&str>, id: Option<Id>) -> Result<()> {
        // Keys are ASCII.
        if now.is_some_and(|now| now.eq_ignore_ascii_case(first)) {
            return self.w.note_claim_key(&first.to_lowercase(), id);
        }
        self.given_up.insert(first.to_lowercase(), id);
        match (now, id) {
            (Some(now), _) => self.w.note_claim_key(&now.to_lowercase(), id),
            // Without a key, the claim is named as export names it.
            (None, Some(id)) => self.w.note_claim_key(&generated_key(RecordKind::Claim, id), Some(id)),
            (None, None) => Ok(()),
        }
    }

    /// The ledger's claim a `[[claim]]` is: the claim that has now the key
    /// the file's amendments leave it with, else the one that has its `key`
    /// now, else the one first recorded with its `key` (an amendment has
    /// changed its key since: then also the key it has now).
    pub(super) fn find_claim(&self, first: &str, now: Option<&str>) -> Result<Option<(Id, Option<String>)>> {
        let read = self.w.read();
        if let Some(now) = now.filter(|now| !now.eq_ignore_ascii_case(first))
            && let Some(id) = find_by_file_key(read, RecordKind::Claim, now)?
        {
            return Ok(Some((id, None)));
        }
        if let Some(id) = find_by_file_key(read, RecordKind::Claim, first)? {
            return Ok(Some((id, None)));
        }
        if self.first_keys.is_empty() {
            return Ok(None);
        }
        Ok(self.first_keys.get(&first.to_lowercase()).map(|(id, now)| (*id, Some(now.clone()))))
    }

    /// A setting: made if the ledger lacks it; one the ledger holds with
    /// another value is reported, never overwritten.
    pub(super) fn setting(&mut self, spanned: Spanned<FileSetting>) -> Result<()> {
        let line = self.line(&spanned);
        let s = spanned.into_inner();
        let name = s.name.to_string();
        if !self.settings.insert(s.name) {
            self.problem(line, "setting", &name, "name", "defined twice in the file");
            return Ok(());
        }
        match self.w.read().setting(s.name)? {
            Some(have) if have == crate::model::normal_text(&s.value) => self.outcome.summary.unchanged += 1,
            Some(have) => {
                let message = format!(
                    "is '{have}' in the ledger; the ledger is not overwritten (change it with `claimledger config set {name} …`)"
                );
                self.problem(line, "setting", &name, "value", message);
            }
            None => match self.w.set_setting(s.to_model()) {
                Ok(_) => self.outcome.summary.settings += 1,
                Err(e) => self.refused(e, line, "setting", &name, "")?,
            },
        }
        Ok(())
    }

    pub(super) fn source(&mut self, spanned: Spanned<FileSource>) -> Result<()> {
        let line = self.line(&spanned);
        let mut s = spanned.into_inner();
        if !self.key(RecordKind::Source, &s.key, line)? {
            return Ok(());
        }
        let key = s.key.clone();
        self.sources.insert(key.to_lowercase(), None);
        let before = self.outcome.problems.len();
        match (&s.text, &s.text_file) {
            (Some(_), Some(_)) => self.problem(line, "source", &key, "text_file", "give text or text_file, not both"),
            (None, Some(file)) => {
                let folder = (!self.base.allow_outside).then_some(self.base.folder.as_path());
                match crate::source_text::read(&self.base.folder.join(file), folder) {
                    Ok(text) => s.text = Some(text),
                    Err(why) => self.problem(line, "source", &key, "text_file", why),
                }
            }
            _ => {}
        }
        match (&s.text, &s.sha256) {
            (Some(text), Some(expected)) if !expected.eq_ignore_ascii_case(&sha256_hex(text.as_bytes())) => {
                let actual = sha256_hex(text.as_bytes());
                self.problem(line, "source", &key, "sha256", format!("the text's SHA-256 is {actual}, not {expected}"));
            }
            (None, Some(_)) => {
                self.problem(line, "source", &key, "sha256", "a sha256 needs the text it is the hash of")
            }
            _ => {}
        }
        if self.outcome.problems.len() > before {
            return Ok(());
        }
        let proposed = match self.w.prepare_source(s.to_model()) {
            Ok(proposed) => proposed,
            Err(e) => return self.refused(e, line, "source", &key, ""),
        };
        let changes: Vec<(usize, RecordChangeForm)> =
            (s.change.iter()).map(|c| (self.line(c), RecordChangeForm::Source(c.get_ref().clone()))).collect();
        if let Some(id) = find_by_file_key(self.w.read(), RecordKind::Source, &key)? {
            // The file gives the source as first recorded, and its corrections after it.
            let (have, amendments) = self.w.read().source_versions(id)?;
            let want = crate::model::Source { id, key: have.key.clone(), ..proposed };
            if want == have {
                self.outcome.summary.unchanged += 1;
                self.sources.insert(key.to_lowercase(), Some(id));
                let mut version = have;
                let mut held = Vec::new();
                for a in amendments {
                    held.push(RecordChangeForm::Source(FileSourceChange::from_model(&version, &a)));
                    version = a.applied_to(version);
                }
                self.record_changes(RecordKind::Source, id, &key, changes, held)?;
            } else {
                self.differs(
                    line,
                    RecordKind::Source,
                    &key,
                    &FileSource::from_model(&have),
                    &FileSource::from_model(&want),
                );
            }
            return Ok(());
        }
        match self.w.add_source(proposed) {
            Ok(added) => {
                self.sources.insert(key.to_lowercase(), Some(added.id));
                self.outcome.summary.sources += 1;
                self.record_changes(RecordKind::Source, added.id, &key, changes, Vec::new())
            }
            Err(e) => self.refused(e, line, "source", &key, ""),
        }
    }

    pub(super) fn actor(&mut self, spanned: Spanned<FileActor>) -> Result<()> {
        let line = self.line(&spanned);
        let a = spanned.into_inner();
        if !self.key(RecordKind::Actor, &a.key, line)? {
            return Ok(());
        }
        let key = a.key.clone();
        self.actors.insert(key.to_lowercase(), None);
        let affiliation = match &a.affiliation {
            None => None,
            Some(target) => {
                if target.get_ref().eq_ignore_ascii_case(&key) {
                    self.problem(line, "actor", &key, "affiliation", "an actor cannot speak for itself");
                    return Ok(());
                }
                match self.reference(RecordKind::Actor, target, ("actor", &key), "affiliation")? {
                    Some(id) => Some(id),
                    None => return Ok(()),
                }
            }
        };
        let proposed = match self.w.prepare_actor(a.to_model(affiliation)) {
            Ok(proposed) => proposed,
            Err(e) => return self.refused(e, line, "actor", &key, ""),
        };
        let changes: Vec<(usize, RecordChangeForm)> =
            (a.change.iter()).map(|c| (self.line(c), RecordChangeForm::Actor(c.get_ref().clone()))).collect();
        if let Some(id) = find_by_file_key(self.w.read(), RecordKind::Actor, &key)? {
            // The file gives the actor as first recorded, and its corrections after it.
            let (have, amendments) = self.w.read().actor_versions(id)?;
            let want = crate::model::Actor { id, key: have.key.clone(), ..proposed };
            if want == have {
                self.outcome.summary.unchanged += 1;
                self.actors.insert(key.to_lowercase(), Some(id));
                let read = self.w.read();
                let mut version = have;
                let mut held = Vec::new();
                for m in amendments {
                    let before = version.affiliation.map(|p| self.keys.of(read, RecordKind::Actor, p)).transpose()?;
                    let after = m.actor.affiliation.map(|p| self.keys.of(read, RecordKind::Actor, p)).transpose()?;
                    held.push(RecordChangeForm::Actor(FileActorChange::from_model(&version, &m, before, after)));
                    version = m.actor;
                }
                let piece = self.piece.clone();
                self.actor_changes.push(ActorChanges { piece, id, key: key.clone(), file: changes, held });
            } else {
                let read = self.w.read();
                let affiliation_key = |a: &crate::model::Actor, keys: &mut FileKeys| {
                    a.affiliation.map(|p| keys.of(read, RecordKind::Actor, p)).transpose()
                };
                let (have_aff, want_aff) =
                    (affiliation_key(&have, &mut self.keys)?, affiliation_key(&want, &mut self.keys)?);
                let (have, want) = (FileActor::from_model(&have, have_aff), FileActor::from_model(&want, want_aff));
                self.differs(line, RecordKind::Actor, &key, &have, &want);
            }
            return Ok(());
        }
        match self.w.add_actor(proposed) {
            Ok(added) => {
                self.actors.insert(key.to_lowercase(), Some(added.id));
                self.outcome.summary.actors += 1;
                let (piece, id) = (self.piece.clone(), added.id);
                self.actor_changes.push(ActorChanges { piece, id, key, file: changes, held: Vec::new() });
                Ok(())
            }
            Err(e) => self.refused(e, line, "actor", &key, ""),
        }
    }

    /// The figure as the file writes it, when it comes from the file.
    pub(super) fn literal(&self, figure: &Spanned<Figure>) -> Option<&str> {
        let span = figure.span();
        (span.end > span.start).then(|| &self.piece.text[span.start..span.end])
    }

    /// The quantity figure fields give: None when they are faulty (and
    /// reported), Some(None) when there is no figure.
    pub(super) fn quantity(&mut self, key: &str, line: usize, fields: FigureFields<'_>) -> Option<Option<Quantity>> {
        let FigureFields { value, range, qualifier, unit } = fields;
        let (figures, field) = match (value, range) {
            (Some(_), Some(_)) => {
                self.problem(line, "claim", key, "range", "give value or range, not both");
                return None;
            }
            (Some(v), None) => (vec![v], "value"),
            (None, Some([l, h])) => (vec![l, h], "range"),
            (None, None) => {
                if qualifier.is_some() || unit.is_some() {
                    self.problem(line, "claim", key, "qualifier", "a qualifier or unit needs a value or range");
                    return None;
                }
                return Some(None);
            }
        };
        for figure in &figures {
            // Said with the figure as written, on its own line.
            let n = figure.get_ref().0;
            if !n.is_finite() {
                let written = self.literal(figure).map_or_else(|| n.to_string(), str::to_string);
                let at = self.line(figure);
                let why = format!(
                    "'{written}' is not a figure a claim can state (figures are counts and measures, in digits)"
                );
                self.problem(at, "claim", key, field, why);
                return None;
            }
            if let Some(Err(e)) = self.literal(figure).map(|text| check_exact(text, n)) {
                let at = self.line(figure);
                self.problem(at, "claim", key, field, e);
                return None;
            }
        }
        let (low, high) = (figures[0].get_ref().0, figures[figures.len() - 1].get_ref().0);
        match Quantity::new(low, high, qualifier.unwrap_or(Qualifier::Exact), unit.clone()) {
            Ok(q) => Some(Some(q)),
            Err(e) => {
                self.problem(line, "claim", key, field, e);
                None
            }
        }
    }

    pub(super) fn claim(&mut self, spanned: Spanned<FileClaim>) -> Result<()> {
        let line = self.line(&spanned);
        let c = spanned.into_inner();
        let key = c.key.clone();
        let key_now = c.key_now();
        if !self.claim_keys(&key, key_now, line)? {
            return Ok(());
        }
        self.define_claim(&key, key_now, None)?;
        let before = self.outcome.problems.len();
        let source = self.reference(RecordKind::Source, &c.source, ("claim", &key), "source")?;
        let fields = FigureFields { value: &c.value, range: &c.range, qualifier: c.qualifier, unit: &c.unit };
        let quantity = self.quantity(&key, line, fields);
        let (Some(source), Some(quantity)) = (source, quantity) else { return self.check_stances(&c) };
        if self.outcome.problems.len() > before {
            return self.check_stances(&c);
        }
        let proposed = match self.w.prepare_claim(c.to_model(source, quantity)) {
            Ok(proposed) => proposed,
            Err(e) => {
                // A quote is reported at its own line.
                let at = match (e.field(), &c.quote) {
                    (Some(Field::Quote), Some(quote)) => self.line(quote),
                    _ => line,
                };
                self.refused(e, at, "claim", &key, "")?;
                return self.check_stances(&c);
            }
        };
        // The file holds the claim as first recorded: compare it with the
        // ledger's first version.
        let (claim, have) = match self.find_claim(&key, key_now)? {
            Some((id, other_key)) => {
                // Found by the key it was first recorded with: the key it has now names it too.
                if let Some(now) = other_key {
                    if self.w.claim_key(&now)?.is_some() {
                        let message =
                            format!("is {}, which the file names already as '{now}'", RecordKind::Claim.id(id));
                        self.problem(line, "claim", &key, "key", message);
                        return Ok(());
                    }
                    self.w.note_claim_key(&now, Some(id))?;
                }
                let have = self.w.read().claim_records(id)?;
                let want = Claim { id, key: have.claim.key.clone(), ..proposed };
                if want != have.claim {
                    let read = self.w.read();
                    let show = |c: &Claim, keys: &mut FileKeys| -> Result<FileClaim> {
                        Ok(FileClaim::bare(c, keys.of(read, RecordKind::Source, c.source)?))
                    };
                    let (have, want) = (show(&have.claim, &mut self.keys)?, show(&want, &mut self.keys)?);
                    self.differs(line, RecordKind::Claim, &key, &have, &want);
                    return Ok(());
                }
                self.outcome.summary.unchanged += 1;
                (id, have)
            }
            None => match self.w.add_claim(proposed) {
                Ok(added) => {
                    self.outcome.summary.claims += 1;
                    let (by, at) = self.w.recorder();
                    let records = ClaimRecords {
                        recorded_by: by.to_string(),
                        recorded_at: at.to_string(),
                        claim: added,
                        stances: Vec::new(),
                        annotations: Vec::new(),
                        corrections: Vec::new(),
                    };
                    (records.claim.id, records)
                }
                Err(e) => return self.refused(e, line, "claim", &key, ""),
            },
        };
        self.define_claim(&key, key_now, Some(claim))?;
        let context = ClaimContext { id: claim, source, key: &key, line };
        let ClaimRecords { claim: first, recorded_by: _, recorded_at: _, stances, annotations, corrections } = have;
        self.stances(&context, &c.stance, stances)?;
        self.annotations(&context, &c, annotations)?;
        self.changes(&context, &c.change, first, corrections)
    }

    /// Reports the stances' own problems for a claim that cannot be imported,
    /// so that one pass shows every problem in the file.
    pub(super) fn check_stances(&mut self, c: &FileClaim) -> Result<()> {
        for spanned in &c.stance {
            let s = spanned.get_ref();
            self.reference(RecordKind::Actor, &s.actor, ("claim", &c.key), "stance.actor")?;
            if let Some(source) = &s.source {
                self.reference(RecordKind::Source, source, ("claim", &c.key), "stance.source")?;
            }
            if let Some(Err(e)) = s.date.as_deref().map(crate::model::parse_date) {
                let at = self.line(spanned);
                self.problem(at, "claim", &c.key, "stance.date", e);
            }
        }
        Ok(())
    }

    /// The claim a key names: one of this file (by the key it ends with,
    /// else the key it was first recorded with), else the ledger's claim
    /// with that key now, else the one first recorded with it.
    pub(super) fn claim_by_key(&self, key: &str) -> Result<Result<Id, Unresolved>> {
        let lower = key.to_lowercase();
        let noted = match self.w.claim_key(&lower)? {
            Some(noted) => Some(noted),
            None => self.given_up.get(&lower).copied(),
        };
        match noted {
            Some(Some(id)) => return Ok(Ok(id)),
            Some(None) => return Ok(Err(Unresolved::Faulty)),
            None => {}
        }
        if let Some(id) = find_by_file_key(self.w.read(), RecordKind::Claim, key)? {
            return Ok(Ok(id));
        }
        Ok(self.first_keys.get(&lower).map(|(id, _)| *id).ok_or(Unresolved::Missing))
    }

    /// A reference to a claim from `record` (a claim's, a link's), reporting one that names none.
    pub(super) fn claim_reference(
        &mut self,
        target: &Spanned<String>,
        record: (&str, &str),
        field: &str,
    ) -> Result<Option<Id>> {
        match self.claim_by_key(target.get_ref())? {
            Ok(id) => Ok(Some(id)),
            Err(Unresolved::Faulty) => Ok(None),
            Err(Unresolved::Missing) => {
                let at = self.line(target);
                let hint = self.w.read().claim_id(target.get_ref()).err().map(|e| crate::error::closest_of(&e));
                let message =
                    format!("no claim '{}' in the file or the ledger{}", target.get_ref(), hint.unwrap_or_default());
                self.problem(at, record.0, record.1, field, message);
                Ok(None)
            }
        }
    }
}

/// A claim's figure fields, as a claim or an amendment gives them.
pub(super) struct FigureFields<'f> {
    pub(super) value: &'f Option<Spanned<Figure>>,
    pub(super) range: &'f Option<[Spanned<Figure>; 2]>,
    pub(super) qualifier: Option<Qualifier>,
    pub(super) unit: &'f Option<String>,
}

/// The ledger's claims whose key an amendment changed, by the file key each
/// was first recorded with (the oldest claim, where two were): its id and its
/// file key now, lowercase.
pub(super) fn first_keys(read: crate::ledger::Reader<'_>) -> Result<HashMap<String, (Id, String)>> {
    let mut keys = HashMap::new();
    for crate::ledger::Rekeyed { id, first, now } in read.rekeyed_claims()? {
        let key = |k: Option<String>| super::super::file_key(RecordKind::Claim, id, k.as_deref()).to_lowercase();
        keys.entry(key(first)).or_insert((id, key(now)));
    }
    Ok(keys)
}

/// Actors in an order where each comes after the one it speaks for (when that
/// one is in the file too), file order otherwise; and apart, those caught in
/// an affiliation cycle.
pub(super) fn order_actors<T>(actors: Vec<T>, actor: impl Fn(&T) -> &FileActor) -> (Vec<T>, Vec<T>) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let index: HashMap<String, usize> =
        actors.iter().enumerate().map(|(i, a)| (actor(a).key.to_lowercase(), i)).collect();
    // Each actor waits for at most one other: the one it speaks for, when the file defines it.
    let parent: Vec<Option<usize>> = actors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let aff = actor(a).affiliation.as_ref()?;
            index.get(&aff.get_ref().to_lowercase()).copied().filter(|&p| p != i)
        })
        .collect();
    let mut children = vec![Vec::new(); actors.len()];
    for (i, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            children[*p].push(i);
        }
    }
    // Smallest index first among the ready ones keeps file order where it already works.
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..actors.len()).filter(|&i| parent[i].is_none()).map(Reverse).collect();
    let mut placed = vec![false; actors.len()];
    let mut order = Vec::with_capacity(actors.len());
    while let Some(Reverse(i)) = ready.pop() {
        placed[i] = true;
        order.push(i);
        ready.extend(children[i].iter().map(|&c| Reverse(c)));
    }
    let cyclic: Vec<usize> = (0..actors.len()).filter(|&i| !placed[i]).collect();
    let mut slots: Vec<Option<T>> = actors.into_iter().map(Some).collect();
    let ordered = order.into_iter().filter_map(|i| slots[i].take()).collect();
    (ordered, cyclic.into_iter().filter_map(|i| slots[i].take()).collect())
}
