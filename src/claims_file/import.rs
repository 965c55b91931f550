//! Importing a claims file: every record through the ledger's `Writer`, so
//! the same rules hold as at the command line; every problem reported with
//! its line and field; all of it in one transaction, or nothing. A record
//! the ledger has already, with the same content, is left alone: the model's
//! own equality decides.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::mpsc::{Receiver, SyncSender};

use toml::Spanned;

use super::read::{Piece, Pieces, Stop, Text, decode};
use super::{
    ChangeKind, ClaimsFile, Figure, FileActor, FileChange, FileClaim, FileKeys, FileLink, FileRetraction, FileSetting,
    FileSource, FileStance, field_differences, find_by_file_key,
};
use crate::error::{Error, Result};
use crate::history::sha256_hex;
use crate::ledger::{ClaimRecords, Clock, Finish, Ledger, Recorded, Writer, check_time};
use crate::model::{
    Amendment, Annotation, AnnotationBody, Claim, Correction, Field, Id, Qualifier, Quantity, RecordKind, Relation,
    Restoration, Stance, Standing, StatusChange, Withdrawal, check_exact, check_key, generated_key,
};
use crate::progress::Progress;

/// One thing wrong with a claims file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// What an import added, or would add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub settings: usize,
    pub sources: usize,
    pub actors: usize,
    pub claims: usize,
    pub stances: usize,
    pub annotations: usize,
    pub links: usize,
    /// Amendments, withdrawals, restorations, statuses, retractions.
    pub corrections: usize,
    /// Records the ledger already had, unchanged.
    pub unchanged: usize,
}

/// What the ledger holds that the file does not: a file is what its authors
/// vouch for, and others may have added to the ledger since.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Beyond {
    pub settings: usize,
    pub sources: usize,
    pub actors: usize,
    pub claims: usize,
    pub stances: usize,
    /// Notes, tags and verdicts.
    pub annotations: usize,
    pub corrections: usize,
    pub links: usize,
}

/// The result of an import: what it added, what the ledger holds beyond the
/// file, and every problem found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub summary: Summary,
    pub beyond: Beyond,
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
pub fn import(
    ledger: &mut Ledger,
    path: &Path,
    author: &str,
    clock: &Clock,
    options: Options,
    progress: &dyn Progress,
) -> Result<Outcome> {
    // Opened once here so that a missing or unreadable file is reported as such.
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    progress.begin("importing", file.metadata().map(|m| m.len()).unwrap_or(0));
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let base = Base { folder, allow_outside: options.allow_outside, progress };
    match import_as(ledger, path, &base, author, clock, options.dry_run, false)? {
        Some(outcome) => Ok(outcome),
        // A piece did not parse alone (say, a long string holding a header
        // line): read the whole file at once instead, errors and all.
        None => Ok(import_as(ledger, path, &base, author, clock, options.dry_run, true)?
            .expect("a whole file needs no other reading")),
    }
}

fn one_problem(line: usize, message: &str) -> Outcome {
    Outcome { problems: vec![Problem { line, message: message.to_string() }], ..Outcome::default() }
}

/// Where a file's `text_file`s are found, whether they may lie outside it,
/// and who hears how far the import has got.
struct Base<'p> {
    folder: PathBuf,
    allow_outside: bool,
    progress: &'p dyn Progress,
}

/// What reading the file hands the importer, in this order: the pieces that
/// are not claims (sources, actors, links: few), then `ClaimsFollow`, then
/// each claim's piece. The file is read and parsed on a thread of its own
/// while the importer writes.
enum Delivery {
    Early(Box<(Text, ClaimsFile)>),
    ClaimsFollow,
    /// Claims' pieces, some at a time: handing them over one by one would
    /// wake the importer for each.
    Claims(Vec<(Text, ClaimsFile)>),
    /// The file, or a piece of it, has this problem: nothing is imported.
    Problem(usize, String),
    /// A piece does not parse alone: the whole file must be read at once.
    Unsplittable,
    Failed(std::io::Error),
}

/// Claims handed over at a time, and how many such batches may wait for the
/// importer: enough to keep both threads busy, few enough to keep memory flat.
const CLAIMS_A_BATCH: usize = 64;
const QUEUED_BATCHES: usize = 4;

/// Reads the file for the importer: twice, record by record (first all but
/// the claims, then the claims), or, if `whole`, all at once.
fn deliver(path: &Path, whole: bool, out: &SyncSender<Delivery>) {
    let open = || std::fs::File::open(path).map(|f| std::io::BufReader::with_capacity(1 << 16, f));
    let sent = (|| -> std::result::Result<(), Option<Delivery>> {
        let send = |d: Delivery| out.send(d).map_err(|_| None);
        if whole {
            let bytes = std::fs::read(path).map_err(|e| Some(Delivery::Failed(e)))?;
            let text = decode(bytes).map_err(|line| Some(not_utf8(line)))?;
            let text = Text::new(Piece::Preamble, text, 1);
            return match toml::from_str::<ClaimsFile>(&text.text) {
                Ok(file) => send(Delivery::Early(Box::new((text, file)))).and_then(|()| send(Delivery::ClaimsFollow)),
                Err(e) => {
                    let line = e.span().map(|s| text.line(s.start)).unwrap_or(1);
                    Err(Some(Delivery::Problem(line, e.message().trim().to_string())))
                }
            };
        }
        let pieces = |kind: Option<Piece>| {
            let input = open().map_err(|e| Some(Delivery::Failed(e)))?;
            Ok::<_, Option<Delivery>>(match kind {
                Some(kind) => Pieces::skipping(input, kind),
                None => Pieces::new(input),
            })
        };
        for piece in pieces(Some(Piece::Claim))? {
            let piece = piece.map_err(stopped)?;
            // Links are read with sources and actors, and made after the claims.
            let file = toml::from_str::<ClaimsFile>(&piece.text).map_err(|_| Some(Delivery::Unsplittable))?;
            send(Delivery::Early(Box::new((piece, file))))?;
        }
        send(Delivery::ClaimsFollow)?;
        let mut batch = Vec::with_capacity(CLAIMS_A_BATCH);
        for piece in pieces(None)? {
            let piece = piece.map_err(stopped)?;
            if piece.kind != Piece::Claim {
                continue;
            }
            match toml::from_str::<ClaimsFile>(&piece.text) {
                // A piece that holds anything but claims was split where it should not be.
                Ok(file)
                    if file.settings.is_empty()
                        && file.sources.is_empty()
                        && file.actors.is_empty()
                        && file.links.is_empty() =>
                {
                    batch.push((piece, file))
                }
                _ => return Err(Some(Delivery::Unsplittable)),
            }
            if batch.len() == CLAIMS_A_BATCH {
                send(Delivery::Claims(std::mem::replace(&mut batch, Vec::with_capacity(CLAIMS_A_BATCH))))?;
            }
        }
        send(Delivery::Claims(batch))
    })();
    if let Err(Some(last)) = sent {
        let _ = out.send(last);
    }
}

fn not_utf8(line: usize) -> Delivery {
    Delivery::Problem(line, "the file is not UTF-8 text from this line on".into())
}

fn stopped(stop: Stop) -> Option<Delivery> {
    Some(match stop {
        Stop::NotUtf8(line) => not_utf8(line),
        Stop::Io(e) => Delivery::Failed(e),
    })
}

/// One import attempt in one transaction; None when the split reading must
/// give way to the whole one (nothing was kept).
fn import_as(
    ledger: &mut Ledger,
    path: &Path,
    base: &Base<'_>,
    author: &str,
    clock: &Clock,
    dry_run: bool,
    whole: bool,
) -> Result<Option<Outcome>> {
    ledger.transact(author, clock, |w| {
        let first_keys = first_keys(w.read())?;
        w.start_claim_keys()?;
        let mut importer = Importer {
            w,
            path,
            piece: Rc::new(Text::new(Piece::Preamble, String::new(), 1)),
            base,
            settings: std::collections::HashSet::new(),
            sources: HashMap::new(),
            actors: HashMap::new(),
            given_up: HashMap::new(),
            first_keys,
            keys: FileKeys::default(),
            links: std::collections::HashSet::new(),
            deferred: Vec::new(),
            outcome: Outcome::default(),
        };
        let read = std::thread::scope(|scope| {
            let (out, deliveries) = std::sync::mpsc::sync_channel(QUEUED_BATCHES);
            scope.spawn(move || deliver(path, whole, &out));
            // Returning drops `deliveries`, which stops the reading thread.
            importer.run(deliveries)
        });
        let Importer { outcome, .. } = importer;
        // Nothing of a dry run, a faulty file or an abandoned reading is kept.
        let outcome = match read? {
            Read::Done => outcome,
            Read::Unsplittable => return Ok((None, Finish::RollBack)),
            Read::Problem(line, message) => return Ok((Some(one_problem(line, &message)), Finish::RollBack)),
        };
        let finish = if dry_run || !outcome.problems.is_empty() { Finish::RollBack } else { Finish::Commit };
        Ok((Some(outcome), finish))
    })
}

/// How reading the file ended.
enum Read {
    Done,
    Unsplittable,
    /// A problem with the file as a whole: it is the only one reported.
    Problem(usize, String),
}

struct Importer<'a, 'w> {
    w: &'a mut Writer<'w>,
    /// The file, and the piece of it being imported: lines and figures are found in it.
    path: &'a Path,
    piece: Rc<Text>,
    base: &'a Base<'a>,
    /// Keys defined in the file (lowercase) and the id each got; None when the
    /// record had problems, so references to it are not reported again.
    /// The settings the file gives.
    settings: std::collections::HashSet<crate::model::Setting>,
    sources: HashMap<String, Option<Id>>,
    actors: HashMap<String, Option<Id>>,
    // A claim is named by the key it ends with, once the file's amendments
    // are made (or as export names it, if they remove its key): those keys are
    // noted through the writer (`note_claim_key`), which keeps them on disk
    // rather than in memory, however many claims the file has.
    /// The keys claims of the file were first recorded with, where their
    /// amendments change them: few.
    given_up: HashMap<String, Option<Id>>,
    /// The ledger's claims whose key an amendment changed, by the file key
    /// each was first recorded with: its id and its file key now. Few.
    first_keys: HashMap<String, (Id, String)>,
    /// File keys of the ledger's records, for showing differences.
    keys: FileKeys,
    /// The links the file names.
    links: std::collections::HashSet<Id>,
    /// Changes waiting for every claim to be in: few.
    deferred: Vec<Deferred>,
    outcome: Outcome,
}

/// A change that waits for a claim further on in the file: made, with its
/// claim's changes after it, once every claim is in.
struct Deferred {
    /// The piece of the file it is in: its lines and figures are found there.
    piece: Rc<Text>,
    claim: Id,
    key: String,
    change: Spanned<FileChange>,
}

/// A reference that could not be resolved, or whose target is faulty.
enum Unresolved {
    /// Already reported where the target is defined.
    Faulty,
    Missing,
}

impl Importer<'_, '_> {
    fn line<T>(&self, spanned: &Spanned<T>) -> usize {
        self.piece.line(spanned.span().start)
    }

    fn problem(&mut self, line: usize, record: &str, key: &str, field: &str, message: impl std::fmt::Display) {
        let field = if field.is_empty() { String::new() } else { format!("{field}: ") };
        self.outcome.problems.push(Problem { line, message: format!("{record} '{key}': {field}{message}") });
    }

    /// Reports an error of a record as a problem, unless it is a failure of
    /// the machinery (the database, a disk), which ends the import. The
    /// field that broke a rule is named as the file names it, within the
    /// record's table `within` (`stance`, `change`; empty for the record).
    fn refused(&mut self, e: Error, line: usize, record: &str, key: &str, within: &str) -> Result<()> {
        if !e.is_input_problem() {
            return Err(e);
        }
        let message = match e.hint(|field| format!("`{}`", field.name())) {
            Some(hint) => format!("{e} ({hint})"),
            None => e.to_string(),
        };
        self.problem(line, record, key, &field_in_file(within, e.field()), message);
        Ok(())
    }

    /// Whether a record that needs a reason gives one. A reason left out is
    /// the file's to report; an empty one is refused by the writer.
    fn reason_given(&mut self, line: usize, key: &str, field: &str, reason: Option<&str>) -> bool {
        if reason.is_some() {
            return true;
        }
        self.problem(line, "claim", key, field, "the reason is missing (say why in `reason`)");
        false
    }

    /// Imports every record as the file is read: sources, then actors (each
    /// after the one it speaks for), then claims, then the changes that wait
    /// for a claim further on, then links.
    fn run(&mut self, deliveries: Receiver<Delivery>) -> Result<Read> {
        let mut early: Vec<(Rc<Text>, ClaimsFile)> = Vec::new();
        let mut claims = None;
        for delivery in deliveries.iter() {
            match delivery {
                Delivery::Early(early_piece) => {
                    let (text, file) = *early_piece;
                    early.push((Rc::new(text), file))
                }
                Delivery::ClaimsFollow => {
                    claims = Some(self.early(&mut early)?);
                }
                Delivery::Claims(batch) => {
                    for (text, file) in batch {
                        let read_to = text.read_to;
                        self.piece = Rc::new(text);
                        for claim in file.claims {
                            self.claim(claim)?;
                        }
                        self.base.progress.reached(read_to);
                    }
                }
                Delivery::Problem(line, message) => return Ok(Read::Problem(line, message)),
                Delivery::Unsplittable => return Ok(Read::Unsplittable),
                Delivery::Failed(e) => return Err(Error::io(self.path, e)),
            }
        }
        let Some(links) = claims else {
            return Err(Error::io(self.path, std::io::Error::other("reading stopped before the end of the file")));
        };
        for Deferred { piece, claim, key, change } in std::mem::take(&mut self.deferred) {
            self.piece = piece;
            self.make_change(claim, &key, &change)?;
        }
        for (piece, link) in links {
            self.piece = piece;
            self.link(link)?;
        }
        // Changes and links made after the claims are reported in the file's order.
        self.outcome.problems.sort_by_key(|p| p.line);
        self.count_beyond()?;
        Ok(Read::Done)
    }

    /// Imports the sources and actors of the pieces read before the claims,
    /// and the claims among them (all of them when the file is read whole).
    /// Returns the links, to be made once every claim is in.
    fn early(&mut self, early: &mut Vec<(Rc<Text>, ClaimsFile)>) -> Result<Vec<(Rc<Text>, Spanned<FileLink>)>> {
        let mut actors = Vec::new();
        let mut links = Vec::new();
        for (piece, file) in early.iter_mut() {
            self.piece = piece.clone();
            for setting in std::mem::take(&mut file.settings) {
                self.setting(setting)?;
            }
            for source in std::mem::take(&mut file.sources) {
                self.source(source)?;
            }
            actors.extend(std::mem::take(&mut file.actors).into_iter().map(|a| (piece.clone(), a)));
            links.extend(std::mem::take(&mut file.links).into_iter().map(|l| (piece.clone(), l)));
        }
        let (ordered, cyclic) = order_actors(actors, |(_, a)| a.get_ref());
        for (piece, actor) in ordered {
            self.piece = piece;
            self.actor(actor)?;
        }
        for (piece, actor) in cyclic {
            self.piece = piece;
            let line = self.line(&actor);
            let a = actor.get_ref();
            self.actors.insert(a.key.to_lowercase(), None);
            self.problem(line, "actor", &a.key, "affiliation", "its affiliation chain loops back on itself");
        }
        for (piece, file) in std::mem::take(early) {
            self.piece = piece;
            for claim in file.claims {
                self.claim(claim)?;
            }
        }
        Ok(links)
    }

    /// Counts the sources, actors, claims and links the ledger holds and
    /// the file does not name.
    fn count_beyond(&mut self) -> Result<()> {
        let read = self.w.read();
        let named = |set: &HashMap<String, Option<Id>>, kind: RecordKind, id: Id, key: Option<&str>| {
            set.contains_key(&super::file_key(kind, id, key).to_lowercase())
        };
        let (mut sources, mut actors, mut claims) = (0, 0, 0);
        read.for_each_source(|s| {
            sources += usize::from(!named(&self.sources, RecordKind::Source, s.id, s.key.as_deref()));
            Ok(())
        })?;
        read.for_each_actor(|a| {
            actors += usize::from(!named(&self.actors, RecordKind::Actor, a.id, a.key.as_deref()));
            Ok(())
        })?;
        claims += self.w.claims_without_noted_key()?;
        let (mut links, mut removals) = (0, 0);
        read.for_each_link(|l| {
            let named = self.links.contains(&l.record.id);
            links += usize::from(!named);
            removals += usize::from(!named && !l.stands());
            Ok(())
        })?;
        let named = |(name, _): &(crate::model::Setting, String)| self.settings.contains(name);
        self.outcome.beyond.settings = self.w.read().settings()?.iter().filter(|s| !named(s)).count();
        self.outcome.beyond.sources = sources;
        self.outcome.beyond.actors = actors;
        self.outcome.beyond.claims = claims;
        self.outcome.beyond.links = links;
        self.outcome.beyond.corrections += removals;
        Ok(())
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
    fn key(&mut self, kind: RecordKind, key: &str, line: usize) -> Result<bool> {
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
    fn claim_keys(&mut self, first: &str, now: Option<&str>, line: usize) -> Result<bool> {
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
    fn define_claim(&mut self, first: &str, now: Option<&str>, id: Option<Id>) -> Result<()> {
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
    fn find_claim(&self, first: &str, now: Option<&str>) -> Result<Option<(Id, Option<String>)>> {
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

    /// Reports how a record the ledger has differs from the file's, both in the file's form.
    fn differs<T: serde::Serialize>(&mut self, line: usize, kind: RecordKind, key: &str, ledger: &T, file: &T) {
        let diff = field_differences(ledger, file).join("; ");
        let mut message =
            format!("already in the ledger with different content ({diff}); the ledger is not overwritten");
        if kind == RecordKind::Claim {
            message.push_str(
                " (to correct the claim, add a [[claim.change]] below it with change = \"amend\"; \
                 a new claim needs a key of its own)",
            );
        }
        self.problem(line, kind.name(), key, "", message);
    }

    /// A setting: made if the ledger lacks it; one the ledger holds with
    /// another value is reported, never overwritten.
    fn setting(&mut self, spanned: Spanned<FileSetting>) -> Result<()> {
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

    fn source(&mut self, spanned: Spanned<FileSource>) -> Result<()> {
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
        (span.end > span.start).then(|| &self.piece.text[span.start..span.end])
    }

    /// The quantity figure fields give: None when they are faulty (and
    /// reported), Some(None) when there is no figure.
    fn quantity(&mut self, key: &str, line: usize, fields: FigureFields<'_>) -> Option<Option<Quantity>> {
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
            if !n.is_finite() || n < 0.0 {
                let written = self.literal(figure).map_or_else(|| n.to_string(), str::to_string);
                let at = self.line(figure);
                let why = format!(
                    "'{written}' is not a figure a claim can state (figures are counts and measures: zero or more)"
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

    fn claim(&mut self, spanned: Spanned<FileClaim>) -> Result<()> {
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
                    let records = ClaimRecords {
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
        let ClaimRecords { claim: first, stances, annotations, corrections } = have;
        self.stances(&context, &c.stance, stances)?;
        self.annotations(&context, &c, annotations)?;
        self.changes(&context, &c.change, first, corrections)
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

    /// A claim's stances: each the ledger lacks is added, in file order (so
    /// the file's last word on an actor becomes its current stance); each it
    /// holds is matched by what it says; a retraction the file adds is made.
    fn stances(
        &mut self,
        claim: &ClaimContext<'_>,
        file: &[Spanned<FileStance>],
        have: Vec<Standing<Stance>>,
    ) -> Result<()> {
        let key = claim.key;
        let mut unmatched = have;
        for spanned in file {
            let at = self.line(spanned);
            let s = spanned.get_ref();
            let actor = self.reference(RecordKind::Actor, &s.actor, ("claim", key), "stance.actor")?;
            let source = match &s.source {
                Some(src) => self.reference(RecordKind::Source, src, ("claim", key), "stance.source")?,
                None => Some(claim.source),
            };
            let (Some(actor), Some(source)) = (actor, source) else { continue };
            let proposed = match self.w.prepare_stance(s.to_model(claim.id, actor, source)) {
                Ok(proposed) => proposed,
                Err(e) => {
                    self.refused(e, at, "claim", key, "stance")?;
                    continue;
                }
            };
            let same = |h: &Standing<Stance>| h.record.actor == proposed.actor && h.record.says_the_same(&proposed);
            let stance = match matching(&unmatched, same, s.retraction.is_none()) {
                Some(i) => {
                    let held = unmatched.remove(i);
                    if !held.stands() {
                        // Retracted in the ledger: it stays so, and a retraction the file lacks is reported.
                        self.outcome.beyond.corrections += usize::from(s.retraction.is_none());
                        continue;
                    }
                    held.record.id
                }
                None => match self.w.add_stance(proposed) {
                    Ok(Recorded::New(stance)) => {
                        self.outcome.summary.stances += 1;
                        stance.id
                    }
                    // The same as the actor's stance just before it in the file: nothing to add.
                    Ok(Recorded::Unchanged(_)) => continue,
                    Err(e) => {
                        self.refused(e, at, "claim", key, "stance")?;
                        continue;
                    }
                },
            };
            if let Some(retraction) = &s.retraction
                && self.reason_given(at, key, "stance.retraction", retraction.reason.as_deref())
            {
                self.retract(at, key, "stance.retraction", |w| w.retract_stance(retraction.to_model(stance)))?;
            }
        }
        self.outcome.beyond.stances += unmatched.len();
        self.outcome.beyond.corrections += unmatched.iter().filter(|h| !h.stands()).count();
        Ok(())
    }

    /// Records a retraction the file gives, as a problem if it is refused.
    fn retract(
        &mut self,
        line: usize,
        key: &str,
        field: &str,
        retract: impl FnOnce(&mut Writer<'_>) -> Result<crate::model::Retraction>,
    ) -> Result<()> {
        match retract(self.w) {
            Ok(_) => {
                self.outcome.summary.corrections += 1;
                Ok(())
            }
            Err(e) => self.refused(e, line, "claim", key, field),
        }
    }

    /// Notes and verdicts as stances are (matched by what they say, the rest
    /// added); tags as a set; removed tags each added and removed.
    fn annotations(&mut self, claim: &ClaimContext<'_>, c: &FileClaim, have: Vec<Standing<Annotation>>) -> Result<()> {
        // The tags it holds by their text and whether they stand, oldest
        // first, so each of the file's tags is one lookup however many it has.
        let mut unmatched = Vec::new();
        let mut held_tags: HashMap<(String, bool), VecDeque<Id>> = HashMap::new();
        for mut held in have {
            held.record.at = as_stored(held.record.at);
            match &held.record.body {
                AnnotationBody::Tag { tag } => {
                    held_tags.entry((tag.clone(), held.stands())).or_default().push_back(held.record.id)
                }
                _ => unmatched.push(held),
            }
        }
        let mut take = |tag: &str, standing: bool| held_tags.get_mut(&(tag.to_string(), standing))?.pop_front();
        let notes = c
            .note
            .iter()
            .map(|n| (self.line(n), "note", n.get_ref().to_model(claim.id), n.get_ref().retraction.clone()));
        let verdicts = c
            .verdict
            .iter()
            .map(|v| (self.line(v), "verdict", v.get_ref().to_model(claim.id), v.get_ref().retraction.clone()));
        let listed: Vec<_> = notes.chain(verdicts).collect();
        let mut prepared = Vec::with_capacity(listed.len());
        for (at, field, proposed, retraction) in listed {
            match self.w.prepare_annotation(proposed) {
                Ok(proposed) => prepared.push((at, field, proposed, retraction)),
                Err(e) => self.refused(e, at, "claim", claim.key, field)?,
            }
        }
        // A note or verdict without `by` or `at` matches any. One with them
        // matches its own time first (every entry's, before any falls back),
        // else the same words by the same person at another time: a copy of
        // another ledger, whose importer's clock stamped the notes it holds.
        fn same_words<'a>(proposed: &'a Annotation) -> impl Fn(&Standing<Annotation>) -> bool + 'a {
            move |h| h.record.body == proposed.body && (proposed.by.is_empty() || proposed.by == h.record.by)
        }
        let mut exact: Vec<Option<Standing<Annotation>>> = Vec::with_capacity(prepared.len());
        for (_, _, proposed, retraction) in &prepared {
            let words = same_words(proposed);
            let same = |h: &Standing<Annotation>| words(h) && (proposed.at.is_empty() || proposed.at == h.record.at);
            exact.push(matching(&unmatched, same, retraction.is_none()).map(|i| unmatched.remove(i)));
        }
        for ((at, field, proposed, retraction), exact) in prepared.into_iter().zip(exact) {
            let same_words = same_words(&proposed);
            let found =
                exact.or_else(|| matching(&unmatched, same_words, retraction.is_none()).map(|i| unmatched.remove(i)));
            let id = match found {
                Some(held) => {
                    if !held.stands() {
                        // Retracted in the ledger: it stays so, and a retraction the file lacks is reported.
                        self.outcome.beyond.corrections += usize::from(retraction.is_none());
                        continue;
                    }
                    held.record.id
                }
                None => match self.w.add_annotation(proposed) {
                    Ok(Recorded::New(a)) => {
                        self.outcome.summary.annotations += 1;
                        a.id
                    }
                    Ok(Recorded::Unchanged(_)) => continue,
                    Err(e) => {
                        self.refused(e, at, "claim", claim.key, field)?;
                        continue;
                    }
                },
            };
            if let Some(retraction) = &retraction {
                let field = format!("{field}.retraction");
                if self.reason_given(at, claim.key, &field, retraction.reason.as_deref()) {
                    self.retract(at, claim.key, &field, |w| w.retract_annotation(retraction.to_model(id)))?;
                }
            }
        }
        // Tags it lost, then tags it has: each matches a removed tag, or one the claim has.
        for spanned in &c.untag {
            let (at, untag) = (self.line(spanned), spanned.get_ref());
            let tag = match self.w.prepare_annotation(tag_annotation(claim.id, &untag.tag)) {
                Ok(Annotation { body: AnnotationBody::Tag { tag }, .. }) => tag,
                Ok(_) => unreachable!("a tag is prepared as a tag"),
                Err(e) => {
                    self.refused(e, at, "claim", claim.key, "untag")?;
                    continue;
                }
            };
            if take(&tag, false).is_some() {
                continue;
            }
            let removal = FileRetraction { reason: untag.reason.clone(), by: untag.by.clone(), at: untag.at.clone() };
            // A tag the claim has: the file's removal is made.
            if let Some(held) = take(&tag, true) {
                self.retract(at, claim.key, "untag", |w| w.retract_annotation(removal.to_model(held)))?;
                continue;
            }
            match self.w.add_annotation(tag_annotation(claim.id, &tag)) {
                Ok(Recorded::New(added)) => {
                    self.outcome.summary.annotations += 1;
                    self.retract(at, claim.key, "untag", |w| w.retract_annotation(removal.to_model(added.id)))?;
                }
                Ok(Recorded::Unchanged(_)) => {}
                Err(e) => self.refused(e, at, "claim", claim.key, "untag")?,
            }
        }
        for tag in &c.tags {
            let tag = match self.w.prepare_annotation(tag_annotation(claim.id, tag)) {
                Ok(Annotation { body: AnnotationBody::Tag { tag }, .. }) => tag,
                Ok(_) => unreachable!("a tag is prepared as a tag"),
                Err(e) => {
                    self.refused(e, claim.line, "claim", claim.key, "")?;
                    continue;
                }
            };
            if take(&tag, true).is_some() {
                continue;
            }
            // Removed in the ledger: it stays so, and the removal the file lacks is reported.
            if take(&tag, false).is_some() {
                self.outcome.beyond.corrections += 1;
                continue;
            }
            match self.w.add_annotation(tag_annotation(claim.id, &tag)) {
                Ok(Recorded::New(_)) => self.outcome.summary.annotations += 1,
                Ok(Recorded::Unchanged(_)) => {}
                Err(e) => self.refused(e, claim.line, "claim", claim.key, "tags")?,
            }
        }
        let removed_tags: usize =
            held_tags.iter().filter(|((_, standing), _)| !standing).map(|(_, ids)| ids.len()).sum();
        self.outcome.beyond.annotations += unmatched.len() + held_tags.values().map(VecDeque::len).sum::<usize>();
        self.outcome.beyond.corrections += unmatched.iter().filter(|h| !h.stands()).count() + removed_tags;
        Ok(())
    }

    /// A claim's corrections: those the ledger holds are matched in the
    /// file's form (an amendment as the fields it changes, from `first`, the
    /// claim as first recorded); the rest are made, in file order, on the
    /// claim as it then reads. From a withdrawal that names a claim not in
    /// yet (one further on in the file), they wait until every claim is in.
    fn changes(
        &mut self,
        claim: &ClaimContext<'_>,
        file: &[Spanned<FileChange>],
        first: Claim,
        have: Vec<Correction>,
    ) -> Result<()> {
        let read = self.w.read();
        let mut version = first;
        // Each held change in the file's form, with the claim a withdrawal names as the one it repeats.
        let mut unmatched = Vec::new();
        for correction in &have {
            let duplicate_of = match correction {
                Correction::Withdrawn(w) => w.duplicate_of,
                _ => None,
            };
            let mut held = FileChange::from_model(read, &version, correction)?;
            held.at = held.at.map(as_stored);
            unmatched.push((held, duplicate_of));
            if let Correction::Amended(a) = correction {
                version = a.claim.clone();
            }
        }
        let mut waiting = false;
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
            // Matched as stored; a time that is none is the writer's to refuse.
            let given_at = change.at.clone().map(as_stored);
            let target = match &change.duplicate_of {
                Some(key) => Some(self.claim_by_key(key.get_ref())?),
                None => None,
            };
            // Without `by` or `at`, a change matches any; the claim it repeats
            // matches by any key that names it.
            let same = |(held, repeats): &(FileChange, Option<Id>)| {
                let names_it = match &target {
                    Some(Ok(id)) => *repeats == Some(*id),
                    _ => held.duplicate_of == change.duplicate_of,
                };
                names_it
                    && FileChange {
                        by: change.by.clone().or(held.by.clone()),
                        at: given_at.clone().or(held.at.clone()),
                        duplicate_of: held.duplicate_of.clone(),
                        ..change.clone()
                    } == *held
            };
            if let Some(i) = unmatched.iter().position(same) {
                unmatched.remove(i);
                continue;
            }
            waiting = waiting || matches!(target, Some(Err(Unresolved::Missing)));
            if waiting {
                let piece = self.piece.clone();
                let key = claim.key.to_string();
                self.deferred.push(Deferred { piece, claim: claim.id, key, change: spanned.clone() });
                continue;
            }
            self.make_change(claim.id, claim.key, spanned)?;
        }
        self.outcome.beyond.corrections += unmatched.len();
        Ok(())
    }

    /// Makes a change the ledger lacks on claim `id`, as the claim then reads.
    fn make_change(&mut self, id: Id, key: &str, spanned: &Spanned<FileChange>) -> Result<()> {
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

    /// The claim a key names: one of this file (by the key it ends with,
    /// else the key it was first recorded with), else the ledger's claim
    /// with that key now, else the one first recorded with it.
    fn claim_by_key(&self, key: &str) -> Result<Result<Id, Unresolved>> {
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
    fn claim_reference(&mut self, target: &Spanned<String>, record: (&str, &str), field: &str) -> Result<Option<Id>> {
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

    /// A link: added unless the ledger has it; a removal the file adds is made.
    fn link(&mut self, spanned: Spanned<FileLink>) -> Result<()> {
        let at = self.line(&spanned);
        let l = spanned.into_inner();
        let name = format!("{} {} {}", l.from.get_ref(), l.relation, l.to.get_ref());
        let from = self.claim_reference(&l.from, ("link", &name), "from")?;
        let to = self.claim_reference(&l.to, ("link", &name), "to")?;
        let (Some(from), Some(to)) = (from, to) else { return Ok(()) };
        // The ledger's links between the two, that the file has not named yet.
        let symmetric = matches!(l.relation, Relation::Contradicts | Relation::SameAs);
        let mut held = self.w.read().links_of(from)?;
        held.retain(|h| {
            let r = &h.record;
            let joins = (r.from == from && r.to == to) || (symmetric && r.from == to && r.to == from);
            joins && r.relation == l.relation && !self.links.contains(&r.id)
        });
        let link = match matching(&held, |_| true, l.removal.is_none()).map(|i| held.swap_remove(i)) {
            Some(held) => {
                self.links.insert(held.record.id);
                self.outcome.summary.unchanged += 1;
                if !held.stands() {
                    // Removed in the ledger: it stays so, and a removal the file lacks is reported.
                    self.outcome.beyond.corrections += usize::from(l.removal.is_none());
                    return Ok(());
                }
                held.record.id
            }
            None => match self.w.add_link(l.to_model(from, to)) {
                Ok(Recorded::New(link)) => {
                    self.outcome.summary.links += 1;
                    link.id
                }
                Ok(Recorded::Unchanged(id)) => id,
                Err(e) => return self.refused_link(e, at, &name, ""),
            },
        };
        self.links.insert(link);
        if let Some(removal) = &l.removal {
            if let Err(e) = self.w.remove_link(removal.to_model(link)) {
                return self.refused_link(e, at, &name, "removal");
            }
            self.outcome.summary.corrections += 1;
        }
        Ok(())
    }

    fn refused_link(&mut self, e: Error, line: usize, name: &str, field: &str) -> Result<()> {
        if !e.is_input_problem() {
            return Err(e);
        }
        let field = if field.is_empty() { String::new() } else { format!("{field}: ") };
        self.outcome.problems.push(Problem { line, message: format!("link '{name}': {field}{e}") });
        Ok(())
    }
}

/// A claim's figure fields, as a claim or an amendment gives them.
struct FigureFields<'f> {
    value: &'f Option<Spanned<Figure>>,
    range: &'f Option<[Spanned<Figure>; 2]>,
    qualifier: Option<Qualifier>,
    unit: &'f Option<String>,
}

/// Where a field that broke a rule is in a file: `field` in the record's
/// table `within` (`stance.quote`), or the table alone when no field did.
fn field_in_file(within: &str, field: Option<Field>) -> String {
    let name = match field {
        None => return within.to_string(),
        // A claim's tags and an actor's aliases are lists.
        Some(Field::Tag) if within.is_empty() => "tags",
        Some(Field::Alias) if within.is_empty() => "aliases",
        Some(field) => field.name(),
    };
    if within.is_empty() { name.to_string() } else { format!("{within}.{name}") }
}

/// Which of the ledger's records a file's entry matches: among those it says
/// the same as, one that stands or not as the entry says (`stands`: it has no
/// retraction or removal), else any.
fn matching<T>(held: &[Standing<T>], same: impl Fn(&Standing<T>) -> bool, stands: bool) -> Option<usize> {
    held.iter().position(|h| same(h) && h.stands() == stands).or_else(|| held.iter().position(same))
}

/// A time the ledger holds, as it is stored now: in UTC to the second (a
/// ledger from before kept a time with an offset as given), so that a file's
/// time matches it whatever the offset either was written with.
fn as_stored(at: String) -> String {
    check_time(&at).unwrap_or(at)
}

/// A tag on a claim, by whoever imports it.
fn tag_annotation(claim: Id, tag: &str) -> Annotation {
    Annotation {
        id: 0,
        claim,
        by: String::new(),
        at: String::new(),
        body: AnnotationBody::Tag { tag: tag.to_string() },
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

/// The ledger's claims whose key an amendment changed, by the file key each
/// was first recorded with (the oldest claim, where two were): its id and its
/// file key now, lowercase.
fn first_keys(read: crate::ledger::Reader<'_>) -> Result<HashMap<String, (Id, String)>> {
    let mut keys = HashMap::new();
    for crate::ledger::Rekeyed { id, first, now } in read.rekeyed_claims()? {
        let key = |k: Option<String>| super::file_key(RecordKind::Claim, id, k.as_deref()).to_lowercase();
        keys.entry(key(first)).or_insert((id, key(now)));
    }
    Ok(keys)
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
