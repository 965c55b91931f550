//! How far long work has got, told to whoever shows it: the library says,
//! the command line draws (or not).

/// Hears about the progress of long work.
pub trait Progress {
    /// Work of `total` units (bytes of a file, events of a history) begins.
    fn begin(&self, what: &'static str, total: u64);
    /// `done` units of it are done.
    fn reached(&self, done: u64);
}
