//! `export`: the ledger as a claims file, or its records as CSV or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::Context;
use crate::claims_file::TomlWriter;
use crate::error::{Error, Result};
use crate::ledger::records;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// The whole ledger as a claims file (TOML, or JSON)
    Ledger,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Toml,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export
    #[arg(value_enum)]
    pub what: ExportWhat,
    /// Write to this file (replaced whole, only once the export succeeded) instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format [default: toml for the ledger]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<ExportFormat>,
}

pub fn run(ctx: &Context, args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    let ledger = ctx.open()?;
    let conn = ledger.conn();
    let format = args.format.unwrap_or(ExportFormat::Toml);
    write_to(args.output.as_deref(), out, |out| match format {
        ExportFormat::Toml => {
            let mut toml = TomlWriter::new(out);
            records::for_each_source(conn, |s| toml.source(&s))?;
            records::for_each_actor(conn, |a| toml.actor(&a))?;
            records::for_each_claim(conn, |_, c| toml.claim(&c))
        }
        ExportFormat::Json => {
            out.write_all(b"{\"source\": [")?;
            let mut first = true;
            records::for_each_source(conn, |s| json_item(out, &mut first, &s))?;
            out.write_all(b"\n],\n\"actor\": [")?;
            first = true;
            records::for_each_actor(conn, |a| json_item(out, &mut first, &a))?;
            out.write_all(b"\n],\n\"claim\": [")?;
            first = true;
            records::for_each_claim(conn, |_, c| json_item(out, &mut first, &c))?;
            out.write_all(b"\n]}\n")?;
            Ok(())
        }
    })
}

fn json_item<T: serde::Serialize>(out: &mut dyn Write, first: &mut bool, item: &T) -> Result<()> {
    out.write_all(if *first { b"\n" } else { b",\n" })?;
    *first = false;
    serde_json::to_writer(&mut *out, item).map_err(|e| Error::input(format!("cannot write JSON: {e}")))
}

/// Runs `write` against stdout, or against a temporary file beside `path`
/// that replaces `path` only when everything was written.
pub fn write_to(
    path: Option<&Path>,
    stdout: &mut dyn Write,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let Some(path) = path else { return write(stdout) };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    let mut buffered = std::io::BufWriter::new(temp);
    write(&mut buffered).map_err(|e| match e {
        Error::Output(io) => Error::io(path, io),
        other => other,
    })?;
    let temp = buffered.into_inner().map_err(|e| Error::io(path, e.into_error()))?;
    temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}
