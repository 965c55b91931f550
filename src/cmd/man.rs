//! `man`: the manual page, in roff, on stdout; or, with `--dir`, a page for
//! every command, as `man claimledger-claim-add` finds them.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::error::{Error, Result};

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write claimledger.1 and a page for every command (claimledger-claim-add.1, ...) into this
    /// folder, instead of claimledger.1 alone on stdout
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Prints the page of `command` (the whole command line), or writes every page into `--dir`.
pub fn run(args: ManArgs, command: clap::Command, out: &mut dyn Write) -> Result<()> {
    // `help` is a command of clap's, not a page of ours.
    let command = command.disable_help_subcommand(true);
    match args.dir {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            out.write_all(&page)?;
        }
        Some(dir) => {
            if !dir.is_dir() {
                return Err(Error::input_hint(
                    format!("no folder '{}'", dir.display()),
                    "make it first, like `mkdir -p ~/.local/share/man/man1`",
                ));
            }
            clap_mangen::generate_to(command, &dir).map_err(|e| Error::io(&dir, e))?;
            crate::say!("wrote the manual pages into {}", dir.display());
        }
    }
    Ok(())
}
