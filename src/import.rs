//! Importing a claims file: validate every record, report every problem with
//! its line and field, and write all of it in one transaction or nothing.
//! Records already in the ledger with the same content are left alone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::claims_file::{ClaimsFile, Figure, FileActor, FileClaim, FileSource, LineIndex};
use crate::error::{Error, Result};
use crate::history::sha256_hex;
use crate::ledger::{Ledger, Writer, query, records};
use crate::model::{Qualifier, Quantity, RecordKind, check_exact, check_key, normal_text, parse_date};
use crate::ops::{self, NewActor, NewClaim, NewSource, NewStance};

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
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
            let problem = Problem { line, message: "the file is not UTF-8 text from this line on".into() };
            return Ok(Outcome { summary: Summary::default(), problems: vec![problem] });
        }
    };
    let base = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let base = Base { folder: base, allow_outside: options.allow_outside };
    let dry_run = options.dry_run;
    match import_as(ledger, &text, &base, author, at, dry_run, Reading::Split)? {
        Some(outcome) => Ok(outcome),
        // A piece did not parse alone (say, a long string holding a header
        // line): read the whole file at once instead, errors and all.
        None => match toml::from_str::<ClaimsFile>(&text) {
            Ok(file) => Ok(import_as(ledger, &text, &base, author, at, dry_run, Reading::Whole(file))?
                .expect("a whole file needs no other reading")),
            Err(e) => {
                let line = e.span().map(|s| LineIndex::new(&text).line(s.start)).unwrap_or(1);
                let problem = Problem { line, message: e.message().trim().to_string() };
                Ok(Outcome { summary: Summary::default(), problems: vec![problem] })
            }
        },
    }
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
    let mut outcome = Outcome::default();
    let mut whole_needed = false;
    let result = ledger.write(author, at, |w| {
        let mut importer = Importer {
            w,
            text,
            lines: LineIndex::new(text),
            offset: 0,
            base,
            sources: HashMap::new(),
            actors: HashMap::new(),
            claims: std::collections::HashSet::new(),
            outcome: &mut outcome,
        };
        whole_needed = !importer.run(text, reading)?;
        if whole_needed || dry_run || !importer.outcome.problems.is_empty() {
            // Roll back: nothing of a dry run or a faulty file is kept.
            return Err(Error::CheckFailed(String::new()));
        }
        Ok(())
    });
    match result {
        Ok(()) | Err(Error::CheckFailed(_)) if !whole_needed => Ok(Some(outcome)),
        Ok(()) | Err(Error::CheckFailed(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Byte ranges of the file's records: each starts at a top-level `[[source]]`,
/// `[[actor]]` or `[[claim]]` header (the first may hold only comments).
fn split_records(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0];
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if pos > 0 && record_header(line).is_some() {
            starts.push(pos);
        }
        pos += line.len();
    }
    starts.push(text.len());
    starts.windows(2).map(|w| w[0]..w[1]).filter(|r| !r.is_empty()).collect()
}

/// The kind of record a piece of [`split_records`] holds, by its first line.
fn piece_kind(piece: &str) -> Option<&'static str> {
    record_header(piece.lines().next().unwrap_or_default())
}

/// The record kind a line opens, if it is a top-level record header.
fn record_header(line: &str) -> Option<&'static str> {
    let header: String = line.split('#').next().unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
    match header.as_str() {
        "[[source]]" => Some("source"),
        "[[actor]]" => Some("actor"),
        "[[claim]]" => Some("claim"),
        _ => None,
    }
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
    sources: HashMap<String, Option<i64>>,
    actors: HashMap<String, Option<i64>>,
    claims: std::collections::HashSet<String>,
    outcome: &'a mut Outcome,
}

/// What an actor holds on a claim in one source: stance, quote, date.
type HeldStance = (crate::model::StanceKind, Option<String>, Option<String>);

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

    /// Imports every record: sources, then actors (each after the one it
    /// speaks for), then claims. Returns false when a split piece does not
    /// parse alone and the whole file must be read instead.
    fn run(&mut self, text: &str, reading: Reading) -> Result<bool> {
        // Sources and actors are few: read them all first. Claims wait their turn.
        let mut early: Vec<(usize, ClaimsFile)> = Vec::new();
        let mut claim_pieces = Vec::new();
        match reading {
            Reading::Whole(file) => early.push((0, file)),
            Reading::Split => {
                for range in split_records(text) {
                    let piece = &text[range.clone()];
                    if piece_kind(piece) == Some("claim") {
                        claim_pieces.push(range);
                        continue;
                    }
                    match toml::from_str::<ClaimsFile>(piece) {
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
    fn resolve(&self, kind: RecordKind, key: &str) -> Result<Result<i64, Unresolved>> {
        let defined = match kind {
            RecordKind::Source => self.sources.get(&key.to_lowercase()),
            _ => self.actors.get(&key.to_lowercase()),
        };
        match defined {
            Some(Some(id)) => Ok(Ok(*id)),
            Some(None) => Ok(Err(Unresolved::Faulty)),
            None => Ok(query::find_by_file_key(self.w.conn(), kind, key)?.ok_or(Unresolved::Missing)),
        }
    }

    /// Resolves a reference field, reporting a missing target.
    fn reference(
        &mut self,
        kind: RecordKind,
        target: &Spanned<String>,
        record: (&str, &str),
        field: &str,
    ) -> Result<Option<i64>> {
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

    /// Reports how an existing record differs from the file's.
    fn differs<T: serde::Serialize>(&mut self, line: usize, kind: RecordKind, key: &str, ledger: &T, file: &T) {
        let diff = field_differences(ledger, file);
        self.problem(
            line,
            kind.name(),
            key,
            "",
            format!(
                "already in the ledger with different content ({}); the ledger is not overwritten",
                diff.join("; ")
            ),
        );
    }

    fn source(&mut self, spanned: Spanned<FileSource>) -> Result<()> {
        let line = self.line(&spanned);
        let mut s = spanned.into_inner();
        if !self.key(RecordKind::Source, &s.key, line) {
            return Ok(());
        }
        s.title = normal_text(&s.title);
        s.publisher = s.publisher.as_deref().map(normal_text).filter(|p| !p.is_empty());
        let key = s.key.clone();
        self.sources.insert(key.to_lowercase(), None);
        let before = self.outcome.problems.len();
        for (field, date) in [("published", &s.published), ("retrieved", &s.retrieved)] {
            if let Some(Err(e)) = date.as_deref().map(parse_date) {
                self.problem(line, "source", &key, field, e);
            }
        }
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
        if let Some(text) = &s.text {
            let actual = sha256_hex(text.as_bytes());
            match &s.sha256 {
                Some(expected) if !expected.eq_ignore_ascii_case(&actual) => self.problem(
                    line,
                    "source",
                    &key,
                    "sha256",
                    format!("the text's SHA-256 is {actual}, not {expected}"),
                ),
                _ => s.sha256 = Some(actual),
            }
        } else if s.sha256.is_some() {
            self.problem(line, "source", &key, "sha256", "a sha256 needs the text it is the hash of");
        }
        s.text_file = None;
        if self.outcome.problems.len() > before {
            return Ok(());
        }
        if let Some(id) = query::find_by_file_key(self.w.conn(), RecordKind::Source, &key)? {
            let existing = records::source_record(self.w.conn(), id)?;
            let mut same_key = s.clone();
            same_key.key = existing.key.clone();
            if existing == same_key {
                self.outcome.summary.unchanged += 1;
                self.sources.insert(key.to_lowercase(), Some(id));
            } else {
                self.differs(line, RecordKind::Source, &key, &existing, &same_key);
            }
            return Ok(());
        }
        let new = NewSource {
            key: Some(key.clone()),
            title: s.title,
            publisher: s.publisher,
            url: s.url,
            published: s.published,
            retrieved: s.retrieved,
            text: s.text,
        };
        match ops::add_source(self.w, new) {
            Ok(id) => {
                self.sources.insert(key.to_lowercase(), Some(id));
                self.outcome.summary.sources += 1;
            }
            Err(e) if e.is_input_problem() => self.problem(line, "source", &key, "", e),
            Err(e) => return Err(e),
        }
        Ok(())
    }

    fn actor(&mut self, spanned: Spanned<FileActor>) -> Result<()> {
        let line = self.line(&spanned);
        let mut a = spanned.into_inner();
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
        a.name = normal_text(&a.name);
        a.aliases = ops::clean_aliases(&a.name, a.aliases);
        if let Some(id) = query::find_by_file_key(self.w.conn(), RecordKind::Actor, &key)? {
            let existing = records::actor_record(self.w.conn(), id)?;
            let mut same_refs = a.clone();
            same_refs.key = existing.key.clone();
            if let Some(aff) = affiliation {
                same_refs.affiliation =
                    Some(crate::claims_file::unplaced(query::file_key(self.w.conn(), RecordKind::Actor, aff)?));
            }
            if existing == same_refs {
                self.outcome.summary.unchanged += 1;
                self.actors.insert(key.to_lowercase(), Some(id));
            } else {
                self.differs(line, RecordKind::Actor, &key, &existing, &same_refs);
            }
            return Ok(());
        }
        let new = NewActor { key: Some(key.clone()), name: a.name, kind: a.kind, affiliation, aliases: a.aliases };
        match ops::add_actor(self.w, new) {
            Ok(id) => {
                self.actors.insert(key.to_lowercase(), Some(id));
                self.outcome.summary.actors += 1;
            }
            Err(e) if e.is_input_problem() => self.problem(line, "actor", &key, "", e),
            Err(e) => return Err(e),
        }
        Ok(())
    }

    /// The figure as the file writes it, when it comes from the file.
    fn literal(&self, figure: &Spanned<Figure>) -> Option<&str> {
        let span = figure.span();
        (span.end > span.start).then(|| &self.text[self.offset + span.start..self.offset + span.end])
    }

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
        if let Some(Err(e)) = c.about.as_deref().map(ops::check_about) {
            self.problem(line, "claim", &key, "about", e);
        }
        if c.text.trim().is_empty() {
            self.problem(line, "claim", &key, "text", "is empty");
        }
        let (Some(source), Some(quantity)) = (source, quantity) else { return self.check_stances(&c) };
        if let Some(quote) = &c.quote {
            match ops::anchor_quote(self.w, source, quote.get_ref().clone()) {
                Err(e) if e.is_input_problem() => {
                    let at = self.line(quote);
                    self.problem(at, "claim", &key, "quote", error_line(&e));
                }
                Err(e) => return Err(e),
                Ok(_) => {}
            }
        }
        if self.outcome.problems.len() > before {
            return self.check_stances(&c);
        }

        let existing = query::find_by_file_key(self.w.conn(), RecordKind::Claim, &key)?;
        let (id, have) = match existing {
            Some(id) => {
                let have = records::claim_record(self.w.conn(), id)?;
                let mut want = self.normalized(&c, source)?;
                want.key = have.key.clone();
                let (mut have_top, mut want_top) = (have.clone(), want);
                for top in [&mut have_top, &mut want_top] {
                    top.stance.clear();
                    top.note.clear();
                    top.verdict.clear();
                    top.tags.clear();
                }
                if have_top != want_top {
                    self.differs(line, RecordKind::Claim, &key, &have_top, &want_top);
                    return Ok(());
                }
                self.outcome.summary.unchanged += 1;
                (id, Some(have))
            }
            None => {
                let new = NewClaim {
                    key: Some(key.clone()),
                    text: c.text.trim().to_string(),
                    source,
                    quote: c.quote.as_ref().map(|q| q.get_ref().clone()),
                    topic: c.topic.clone(),
                    about: c.about.clone(),
                    quantity,
                };
                match ops::add_claim(self.w, new) {
                    Ok(id) => {
                        self.outcome.summary.claims += 1;
                        (id, None)
                    }
                    Err(e) if e.is_input_problem() => {
                        self.problem(line, "claim", &key, "", e);
                        return Ok(());
                    }
                    Err(e) => return Err(e),
                }
            }
        };
        self.nested(id, source, &key, line, &c, have.as_ref())
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
            if let Some(Err(e)) = s.date.as_deref().map(parse_date) {
                let at = self.line(spanned);
                self.problem(at, "claim", &c.key, "stance.date", e);
            }
        }
        Ok(())
    }

    /// The file's claim as the ledger would export it, for comparison.
    fn normalized(&self, c: &FileClaim, source: i64) -> Result<FileClaim> {
        let mut n = c.clone();
        n.text = normal_text(&c.text);
        n.source = crate::claims_file::unplaced(query::file_key(self.w.conn(), RecordKind::Source, source)?);
        n.quote = c.quote.as_ref().map(|q| crate::claims_file::unplaced(q.get_ref().trim().to_string()));
        n.topic = c.topic.as_ref().map(|t| normal_text(t).to_lowercase()).filter(|t| !t.is_empty());
        n.about = c.about.as_ref().map(|a| a.trim().to_lowercase());
        n.unit = c.unit.as_ref().map(|u| normal_text(u)).filter(|u| !u.is_empty());
        if (n.value.is_some() || n.range.is_some()) && n.qualifier.is_none() {
            n.qualifier = Some(Qualifier::Exact);
        }
        if let Some([l, h]) = n.range.clone()
            && l == h
        {
            n.value = Some(l);
            n.range = None;
        }
        Ok(n)
    }

    /// Stances, notes, verdicts and tags: what the ledger has must be where
    /// the file's lists begin; the rest is added.
    fn nested(
        &mut self,
        claim: i64,
        claim_source: i64,
        key: &str,
        line: usize,
        c: &FileClaim,
        have: Option<&FileClaim>,
    ) -> Result<()> {
        let have_stances = have.map_or(0, |h| h.stance.len());
        // A stance that repeats what its actor already holds in that source
        // records nothing (see ops::add_stance), so it takes no place in the
        // ledger's list either: skip it on both paths.
        let mut holds: HashMap<(i64, i64), HeldStance> = HashMap::new();
        let mut i = 0;
        for spanned in &c.stance {
            let at = self.line(spanned);
            let s = spanned.get_ref();
            let actor = self.reference(RecordKind::Actor, &s.actor, ("claim", key), "stance.actor")?;
            let source = match &s.source {
                Some(src) => self.reference(RecordKind::Source, src, ("claim", key), "stance.source")?,
                None => Some(claim_source),
            };
            if let Some(Err(e)) = s.date.as_deref().map(parse_date) {
                self.problem(at, "claim", key, "stance.date", e);
                continue;
            }
            let (Some(actor), Some(source)) = (actor, source) else { continue };
            let state = (s.stance, s.quote.as_ref().map(|q| q.get_ref().trim().to_string()), s.date.clone());
            if holds.get(&(actor, source)) == Some(&state) {
                continue;
            }
            holds.insert((actor, source), state);
            i += 1;
            if i <= have_stances {
                let mut want = s.clone();
                want.actor = crate::claims_file::unplaced(query::file_key(self.w.conn(), RecordKind::Actor, actor)?);
                want.source =
                    Some(crate::claims_file::unplaced(query::file_key(self.w.conn(), RecordKind::Source, source)?));
                want.quote = s.quote.as_ref().map(|q| crate::claims_file::unplaced(q.get_ref().trim().to_string()));
                let existing = have.expect("have").stance[i - 1].get_ref();
                if *existing != want {
                    self.differs(at, RecordKind::Claim, key, existing, &want);
                }
                continue;
            }
            let new = NewStance {
                claim,
                actor,
                source,
                stance: s.stance,
                quote: s.quote.as_ref().map(|q| q.get_ref().clone()),
                date: s.date.clone(),
            };
            match ops::add_stance(self.w, new) {
                Ok(ops::StanceOutcome::Recorded { .. }) => self.outcome.summary.stances += 1,
                Ok(ops::StanceOutcome::Unchanged { .. }) => {}
                Err(e) if e.is_input_problem() => self.problem(at, "claim", key, "stance", error_line(&e)),
                Err(e) => return Err(e),
            }
        }
        if let Some(h) = have {
            for (field, ledger, file) in [
                ("stance", h.stance.len(), i),
                ("note", h.note.len(), c.note.len()),
                ("verdict", h.verdict.len(), c.verdict.len()),
            ] {
                if ledger > file {
                    let message = format!(
                        "the ledger has {ledger} {field}s for this claim, the file only {file}; nothing is ever removed"
                    );
                    self.problem(line, "claim", key, field, message);
                }
            }
        }

        let have_notes = have.map_or(0, |h| h.note.len());
        for (i, spanned) in c.note.iter().enumerate() {
            let n = spanned.get_ref();
            if i < have_notes {
                let existing = have.expect("have").note[i].get_ref();
                let same = existing.text == normal_text(&n.text)
                    && n.by.as_ref().is_none_or(|b| *b == existing.by.clone().unwrap_or_default())
                    && n.at.as_ref().is_none_or(|a| *a == existing.at.clone().unwrap_or_default());
                if !same {
                    let at = self.line(spanned);
                    self.differs(at, RecordKind::Claim, key, existing, n);
                }
                continue;
            }
            if n.text.trim().is_empty() {
                let at = self.line(spanned);
                self.problem(at, "claim", key, "note.text", "is empty");
                continue;
            }
            if let Err(e) = check_time(&n.at) {
                let at = self.line(spanned);
                self.problem(at, "claim", key, "note.at", e);
                continue;
            }
            let by_at = by_at(self.w, &n.by, &n.at);
            ops::add_note(self.w, claim, n.text.trim().to_string(), by_at)?;
            self.outcome.summary.annotations += 1;
        }

        let have_tags = have.map(|h| h.tags.clone()).unwrap_or_default();
        for tag in &c.tags {
            match ops::check_tag(tag) {
                Err(e) => self.problem(line, "claim", key, "tags", e),
                Ok(tag) if have_tags.contains(&tag) => {}
                Ok(tag) => {
                    if ops::add_tag(self.w, claim, &tag)?.is_some() {
                        self.outcome.summary.annotations += 1;
                    }
                }
            }
        }

        let have_verdicts = have.map_or(0, |h| h.verdict.len());
        for (i, spanned) in c.verdict.iter().enumerate() {
            let v = spanned.get_ref();
            if i < have_verdicts {
                let existing = have.expect("have").verdict[i].get_ref();
                let same = existing.rating == v.rating
                    && existing.rationale == v.rationale
                    && v.by.as_ref().is_none_or(|b| Some(b) == existing.by.as_ref())
                    && v.at.as_ref().is_none_or(|a| Some(a) == existing.at.as_ref());
                if !same {
                    let at = self.line(spanned);
                    self.differs(at, RecordKind::Claim, key, existing, v);
                }
                continue;
            }
            if let Err(e) = check_time(&v.at) {
                let at = self.line(spanned);
                self.problem(at, "claim", key, "verdict.at", e);
                continue;
            }
            let by_at = by_at(self.w, &v.by, &v.at);
            ops::add_verdict(self.w, claim, v.rating, v.rationale.clone(), by_at)?;
            self.outcome.summary.annotations += 1;
        }
        Ok(())
    }
}

/// Who made an annotation and when: as the file says, else who imports it and now.
fn by_at(w: &Writer<'_>, by: &Option<String>, at: &Option<String>) -> Option<(String, String)> {
    match (by, at) {
        (None, None) => None,
        _ => Some((
            by.clone().unwrap_or_else(|| w.author().to_string()),
            at.clone().unwrap_or_else(|| w.at().to_string()),
        )),
    }
}

/// An annotation's time must be RFC 3339, like every time the ledger records.
fn check_time(at: &Option<String>) -> std::result::Result<(), String> {
    match at {
        Some(at) if at.parse::<jiff::Timestamp>().is_err() => {
            Err(format!("'{at}' is not a time; write it in RFC 3339, like 2023-06-20T09:00:00Z"))
        }
        _ => Ok(()),
    }
}

/// An error and its hint on one line.
fn error_line(e: &Error) -> String {
    match e.hint() {
        Some(hint) => format!("{e} ({hint})"),
        None => e.to_string(),
    }
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

/// "field: 'ledger' in the ledger, 'file' in the file", for each differing field.
fn field_differences<T: serde::Serialize>(ledger: &T, file: &T) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(ledger), serde_json::to_value(file))
    else {
        return vec!["content differs".into()];
    };
    let mut fields: Vec<&String> = a.keys().chain(b.keys()).collect();
    fields.dedup();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for field in fields {
        if !seen.insert(field) {
            continue;
        }
        let (x, y) = (a.get(field), b.get(field));
        if x != y {
            let show = |v: Option<&serde_json::Value>| v.map_or("nothing".to_string(), |v| v.to_string());
            out.push(format!("{field}: {} in the ledger, {} in the file", show(x), show(y)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_cut_at_its_record_headers() {
        let text = "# preamble\n[[source]]\nkey = \"s\"\n\n[[claim]]\nkey = \"a\"\n\n[[claim.stance]]\nactor = \"x\"\n  [[ claim ]] # spaced\nkey = \"b\"\n";
        let kinds: Vec<Option<&str>> = split_records(text).into_iter().map(|r| piece_kind(&text[r])).collect();
        assert_eq!(kinds, [None, Some("source"), Some("claim"), Some("claim")]);
        let pieces: Vec<&str> = split_records(text).into_iter().map(|r| &text[r]).collect();
        assert!(pieces[2].contains("[[claim.stance]]"), "nested tables stay with their claim");
        assert_eq!(pieces.concat(), text);
    }
}
