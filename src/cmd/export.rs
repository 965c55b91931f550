//! `export`: the ledger as a claims file, or its records as CSV or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::Context;
use super::rows::{AnnotationRow, ClaimRow, ContestedRow, LinkRow, StanceRow};
use crate::claims_file;
use crate::error::{Error, Result};
use crate::ledger::ClaimFilter;
use crate::output::{Format, RowWriter};
use crate::publish;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// Every claim, one row each
    Claims,
    /// Every stance, superseded and retracted ones included
    Stances,
    /// The contested claims, as the contested report
    Contested,
    /// Every note, tag and verdict, retracted ones included
    Annotations,
    /// Every link between claims, removed ones included
    Links,
    /// The whole ledger as a claims file (TOML, or JSON)
    Ledger,
    /// Each claim with a verdict as a schema.org ClaimReview (JSON-LD)
    Claimreview,
    /// Each quote anchored in a source's text as a W3C Web Annotation (JSON-LD)
    Quotes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Jsonl,
    Toml,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export
    #[arg(value_enum)]
    pub what: ExportWhat,
    /// Write to this file (replaced whole, only once the export succeeded) instead of stdout; - is stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format [default: csv; toml for the ledger]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ExportFormat>,
    /// Write CSV cells exactly, even those a spreadsheet would run as formulas
    #[arg(long)]
    pub raw: bool,
    /// Begin CSV with a UTF-8 byte order mark, by which Excel knows the file is UTF-8
    #[arg(long)]
    pub bom: bool,
    /// Withdrawn claims too (marked), and their stances, annotations and links
    #[arg(long)]
    pub all: bool,
    /// Replace the -o file even when its name is not of this export's kind
    #[arg(long)]
    pub force: bool,
}

/// What an export writes, once its kind and format are known to fit.
enum Target {
    Claims(Format),
    Stances(Format),
    Contested(Format),
    Annotations(Format),
    Links(Format),
    LedgerToml,
    LedgerJson,
    ClaimReviews,
    WebAnnotations,
}

impl Target {
    /// The kind of file it makes, for the file `-o` would replace.
    fn kind(&self) -> OutputKind {
        use Target::*;
        match self {
            Claims(f) | Stances(f) | Contested(f) | Annotations(f) | Links(f) => match f {
                Format::Csv => OutputKind::CSV,
                Format::Json => OutputKind::JSON,
                Format::Jsonl => OutputKind::JSONL,
                Format::Table => OutputKind::TEXT,
            },
            LedgerToml => OutputKind::CLAIMS_TOML,
            LedgerJson | ClaimReviews | WebAnnotations => OutputKind::JSON,
        }
    }

    fn is_csv(&self) -> bool {
        use Target::*;
        matches!(self, Claims(f) | Stances(f) | Contested(f) | Annotations(f) | Links(f) if *f == Format::Csv)
    }
}

fn target(what: ExportWhat, format: Option<ExportFormat>, all: bool) -> Result<Target> {
    match what {
        ExportWhat::Contested if all => {
            return Err(Error::input_hint(
                "a withdrawn claim is never contested, so `export contested` takes no --all",
                "use `export claims --all` to export withdrawn claims",
            ));
        }
        ExportWhat::Claimreview | ExportWhat::Quotes if all => {
            return Err(Error::input_hint(
                "only claims that stand are published, so this export takes no --all",
                "leave out --all",
            ));
        }
        ExportWhat::Ledger if all => {
            return Err(Error::input_hint(
                "`export ledger` always writes withdrawn claims, marked, so it takes no --all",
                "leave out --all",
            ));
        }
        _ => {}
    }
    let rows = |make: fn(Format) -> Target| match format.unwrap_or(ExportFormat::Csv) {
        ExportFormat::Csv => Ok(make(Format::Csv)),
        ExportFormat::Json => Ok(make(Format::Json)),
        ExportFormat::Jsonl => Ok(make(Format::Jsonl)),
        ExportFormat::Toml => Err(Error::input_hint(
            "only the ledger exports as TOML",
            "use --format csv, json or jsonl, or `export ledger`",
        )),
    };
    match what {
        ExportWhat::Claims => rows(Target::Claims),
        ExportWhat::Stances => rows(Target::Stances),
        ExportWhat::Contested => rows(Target::Contested),
        ExportWhat::Annotations => rows(Target::Annotations),
        ExportWhat::Links => rows(Target::Links),
        ExportWhat::Claimreview | ExportWhat::Quotes => match format.unwrap_or(ExportFormat::Json) {
            ExportFormat::Json if what == ExportWhat::Claimreview => Ok(Target::ClaimReviews),
            ExportFormat::Json => Ok(Target::WebAnnotations),
            other => Err(Error::input_hint(
                format!(
                    "{} are written as JSON-LD, not {}",
                    if what == ExportWhat::Quotes { "quotes" } else { "reviews" },
                    format!("{other:?}").to_lowercase()
                ),
                "leave out --format, or give --format json",
            )),
        },
        ExportWhat::Ledger => match format.unwrap_or(ExportFormat::Toml) {
            ExportFormat::Toml => Ok(Target::LedgerToml),
            ExportFormat::Json => Ok(Target::LedgerJson),
            other => Err(Error::input_hint(
                format!("the ledger does not export as {other:?}").to_lowercase(),
                "use --format toml or json; export claims, stances, contested, annotations or links for CSV",
            )),
        },
    }
}

pub fn run(ctx: &Context, args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    let target = target(args.what, args.format, args.all)?;
    if args.bom && !target.is_csv() {
        return Err(Error::input_hint(
            "--bom marks CSV for spreadsheets, and this export is not CSV",
            "leave out --format (CSV is the default), or leave out --bom",
        ));
    }
    if args.raw && !target.is_csv() {
        return Err(Error::input_hint(
            "--raw turns off the neutralising of formula-like CSV cells, and this export is not CSV (JSON is always exact)",
            "leave out --raw",
        ));
    }
    let ledger = ctx.open_read()?;
    let read = ledger.read();
    let claims = ClaimFilter { all: args.all, ..ClaimFilter::default() };
    // Rows go out as the reads yield them: memory stays flat.
    let to = args.output.as_deref().map(|path| OutputFile { path, kind: target.kind(), force: args.force });
    write_to(to, &ctx.db, out, |out| match target {
        Target::Claims(format) => {
            let mut w = RowWriter::<ClaimRow>::new(out, format, ctx.style).raw_csv(args.raw).bom(args.bom);
            read.for_each_claim_entry(&claims, |e| w.write(&e.into()))?;
            w.finish()
        }
        Target::Stances(format) => {
            let mut w = RowWriter::<StanceRow>::new(out, format, ctx.style).raw_csv(args.raw).bom(args.bom);
            read.for_each_stance_entry(args.all, |e| w.write(&e.into()))?;
            w.finish()
        }
        Target::Contested(format) => {
            let mut w = RowWriter::<ContestedRow>::new(out, format, ctx.style).raw_csv(args.raw).bom(args.bom);
            read.for_each_contested(&claims, |e| w.write(&e.into()))?;
            w.finish()
        }
        Target::Annotations(format) => {
            let mut w = RowWriter::<AnnotationRow>::new(out, format, ctx.style).raw_csv(args.raw).bom(args.bom);
            read.for_each_annotation_entry(args.all, |e| w.write(&e.into()))?;
            w.finish()
        }
        Target::Links(format) => {
            let mut w = RowWriter::<LinkRow>::new(out, format, ctx.style).raw_csv(args.raw).bom(args.bom);
            read.for_each_link_entry(args.all, |e| w.write(&e.into()))?;
            w.finish()
        }
        Target::LedgerToml => claims_file::write_toml(read, out),
        Target::LedgerJson => claims_file::write_json(read, out),
        Target::ClaimReviews => {
            let gaps = publish::write_claimreviews(read, out)?;
            if gaps.reviews > 0 && gaps.without_publisher {
                crate::say!(
                    "note: the reviews name no author; say who publishes the checks with `claimledger config set publisher.name NAME` (and publisher.url)"
                );
            }
            if gaps.without_url > 0 {
                crate::say!(
                    "note: {} review(s) have no url; give a verdict the address it is published at with `verdict CLAIM RATING --url URL`",
                    gaps.without_url
                );
            }
            Ok(())
        }
        Target::WebAnnotations => publish::write_web_annotations(read, out).map(drop),
    })
}

/// A kind of file an output makes: what it is called, and the endings of the
/// names a file of that kind has.
#[derive(Debug, Clone, Copy)]
pub struct OutputKind {
    pub name: &'static str,
    pub endings: &'static [&'static str],
}

impl OutputKind {
    pub const CSV: OutputKind = OutputKind { name: "a CSV file", endings: &["csv", "tsv", "txt"] };
    pub const JSON: OutputKind = OutputKind { name: "a JSON file", endings: &["json", "jsonld"] };
    pub const JSONL: OutputKind = OutputKind { name: "a JSON lines file", endings: &["jsonl", "ndjson", "json"] };
    pub const TEXT: OutputKind = OutputKind { name: "a text file", endings: &["txt"] };
    pub const CLAIMS_TOML: OutputKind = OutputKind { name: "a claims file", endings: &["toml"] };
    pub const HTML: OutputKind = OutputKind { name: "an HTML page", endings: &["html", "htm"] };

    fn fits(&self, path: &Path) -> bool {
        let ending = path.extension().map(|e| e.to_string_lossy().to_lowercase());
        ending.is_some_and(|e| self.endings.contains(&e.as_str()))
    }
}

/// Where `-o` writes, and what.
pub struct OutputFile<'a> {
    /// The path given.
    pub path: &'a Path,
    pub kind: OutputKind,
    /// Replace a file of another kind.
    pub force: bool,
}

/// Runs `write` against stdout, or against a temporary file beside the
/// output's path that replaces it only when everything was written. A link is
/// followed (the file it names is replaced, not the link); a pipe or a device
/// (`-o /dev/stdout`) is written into as it is; the ledger and its companion
/// files, a folder, a link to nothing, and (without `force`) a file whose
/// name is not of the output's kind are refused before anything is written.
pub fn write_to(
    output: Option<OutputFile<'_>>,
    ledger: &Path,
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let Some(OutputFile { path: given, kind, force }) = output else { return write(stdout) };
    // `-o -` is standard output, as in xsv and sqlite-utils; `./-` names a file.
    if given == Path::new("-") {
        return write(stdout);
    }
    // The process's own streams, as they were handed to it (a file opened
    // for appending stays appended to).
    if given == Path::new("/dev/stdout") {
        return write(stdout);
    }
    if given == Path::new("/dev/stderr") {
        return write(&mut std::io::stderr());
    }
    let path = match Destination::of(given, ledger, kind, force)? {
        Destination::Stream => {
            // Appending: whatever the stream is, what it held stays.
            let file = std::fs::OpenOptions::new().append(true).open(given).map_err(|e| Error::io(given, e))?;
            let mut buffered = std::io::BufWriter::new(file);
            write(&mut buffered).map_err(failed_at(given))?;
            return buffered.flush().map_err(|e| Error::io(given, e));
        }
        Destination::File(path) => path,
    };
    crate::files::replace_whole(&path, given, write)
}

/// Whether the file `meta` describes is the ledger or one of its companion
/// files, under any name (a link, a hard link, another path).
fn is_ledger(meta: &std::fs::Metadata, ledger: &Path) -> bool {
    let same = |other: &Path| match std::fs::metadata(other) {
        #[cfg(unix)]
        Ok(other) => {
            use std::os::unix::fs::MetadataExt;
            (other.dev(), other.ino()) == (meta.dev(), meta.ino())
        }
        #[cfg(not(unix))]
        Ok(other) => other.len() == meta.len() && other.modified().ok() == meta.modified().ok(),
        Err(_) => false,
    };
    ["", "-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut name = ledger.as_os_str().to_owned();
        name.push(suffix);
        same(Path::new(&name))
    })
}

/// Whether `given` is the name of one of the ledger's companion files
/// (`-wal`, `-shm`, `-journal`), in the ledger's folder.
fn names_a_companion(given: &Path, ledger: &Path) -> bool {
    let folder = |p: &Path| {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::canonicalize(dir).ok()
    };
    let (Some(name), Some(ledger_name)) = (given.file_name(), ledger.file_name()) else { return false };
    ["-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut companion = ledger_name.to_owned();
        companion.push(suffix);
        companion == name
    }) && folder(given).is_some_and(|d| Some(d) == folder(ledger))
}

/// An output error named by the file it was writing, not as stdout's.
fn failed_at(path: &Path) -> impl Fn(Error) -> Error + '_ {
    move |e| match e {
        Error::Output(io) => Error::io(path, io),
        other => other,
    }
}

/// Where `-o` writes.
enum Destination {
    /// A file, new or replaced whole: the path given, or the file a link names.
    File(std::path::PathBuf),
    /// A pipe or a device, written into.
    Stream,
}

impl Destination {
    fn of(given: &Path, ledger: &Path, kind: OutputKind, force: bool) -> Result<Destination> {
        let refuse = |what: &str, hint: &str| {
            Err(Error::input_hint(format!("'{}' {what}; nothing was written", given.display()), hint))
        };
        // A companion's name, though no such file is there now: SQLite would
        // take it for the ledger's own, and delete or replay it.
        if names_a_companion(given, ledger) {
            return refuse(
                "is the name of one of the ledger's own files, which SQLite would take for its own",
                "write to another file",
            );
        }
        let link = match std::fs::symlink_metadata(given) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Destination::File(given.to_path_buf())),
            Err(e) => return Err(Error::io(given, e)),
            Ok(meta) => meta.file_type().is_symlink(),
        };
        // What the path names, through any links.
        let meta = match std::fs::metadata(given) {
            Err(e) if link && e.kind() == std::io::ErrorKind::NotFound => {
                return refuse("is a link to nothing", "give the path of a file, or remove the link");
            }
            Err(e) => return Err(Error::io(given, e)),
            Ok(meta) => meta,
        };
        if meta.is_dir() {
            return refuse("is a folder", "give a file name, like -o folder/export.csv");
        }
        // A device, a pipe, or a file reached through the system's own
        // folders (/dev/fd/3, /proc/self/fd/1): written into, never replaced.
        if !meta.is_file() || given.starts_with("/dev") || given.starts_with("/proc") {
            return Ok(Destination::Stream);
        }
        let target =
            if link { std::fs::canonicalize(given).map_err(|e| Error::io(given, e))? } else { given.to_path_buf() };
        if is_ledger(&meta, ledger) {
            return refuse(
                "is the ledger (or one of its files), which the output would replace",
                "write to another file",
            );
        }
        if !force && meta.len() > 0 && !kind.fits(&target) {
            return refuse(
                &format!("exists and is not named as {}, which the output would replace", kind.name),
                &format!(
                    "give a new file, or one whose name ends in .{}; --force replaces it anyway",
                    kind.endings.join(", .")
                ),
            );
        }
        Ok(Destination::File(target))
    }
}
