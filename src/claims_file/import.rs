//! Importing a claims file: every record through the ledger's `Writer`, so
//! the same rules hold as at the command line; every problem reported with
//! its line and field; all of it in one transaction, or nothing. A record
//! the ledger has already, with the same content, is left alone: the model's
//! own equality decides.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::read::{LineIndex, Piece, decode, split_records};
use super::{
    ClaimsFile, Figure, FileActor, FileClaim, FileKeys, FileNote, FileSource, FileStance, FileVerdict,
    field_differences, find_by_file_key,
};
use crate::error::{Error, Result};
use crate::history::sha256_hex;
use crate::ledger::{Finish, Ledger, Recorded, Writer, check_tag, check_time};
use crate::model::{
    Annotation, AnnotationBody, Claim, Id, Qualifier, Quantity, RecordKind, Stance, check_exact, check_key,
};

/// One thing wrong with a claims file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// What an import added, or would add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub sources: usize,
    pub actors: usize,
    pub claims: usize,
    pub stances: usize,
    pub annotations: usize,
    /// Records the ledger already had, unchanged.
    pub unchanged: usize,
}

/// The result of an import: what it added and every problem found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub summary: Summary,
    pub problems: Vec<Problem>,
}

/// How an import runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Check and report, writing nothing.
    pub dry_run: bool,
    /// Let `text_file` name files outside the claims file's folder.
    pub allow_outside: bool,
}

/// Imports `path` into `ledger`. With `dry_run`, or when there are problems,
/// the transaction is rolled back and the ledger stays as it was. A database
/// error is not a problem of the file: it aborts the import.
pub fn import(ledger: &mut Ledger, path: &Path, author: &str, at: &str, options: Options) -> Result<Outcome> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(line) => return Ok(one_problem(line, "the file is not UTF-8 text from this line on")),
    };
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let base = Base { folder, allow_outside: options.allow_outside };
    match import_as(ledger, &text, &base, author, at, options.dry_run, Reading::Split)? {
        Some(outcome) => Ok(outcome),
        // A piece did not parse alone (say, a long string holding a header
        // line): read the whole file at once instead, errors and all.
        None => match toml::from_str::<ClaimsFile>(&text) {
            Ok(file) => Ok(import_as(ledger, &text, &base, author, at, options.dry_run, Reading::Whole(file))?
                .expect("a whole file needs no other reading")),
            Err(e) => {
                let line = e.span().map(|s| LineIndex::new(&text).line(s.start)).unwrap_or(1);
                Ok(one_problem(line, e.message().trim()))
            }
        },
    }
}

fn one_problem(line: usize, message: &str) -> Outcome {
    Outcome { summary: Summary::default(), problems: vec![Problem { line, message: message.to_string() }] }
}

/// Where a file's `text_file`s are found, and whether they may lie outside it.
struct Base {
    folder: PathBuf,
    allow_outside: bool,
}

/// How a file's records are read.
enum Reading {
    /// Record by record: the file is split at its top-level headers and each
    /// claim parsed only when its turn comes, so memory stays flat however
    /// large the file.
    Split,
    /// The whole file at once.
    Whole(ClaimsFile),
}

/// One import attempt in one transaction; None when the split reading must
/// give way to the whole one (nothing was kept).
fn import_as(
    ledger: &mut Ledger,
    text: &str,
    base: &Base,
    author: &str,
    at: &str,
    dry_run: bool,
    reading: Reading,
) -> Result<Option<Outcome>> {
    ledger.transact(author, at, |w| {
        let mut importer = Importer {
            w,
            text,
            lines: LineIndex::new(text),
            offset: 0,
            base,
            sources: HashMap::new(),
            actors: HashMap::new(),
            claims: HashSet::new(),
            keys: FileKeys::default(),
            outcome: Outcome::default(),
        };
        let read_whole = !importer.run(reading)?;
        let Importer { outcome, .. } = importer;
        // Nothing of a dry run, a faulty file or an abandoned reading is kept.
        if read_whole {
            return Ok((None, Finish::RollBack));
        }
        let finish = if dry_run || !outcome.problems.is_empty() { Finish::RollBack } else { Finish::Commit };
        Ok((Some(outcome), finish))
    })
}

struct Importer<'a, 'w> {
    w: &'a mut Writer<'w>,
    /// The whole file.
    text: &'a str,
    lines: LineIndex,
    /// Where the piece being read starts in the file: spans count from there.
    offset: usize,
    base: &'a Base,
    /// Keys defined in the file (lowercase) and the id each got; None when the
    /// record had problems, so references to it are not reported again.
    sources: HashMap<String, Option<Id>>,
    actors: HashMap<String, Option<Id>>,
    claims: HashSet<String>,
    /// File keys of the ledger's records, for showing differences.
    keys: FileKeys,
    outcome: Outcome,
}

/// A reference that could not be resolved, or whose target is faulty.
enum Unresolved {
    /// Already reported where the target is defined.
    Faulty,
    Missing,
}

impl Importer<'_, '_> {
    fn line<T>(&self, spanned: &Spanned<T>) -> usize {
        self.lines.line(self.offset + spanned.span().start)
    }

    fn problem(&mut self, line: usize, record: &str, key: &str, field: &str, message: impl std::fmt::Display) {
        let field = if field.is_empty() { String::new() } else { format!("{field}: ") };
        self.outcome.problems.push(Problem { line, message: format!("{record} '{key}': {field}{message}") });
    }

    /// Reports an error of a record as a problem, unless it is a failure of
    /// the machinery (the database, a disk), which ends the import.
    fn refused(&mut self, e: Error, line: usize, record: &str, key: &str, field: &str) -> Result<()> {
        if !e.is_input_problem() {
            return Err(e);
        }
        let message = match e.hint() {
            Some(hint) => format!("{e} ({hint})"),
            None => e.to_string(),
        };
        self.problem(line, record, key, field, message);
        Ok(())
    }

    /// Imports every record: sources, then actors (each after the one it
    /// speaks for), then claims. Returns false when a split piece does not
    /// parse alone and the whole file must be read instead.
    fn run(&mut self, reading: Reading) -> Result<bool> {
        let text = self.text;
        // Sources and actors are few: read them all first. Claims wait their turn.
        let mut early: Vec<(usize, ClaimsFile)> = Vec::new();
        let mut claim_pieces = Vec::new();
        match reading {
            Reading::Whole(file) => early.push((0, file)),
            Reading::Split => {
                for (piece, range) in split_records(text) {
                    if piece == Piece::Claim {
                        claim_pieces.push(range);
                        continue;
                    }
                    match toml::from_str::<ClaimsFile>(&text[range.clone()]) {
                        Ok(file) => early.push((range.start, file)),
                        Err(_) => return Ok(false),
                    }
                }
            }
        }
        let mut actors = Vec::new();
        for (offset, file) in &mut early {
            self.offset = *offset;
            for source in std::mem::take(&mut file.sources) {
                self.source(source)?;
            }
            actors.extend(std::mem::take(&mut file.actors).into_iter().map(|a| (*offset, a)));
        }
        let (ordered, cyclic) = order_actors(actors, |(_, a)| a.get_ref());
        for (offset, actor) in ordered {
            self.offset = offset;
            self.actor(actor)?;
        }
        for (offset, actor) in cyclic {
            self.offset = offset;
            let line = self.line(&actor);
            let a = actor.get_ref();
            self.actors.insert(a.key.to_lowercase(), None);
            self.problem(line, "actor", &a.key, "affiliation", "its affiliation chain loops back on itself");
        }
        for (offset, file) in early {
            self.offset = offset;
            for claim in file.claims {
                self.claim(claim)?;
            }
        }
        for range in claim_pieces {
            let file = match toml::from_str::<ClaimsFile>(&text[range.clone()]) {
                // A piece that holds anything but claims was split where it should not be.
                Ok(file) if file.sources.is_empty() && file.actors.is_empty() => file,
                _ => return Ok(false),
            };
            self.offset = range.start;
            for claim in file.claims {
                self.claim(claim)?;
            }
        }
        Ok(true)
    }

    /// Resolves a key: one defined in this file, else one in the ledger.
    fn resolve(&self, kind: RecordKind, key: &str) -> Result<Result<Id, Unresolved>> {
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
    fn reference(
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
                let message = format!("no {} '{}' in the file or the ledger", kind.name(), target.get_ref());
                self.problem(line, record.0, record.1, field, message);
                Ok(None)
            }
        }
    }

    /// Checks a record's key: well-formed and defined once in the file.
    fn key(&mut self, kind: RecordKind, key: &str, line: usize) -> bool {
        if let Err(e) = check_key(kind, key) {
            self.problem(line, kind.name(), key, "key", e);
            return false;
        }
        let seen = match kind {
            RecordKind::Source => self.sources.contains_key(&key.to_lowercase()),
            RecordKind::Actor => self.actors.contains_key(&key.to_lowercase()),
            _ => self.claims.contains(&key.to_lowercase()),
        };
        if seen {
            self.problem(line, kind.name(), key, "key", "defined twice in the file");
            return false;
        }
        true
    }

    /// Reports how a record the ledger has differs from the file's, both in the file's form.
    fn differs<T: serde::Serialize>(&mut self, line: usize, kind: RecordKind, key: &str, ledger: &T, file: &T) {
        let diff = field_differences(ledger, file).join("; ");
        let message = format!("already in the ledger with different content ({diff}); the ledger is not overwritten");
        self.problem(line, kind.name(), key, "", message);
    }

    fn source(&mut self, spanned: Spanned<FileSource>) -> Result<()> {
        let line = self.line(&spanned);
        let mut s = spanned.into_inner();
        if !self.key(RecordKind::Source, &s.key, line) {
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
        if let Some(id) = find_by_file_key(self.w.read(), RecordKind::Source, &key)? {
            let have = self.w.read().source(id)?;
            let want = crate::model::Source { id, key: have.key.clone(), ..proposed };
            if want == have {
                self.outcome.summary.unchanged += 1;
                self.sources.insert(key.to_lowercase(), Some(id));
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
                Ok(())
            }
            Err(e) => self.refused(e, line, "source", &key, ""),
        }
    }

    fn actor(&mut self, spanned: Spanned<FileActor>) -> Result<()> {
        let line = self.line(&spanned);
        let a = spanned.into_inner();
        if !self.key(RecordKind::Actor, &a.key, line) {
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
        if let Some(id) = find_by_file_key(self.w.read(), RecordKind::Actor, &key)? {
            let have = self.w.read().actor(id)?;
            let want = crate::model::Actor { id, key: have.key.clone(), ..proposed };
            if want == have {
                self.outcome.summary.unchanged += 1;
                self.actors.insert(key.to_lowercase(), Some(id));
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
                Ok(())
            }
            Err(e) => self.refused(e, line, "actor", &key, ""),
        }
    }

    /// The figure as the file writes it, when it comes from the file.
    fn literal(&self, figure: &Spanned<Figure>) -> Option<&str> {
        let span = figure.span();
        (span.end > span.start).then(|| &self.text[self.offset + span.start..self.offset + span.end])
    }

    /// The claim's quantity: None when it is faulty (and reported).
    fn quantity(&mut self, c: &FileClaim, line: usize) -> Option<Option<Quantity>> {
        let (figures, field) = match (&c.value, &c.range) {
            (Some(_), Some(_)) => {
                self.problem(line, "claim", &c.key, "range", "give value or range, not both");
                return None;
            }
            (Some(v), None) => (vec![v], "value"),
            (None, Some([l, h])) => (vec![l, h], "range"),
            (None, None) => {
                if c.qualifier.is_some() || c.unit.is_some() {
                    self.problem(line, "claim", &c.key, "qualifier", "a qualifier or unit needs a value or range");
                    return None;
                }
                return Some(None);
            }
        };
        for figure in &figures {
            if let Some(Err(e)) = self.literal(figure).map(|text| check_exact(text, figure.get_ref().0)) {
                let at = self.line(figure);
                self.problem(at, "claim", &c.key, field, e);
                return None;
            }
        }
        let (low, high) = (figures[0].get_ref().0, figures[figures.len() - 1].get_ref().0);
        match Quantity::new(low, high, c.qualifier.unwrap_or(Qualifier::Exact), c.unit.clone()) {
            Ok(q) => Some(Some(q)),
            Err(e) => {
                self.problem(line, "claim", &c.key, field, e);
                None
            }
        }
    }

    fn claim(&mut self, spanned: Spanned<FileClaim>) -> Result<()> {
        let line = self.line(&spanned);
        let c = spanned.into_inner();
        if !self.key(RecordKind::Claim, &c.key, line) {
            return Ok(());
        }
        let key = c.key.clone();
        self.claims.insert(key.to_lowercase());
        let before = self.outcome.problems.len();
        let source = self.reference(RecordKind::Source, &c.source, ("claim", &key), "source")?;
        let quantity = self.quantity(&c, line);
        if let Some(Err(e)) = c.about.as_deref().map(crate::ledger::check_about) {
            self.problem(line, "claim", &key, "about", e);
        }
        if c.text.trim().is_empty() {
            self.problem(line, "claim", &key, "text", "is empty");
        }
        let (Some(source), Some(quantity)) = (source, quantity) else { return self.check_stances(&c) };
        if let Some(quote) = &c.quote
            && let Err(e) = self.w.anchor_quote(source, quote.get_ref())
        {
            let at = self.line(quote);
            self.refused(e, at, "claim", &key, "quote")?;
        }
        if self.outcome.problems.len() > before {
            return self.check_stances(&c);
        }
        let proposed = match self.w.prepare_claim(c.to_model(source, quantity)) {
            Ok(proposed) => proposed,
            Err(e) => return self.refused(e, line, "claim", &key, ""),
        };
        let (claim, have) = match find_by_file_key(self.w.read(), RecordKind::Claim, &key)? {
            Some(id) => {
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
                (id, Some(have))
            }
            None => match self.w.add_claim(proposed) {
                Ok(added) => {
                    self.outcome.summary.claims += 1;
                    (added.id, None)
                }
                Err(e) => return self.refused(e, line, "claim", &key, ""),
            },
        };
        let context = ClaimContext { id: claim, source, key: &key, line };
        let (have_stances, have_annotations) = match have {
            Some(h) => (h.stances, h.annotations),
            None => (Vec::new(), Vec::new()),
        };
        self.stances(&context, &c.stance, &have_stances)?;
        self.annotations(&context, &c, &have_annotations)
    }

    /// Reports the stances' own problems for a claim that cannot be imported,
    /// so that one pass shows every problem in the file.
    fn check_stances(&mut self, c: &FileClaim) -> Result<()> {
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

    /// A claim's stances: those the ledger has must be where the file's list
    /// begins, in order; the rest are added.
    fn stances(&mut self, claim: &ClaimContext<'_>, file: &[Spanned<FileStance>], have: &[Stance]) -> Result<()> {
        let key = claim.key;
        // A stance that repeats what its actor already holds in that source
        // records nothing (see `Writer::add_stance`), so it takes no place in
        // the ledger's list either: skip it on both paths.
        let mut holds: HashMap<(Id, Id), Stance> = HashMap::new();
        let mut placed = 0;
        for spanned in file {
            let at = self.line(spanned);
            let s = spanned.get_ref();
            let actor = self.reference(RecordKind::Actor, &s.actor, ("claim", key), "stance.actor")?;
            let source = match &s.source {
                Some(src) => self.reference(RecordKind::Source, src, ("claim", key), "stance.source")?,
                None => Some(claim.source),
            };
            if let Some(Err(e)) = s.date.as_deref().map(crate::model::parse_date) {
                self.problem(at, "claim", key, "stance.date", e);
                continue;
            }
            let (Some(actor), Some(source)) = (actor, source) else { continue };
            let proposed = match self.w.prepare_stance(s.to_model(claim.id, actor, source)) {
                Ok(proposed) => proposed,
                Err(e) => {
                    self.refused(e, at, "claim", key, "stance")?;
                    continue;
                }
            };
            if holds.get(&(actor, source)).is_some_and(|held| held.says_the_same(&proposed)) {
                continue;
            }
            holds.insert((actor, source), proposed.clone());
            placed += 1;
            if let Some(existing) = have.get(placed - 1) {
                let want = Stance { id: existing.id, supersedes: existing.supersedes, ..proposed };
                if want != *existing {
                    let read = self.w.read();
                    let have = FileStance::from_model(read, &mut self.keys, existing)?;
                    let want = FileStance::from_model(read, &mut self.keys, &want)?;
                    self.differs(at, RecordKind::Claim, key, &have, &want);
                }
                continue;
            }
            match self.w.add_stance(proposed) {
                Ok(Recorded::New(_)) => self.outcome.summary.stances += 1,
                Ok(Recorded::Unchanged(_)) => {}
                Err(e) => self.refused(e, at, "claim", key, "stance")?,
            }
        }
        if have.len() > placed {
            self.fewer(claim, "stance", have.len(), placed);
        }
        Ok(())
    }

    fn fewer(&mut self, claim: &ClaimContext<'_>, field: &str, ledger: usize, file: usize) {
        let message =
            format!("the ledger has {ledger} {field}s for this claim, the file only {file}; nothing is ever removed");
        self.problem(claim.line, "claim", claim.key, field, message);
    }

    /// Notes and verdicts as stances (the ledger's first, in order; the rest
    /// added); tags as a set (those missing added).
    fn annotations(&mut self, claim: &ClaimContext<'_>, c: &FileClaim, have: &[Annotation]) -> Result<()> {
        let have_notes: Vec<&Annotation> =
            have.iter().filter(|a| matches!(a.body, AnnotationBody::Note { .. })).collect();
        let have_verdicts: Vec<&Annotation> =
            have.iter().filter(|a| matches!(a.body, AnnotationBody::Verdict { .. })).collect();
        for (field, ledger, file) in
            [("note", have_notes.len(), c.note.len()), ("verdict", have_verdicts.len(), c.verdict.len())]
        {
            if ledger > file {
                self.fewer(claim, field, ledger, file);
            }
        }
        let notes = c.note.iter().map(|n| (self.line(n), "note", n.get_ref().to_model(claim.id)));
        let verdicts = c.verdict.iter().map(|v| (self.line(v), "verdict", v.get_ref().to_model(claim.id)));
        let (notes, verdicts): (Vec<_>, Vec<_>) = (notes.collect(), verdicts.collect());
        for (listed, have) in [(notes, &have_notes), (verdicts, &have_verdicts)] {
            for (i, (at, field, proposed)) in listed.into_iter().enumerate() {
                if !proposed.at.is_empty()
                    && let Err(e) = check_time(&proposed.at)
                {
                    self.problem(at, "claim", claim.key, &format!("{field}.at"), e);
                    continue;
                }
                let proposed = match self.w.prepare_annotation(proposed) {
                    Ok(proposed) => proposed,
                    Err(e) => {
                        self.refused(e, at, "claim", claim.key, field)?;
                        continue;
                    }
                };
                if let Some(existing) = have.get(i) {
                    // A note or verdict without `by` or `at` matches any.
                    let want = Annotation {
                        id: existing.id,
                        by: if proposed.by.is_empty() { existing.by.clone() } else { proposed.by.clone() },
                        at: if proposed.at.is_empty() { existing.at.clone() } else { proposed.at.clone() },
                        ..proposed
                    };
                    if want != **existing {
                        self.annotation_differs(at, claim.key, existing, &want);
                    }
                    continue;
                }
                match self.w.add_annotation(proposed) {
                    Ok(Recorded::New(_)) => self.outcome.summary.annotations += 1,
                    Ok(Recorded::Unchanged(_)) => {}
                    Err(e) => self.refused(e, at, "claim", claim.key, field)?,
                }
            }
        }
        for tag in &c.tags {
            let proposed = Annotation {
                id: 0,
                claim: claim.id,
                by: String::new(),
                at: String::new(),
                body: AnnotationBody::Tag { tag: tag.clone() },
            };
            if let Err(e) = check_tag(tag) {
                self.problem(claim.line, "claim", claim.key, "tags", e);
                continue;
            }
            match self.w.add_annotation(proposed) {
                Ok(Recorded::New(_)) => self.outcome.summary.annotations += 1,
                Ok(Recorded::Unchanged(_)) => {}
                Err(e) => self.refused(e, claim.line, "claim", claim.key, "tags")?,
            }
        }
        Ok(())
    }

    fn annotation_differs(&mut self, line: usize, key: &str, have: &Annotation, want: &Annotation) {
        match (&have.body, &want.body) {
            (AnnotationBody::Note { .. }, _) => {
                self.differs(line, RecordKind::Claim, key, &FileNote::from_model(have), &FileNote::from_model(want));
            }
            _ => self.differs(
                line,
                RecordKind::Claim,
                key,
                &FileVerdict::from_model(have),
                &FileVerdict::from_model(want),
            ),
        }
    }
}

/// The claim whose nested records are being imported.
struct ClaimContext<'k> {
    id: Id,
    /// Where the claim appears: the default source of its stances.
    source: Id,
    key: &'k str,
    line: usize,
}

/// Actors in an order where each comes after the one it speaks for (when that
/// one is in the file too), file order otherwise; and apart, those caught in
/// an affiliation cycle.
fn order_actors<T>(actors: Vec<T>, actor: impl Fn(&T) -> &FileActor) -> (Vec<T>, Vec<T>) {
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
