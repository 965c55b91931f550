//! A progress bar on stderr for long work: drawn only on a terminal, only
//! once the work has taken about a second (short work stays quiet), never
//! with `--quiet`; cleared when the work ends.

use std::cell::{Cell, RefCell};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::progress::Progress;

/// How long work runs before its bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);

pub struct Bar {
    enabled: bool,
    started: Instant,
    what: Cell<&'static str>,
    total: Cell<u64>,
    bar: RefCell<Option<ProgressBar>>,
}

impl Bar {
    /// A bar that may appear, unless `quiet` or stderr is not a terminal.
    pub fn new(quiet: bool) -> Bar {
        Bar {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            what: Cell::new(""),
            total: Cell::new(0),
            bar: RefCell::new(None),
        }
    }
}

impl Progress for Bar {
    fn begin(&self, what: &'static str, total: u64) {
        self.what.set(what);
        self.total.set(total);
        if let Some(bar) = self.bar.borrow().as_ref() {
            bar.set_message(what);
            bar.set_length(total);
            bar.set_position(0);
        }
    }

    fn reached(&self, done: u64) {
        if !self.enabled {
            return;
        }
        let mut bar = self.bar.borrow_mut();
        if bar.is_none() && self.started.elapsed() >= SHOW_AFTER {
            let style = ProgressStyle::with_template("{msg:>10} [{bar:40}] {percent:>3}%, about {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            let shown = ProgressBar::with_draw_target(Some(self.total.get()), ProgressDrawTarget::stderr())
                .with_style(style)
                .with_message(self.what.get());
            *bar = Some(shown);
        }
        if let Some(bar) = bar.as_ref() {
            bar.set_position(done);
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.get_mut().take() {
            bar.finish_and_clear();
        }
    }
}
