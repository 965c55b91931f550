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

/// The environment variables claimledger reads, and what each does.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "CLAIMLEDGER_DB",
        "The ledger: a file, or a desk server's postgresql://USER@HOST[:PORT]/DB (as --db, which wins).",
    ),
    ("CLAIMLEDGER_USER", "Who records the changes when --as is not given; else the login name (USER, LOGNAME)."),
    (
        "CLAIMLEDGER_NOW",
        "A fixed time for every change, in RFC 3339 (2023-06-20T09:00:00Z), instead of the clock: for \
         reproducible runs and tests.",
    ),
    ("NO_COLOR", "When set, no bold or colour on a terminal (as CLICOLOR=0 and TERM=dumb)."),
    (
        "XDG_CACHE_HOME",
        "Where a desk server ledger's local replica is kept: $XDG_CACHE_HOME/claimledger/, else \
         ~/.cache/claimledger/.",
    ),
    ("PGPASSFILE", "The password file of libpq (mode 0600) a desk server's password is read from; else ~/.pgpass."),
    (
        "CLAIMLEDGER_PASSWORD_FILE",
        "A file whose first line is the desk server's password, when the password file of libpq has none.",
    ),
];

/// Text as roff prints it: a hyphen is a minus sign (options are typed with one), a backslash is
/// escaped, an apostrophe is the page's own (`\*(Aq`, defined at its top), and no line starts a request.
fn roff_text(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-").replace('\'', "\\*(Aq");
    if text.starts_with('.') { format!("\\&{text}") } else { text }
}

/// The sections after the commands: EXAMPLES, EXIT STATUS and ENVIRONMENT, as a man page has them.
fn closing_sections() -> String {
    let mut roff = String::from(".SH EXAMPLES\n");
    for (line, what) in crate::cli::EXAMPLES {
        roff.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff_text(line), roff_text(what)));
    }
    roff.push_str(".SH \"EXIT STATUS\"\n");
    for (code, when) in crate::error::EXIT_CODES {
        roff.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", roff_text(when)));
    }
    roff.push_str(".SH ENVIRONMENT\n");
    for (name, what) in ENVIRONMENT {
        roff.push_str(&format!(".TP\n\\fB{}\\fR\n{}\n", roff_text(name), roff_text(what)));
    }
    roff
}

/// The page of the whole command line: clap's sections, then ours in place of the --help epilogue
/// (which man would reflow as one EXTRA block), before VERSION.
fn top_page(command: clap::Command) -> Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command.after_help(None::<&str>)).render(&mut page)?;
    // clap_mangen writes the command's own (UTF-8) text.
    let page = String::from_utf8_lossy(&page);
    let at = page.find("\n.SH VERSION").map_or(page.len(), |i| i + 1);
    Ok(format!("{}{}{}", &page[..at], closing_sections(), &page[at..]).into_bytes())
}

/// Prints the page of `command` (the whole command line), or writes every page into `--dir`.
pub fn run(args: ManArgs, command: clap::Command, out: &mut dyn Write) -> Result<()> {
    // `help` is a command of clap's, not a page of ours.
    let command = command.disable_help_subcommand(true);
    match args.dir {
        None => out.write_all(&top_page(command)?)?,
        Some(dir) => {
            if !dir.is_dir() {
                return Err(Error::input_hint(
                    format!("no folder '{}'", dir.display()),
                    "make it first, like `mkdir -p ~/.local/share/man/man1`",
                ));
            }
            clap_mangen::generate_to(command.clone(), &dir).map_err(|e| Error::io(&dir, e))?;
            let top = dir.join(clap_mangen::Man::new(command.clone()).get_filename());
            std::fs::write(&top, top_page(command)?).map_err(|e| Error::io(&top, e))?;
            crate::say!("wrote the manual pages into {}", dir.display());
        }
    }
    Ok(())
}
