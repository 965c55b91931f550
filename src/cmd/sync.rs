//! `push DEST` and `pull SRC`: moving a ledger's records between a file and
//! a desk server, with no replication protocol of our own.

use std::path::PathBuf;

use clap::Args;

use super::{Context, RecordArgs};
use crate::claims_file::{import, write_toml};
use crate::error::{Error, Result};
use crate::ledger::{Access, Ledger};

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Where the records go: a server (postgresql://USER@HOST[:PORT]/DB) or a ledger file; made if missing
    pub dest: PathBuf,
    #[command(flatten)]
    pub record: RecordArgs,
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// The server ledger to mirror (postgresql://USER@HOST[:PORT]/DB); the ledger file is the mirror
    pub src: PathBuf,
}

/// Merges this ledger's records into DEST through the same path as `export
/// ledger | import`: records match by key and content, so a second push
/// changes nothing.
pub fn push(ctx: &Context, args: PushArgs) -> Result<()> {
    if args.dest == ctx.db {
        return Err(Error::input_hint("the ledger cannot be pushed into itself", "give another ledger as DEST"));
    }
    let folder = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let file = folder.path().join("push.toml");
    {
        let ledger = ctx.open_read()?;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).map_err(|e| Error::io(&file, e))?);
        write_toml(ledger.read(), &mut out)?;
        std::io::Write::flush(&mut out).map_err(|e| Error::io(&file, e))?;
    }
    let mut dest = if Ledger::names_server(&args.dest) {
        Ledger::open_server_creating(&args.dest)?
    } else {
        Ledger::init(&args.dest)?;
        Ledger::open(&args.dest, Access::Write)?
    };
    let options = import::Options { dry_run: false, allow_outside: false };
    let progress = ctx.progress();
    let outcome = import::import(&mut dest, &file, &ctx.author, &ctx.clock, options, &progress)?;
    drop(progress);
    if let Some(problem) = outcome.problems.first() {
        return Err(Error::input(format!(
            "{} refused this ledger's records ({} problem(s)); nothing was pushed: {}",
            args.dest.display(),
            outcome.problems.len(),
            problem.message
        )));
    }
    let s = outcome.summary;
    let added = s.sources + s.actors + s.claims + s.stances + s.annotations + s.links + s.corrections + s.settings;
    crate::say!("pushed {added} record(s) to {}; {} already there", args.dest.display(), s.unchanged);
    Ok(())
}

/// Makes or extends the --db file as a verbatim mirror of a server ledger.
pub fn pull(ctx: &Context, args: PullArgs) -> Result<()> {
    if !Ledger::names_server(&args.src) {
        return Err(Error::input_hint(
            format!("'{}' is not a server ledger", args.src.display()),
            "pull mirrors a server: postgresql://USER@HOST[:PORT]/DB; copy a file ledger as a file",
        ));
    }
    if Ledger::names_server(&ctx.db) {
        return Err(Error::input_hint("a mirror is a file", "name the mirror file with --db"));
    }
    let (seq, hash) = Ledger::mirror(&args.src, &ctx.db)?;
    crate::say!("{} mirrors {} at event {seq}", ctx.db.display(), args.src.display());
    println!("{seq}:{hash}");
    Ok(())
}
