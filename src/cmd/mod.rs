//! One module per command group. Each turns its arguments into calls on the
//! ledger (reads through `Reader`, changes through one `Writer`), and its
//! results into sentences, tables and files.

pub mod actor;
pub mod annotate;
pub mod claim;
pub mod completions;
pub mod config;
pub mod contested;
pub mod corrections;
pub mod export;
pub mod import;
pub mod link;
pub mod log;
pub mod man;
pub mod report;
pub mod rows;
pub mod source;
pub mod stance;
pub mod suggest;
pub mod sync;
pub mod verify;

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ledger::{Access, Clock, Ledger};
use crate::output::{self, Format, Style};

/// Who records a change: the option of every command that records one in
/// the history (and of no other).
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct RecordArgs {
    /// Who records the changes [default: $CLAIMLEDGER_USER, else the login name]
    #[arg(long = "as", value_name = "NAME")]
    pub author: Option<String>,
}

/// What every command gets: where the ledger is, who is recording, the time,
/// and how to print.
pub struct Context {
    pub db: PathBuf,
    pub author: String,
    /// Where the time of each change comes from: read under the write lock.
    pub clock: Clock,
    pub style: Style,
    /// No progress bars.
    pub quiet: bool,
}

/// The name of the user this process runs as, from the password database:
/// for a process started without `USER` or `LOGNAME` (cron, a container).
fn login_name() -> Option<String> {
    let mut buffer = vec![0 as libc::c_char; 4096];
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: the buffer outlives the call and the name is copied out before
    // it goes; getpwuid_r writes only into what it is given.
    unsafe {
        let status = libc::getpwuid_r(libc::geteuid(), &mut entry, buffer.as_mut_ptr(), buffer.len(), &mut found);
        if status != 0 || found.is_null() || entry.pw_name.is_null() {
            return None;
        }
        std::ffi::CStr::from_ptr(entry.pw_name).to_str().ok().map(str::to_string)
    }
}

impl Context {
    /// The context of a run: the recorder is `--as`, else `CLAIMLEDGER_USER`,
    /// else the login name; the clock is this machine's, or `CLAIMLEDGER_NOW`.
    /// A command that records nothing looks up no recorder (the password
    /// database can take longer than the rest of a reading command).
    pub fn new(db: PathBuf, author: Option<String>, records: bool, style: Style, quiet: bool) -> Result<Context> {
        // Each in turn, skipping one set but empty (`USER=`).
        let given = |name: &str| std::env::var(name).ok();
        let author = match records {
            false => String::new(),
            true => [author, given("CLAIMLEDGER_USER"), given("USER"), given("LOGNAME")]
                .into_iter()
                .flatten()
                .chain(std::iter::from_fn(login_name).take(1))
                .map(|a| a.trim().to_string())
                .find(|a| !a.is_empty())
                .unwrap_or_else(|| "unknown".to_string()),
        };
        Ok(Context { db, author, clock: clock()?, style, quiet })
    }

    /// A progress bar for long work (see [`output::progress::Bar`]).
    pub fn progress(&self) -> output::progress::Bar {
        output::progress::Bar::new(self.quiet)
    }

    /// Opens the existing ledger to read it.
    pub fn open_read(&self) -> Result<Ledger> {
        Ledger::open(&self.db, Access::Read)
    }

    /// Opens the existing ledger to change it.
    pub fn open_write(&self) -> Result<Ledger> {
        Ledger::open(&self.db, Access::Write)
    }
}

/// This machine's clock, or the time `CLAIMLEDGER_NOW` fixes (for
/// reproducible runs and tests).
fn clock() -> Result<Clock> {
    match std::env::var("CLAIMLEDGER_NOW") {
        Ok(fixed) => fixed.trim().parse::<jiff::Timestamp>().map(Clock::fixed).map_err(|e| {
            Error::input_hint(
                format!("CLAIMLEDGER_NOW '{fixed}' is not a timestamp: {e}"),
                "write it in RFC 3339, like 2023-06-20T09:00:00Z",
            )
        }),
        Err(_) => Ok(Clock::system()),
    }
}

/// `init`: makes the ledger unless it exists.
pub fn init(ctx: &Context) -> Result<()> {
    if Ledger::init(&ctx.db)? {
        crate::say!("created ledger {}", ctx.db.display());
    } else {
        crate::say!("{} is already a ledger; left as it was", ctx.db.display());
    }
    Ok(())
}

/// Prints a record a command just created: its id alone, or with
/// `--format json` (or jsonl, csv) the whole record.
pub fn print_created<R: Serialize>(
    out: &mut dyn Write,
    ctx: &Context,
    format: Format,
    id: &str,
    record: impl FnOnce() -> Result<R>,
) -> Result<()> {
    match format {
        Format::Table => writeln!(out, "{id}").map_err(Error::from),
        _ => output::write_record(out, format, ctx.style, &record()?),
    }
}

/// An optional text option: trimmed, empty meaning absent.
pub fn optional_text(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// A field of a record being amended: unchanged when its option is not
/// given; `""` removes it.
pub fn amended(new: Option<String>, current: Option<String>) -> Option<String> {
    match new {
        None => current,
        Some(text) => optional_text(Some(text)),
    }
}

/// The words in use closest to `word`, nearest first: those that begin with
/// it or it with them (`devices` and `devices-seized`), and those a typo or
/// two away. Empty when `word` itself is in use.
pub fn closest<'k>(word: &str, in_use: &'k [(String, i64)]) -> Vec<&'k (String, i64)> {
    let word = word.to_lowercase();
    if in_use.iter().any(|(w, _)| w.to_lowercase() == word) {
        return Vec::new();
    }
    let mut near: Vec<(usize, &(String, i64))> = in_use
        .iter()
        .filter_map(|entry| {
            let known = entry.0.to_lowercase();
            let distance = strsim::levenshtein(&word, &known);
            let prefix = known.starts_with(&word) || word.starts_with(&known);
            // About one letter in five may be wrong, and at least two.
            let typo = distance <= (word.chars().count().min(known.chars().count()) / 5).max(2);
            (prefix || typo).then_some((distance, entry))
        })
        .collect();
    near.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.0.cmp(&b.1.0)));
    near.into_iter().take(3).map(|(_, entry)| entry).collect()
}

/// `KEY (N claims)` for each, joined.
pub fn counted(words: &[&(String, i64)]) -> String {
    let each: Vec<String> =
        words.iter().map(|(w, n)| format!("{w} ({n} {})", if *n == 1 { "claim" } else { "claims" })).collect();
    each.join(", ")
}

/// A note when a `--topic` filter names a topic no claim is on, which would
/// otherwise print an empty listing as if nothing were wrong: the topics in
/// use, the closest first.
pub fn note_unknown_topic(read: crate::ledger::Reader<'_>, topic: Option<&str>) -> Result<()> {
    let Some(topic) = topic else { return Ok(()) };
    let in_use = read.topics()?;
    if in_use.iter().any(|(t, _)| t.eq_ignore_ascii_case(topic)) {
        return Ok(());
    }
    let near = closest(topic, &in_use);
    let mut listed: Vec<&(String, i64)> = near.clone();
    listed.extend(in_use.iter().filter(|t| !near.contains(t)));
    const SHOWN: usize = 12;
    let more = listed.len().saturating_sub(SHOWN);
    listed.truncate(SHOWN);
    let topics = match listed.is_empty() {
        true => "no claim has a topic yet".to_string(),
        false if more > 0 => format!("the topics in use are {}, and {more} more", counted(&listed)),
        false => format!("the topics in use are {}", counted(&listed)),
    };
    crate::say!("note: no claim is on the topic '{topic}'; {topics}");
    Ok(())
}
