//! `completions SHELL`: a script that teaches a shell claimledger's commands
//! and options, printed for the shell's own completion folder.

use std::io::Write;

use clap::Args;
use clap_complete::Shell;

use crate::error::Result;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints the completion script of `command` (the whole command line) for the shell.
pub fn run(args: CompletionsArgs, mut command: clap::Command, out: &mut dyn Write) -> Result<()> {
    let name = command.get_name().to_string();
    // clap_complete writes through a panic-free buffer; a failed write shows on flush.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, name, &mut script);
    out.write_all(&script)?;
    Ok(())
}
