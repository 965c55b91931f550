//! Importing a claims file: every record through the ledger's `Writer`, so
//! the same rules hold as at the command line; every problem reported with
//! its line and field; all of it in one transaction, or nothing. A record
//! the ledger has already, with the same content, is left alone: the model's
//! own equality decides.
//!
//! This module drives an import; `delivery` reads the file on a thread of
//! its own, `records` imports sources, actors, claims and settings,
//! `reconcile` is the one routine for what the file carries beside them
//! (`entries`: stances, notes, verdicts, tags, links; `corrections`), and
//! `problems` words what is wrong at its line.

mod corrections;
mod delivery;
mod entries;
mod problems;
mod reconcile;
mod records;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::mpsc::Receiver;

use toml::Spanned;

use self::corrections::Deferred;
use self::delivery::{Delivery, QUEUED_BATCHES, deliver};
pub use self::problems::Problem;
use self::problems::one_problem;
use self::records::{first_keys, order_actors};
use super::read::{Piece, Text};
use super::{ClaimsFile, FileKeys, FileLink};
use crate::error::{Error, Result};
use crate::ledger::{Clock, Finish, Ledger, Writer, check_time};
use crate::model::{Annotation, AnnotationBody, Id, RecordKind};
use crate::progress::Progress;

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

/// Where a file's `text_file`s are found, whether they may lie outside it,
/// and who hears how far the import has got.
struct Base<'p> {
    folder: PathBuf,
    allow_outside: bool,
    progress: &'p dyn Progress,
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
            actor_changes: Vec::new(),
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
    /// Actors' corrections, made once every actor is in: a correction may
    /// name an actor further on as its new affiliation.
    actor_changes: Vec<corrections::ActorChanges>,
    outcome: Outcome,
}

/// A reference that could not be resolved, or whose target is faulty.
enum Unresolved {
    /// Already reported where the target is defined.
    Faulty,
    Missing,
}

impl Importer<'_, '_> {
    pub(super) fn line<T>(&self, spanned: &Spanned<T>) -> usize {
        self.piece.line(spanned.span().start)
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
        // Oldest first, so that corrections of different actors keep their order
        // (one may have to come before another's new affiliation is no loop).
        let mut changes = std::mem::take(&mut self.actor_changes);
        changes.sort_by_key(|c| c.first_at());
        for c in changes {
            self.piece = c.piece.clone();
            self.record_changes(RecordKind::Actor, c.id, &c.key, c.file, c.held)?;
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
