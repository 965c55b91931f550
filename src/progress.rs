//! How far long work has got, told to whoever shows it: the library says,
//! the command line draws (or not).

/// Hears about the progress of long work.
pub trait Progress {
    /// Work of `total` units (bytes of a file, events of a history) begins.
    fn begin(&self, what: &'static str, total: u64);
    /// `done` units of it are done.
    fn reached(&self, done: u64);
}

/// Progress nobody watches.
pub struct Unwatched;

impl Progress for Unwatched {
    fn begin(&self, _: &'static str, _: u64) {}
    fn reached(&self, _: u64) {}
}
