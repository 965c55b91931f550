//! The time a change is recorded at. It is read under the write lock, so
//! that writers waiting for each other record times in the order they
//! commit, and it is held to two bounds so that no single clock can stop a
//! desk: a time ahead of this machine's clock by more than [`MAX_SKEW`] is
//! refused, and a time behind the ledger's newest change by at most that
//! much is recorded as the newest change's time (see docs/history.md).

use std::cell::RefCell;

use jiff::{SignedDuration, Timestamp};

use crate::error::{Error, Result};

/// How far two clocks of one desk may disagree: the most a recorded time may
/// run ahead of this machine's clock, and the most a writer's clock may lag
/// the ledger's newest change and still be recorded (at that change's time).
/// One bound for both, so that a change recorded at the limit ahead never
/// leaves a correct clock more than this far behind it.
pub const MAX_SKEW: SignedDuration = SignedDuration::from_secs(5 * 60);

/// Where the time comes from.
#[derive(Debug)]
pub struct Clock {
    fixed: Option<Timestamp>,
    /// Set when a write recorded the newest change's time instead of this
    /// clock's: (this clock's time, the time recorded).
    held_back: RefCell<Option<(String, String)>>,
}

impl Clock {
    /// This machine's clock.
    pub fn system() -> Clock {
        Clock { fixed: None, held_back: RefCell::new(None) }
    }

    /// A fixed time (`CLAIMLEDGER_NOW`): reproducible runs and tests.
    pub fn fixed(at: Timestamp) -> Clock {
        Clock { fixed: Some(at), held_back: RefCell::new(None) }
    }

    /// Whether the time is fixed (`CLAIMLEDGER_NOW`) rather than read from a clock.
    pub fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }

    /// The time now, RFC 3339 in UTC to the second.
    pub fn now(&self) -> String {
        format_time(self.read())
    }

    fn read(&self) -> Timestamp {
        self.fixed.unwrap_or_else(Timestamp::now)
    }

    /// The time to record a change at, read under the write lock, given the
    /// ledger's newest change (None for an empty ledger).
    pub(super) fn time_for_change(&self, newest: Option<&str>) -> Result<String> {
        let now = self.read();
        let ahead = now.duration_since(Timestamp::now());
        if ahead > MAX_SKEW {
            return Err(Error::input_hint(
                format!(
                    "the time to record, {}, is {} ahead of this machine's clock; a change is never recorded in the future",
                    format_time(now),
                    describe(ahead)
                ),
                "correct CLAIMLEDGER_NOW or the system clock",
            ));
        }
        let now = format_time(now);
        let Some(newest) = newest else { return Ok(now) };
        // Times are RFC 3339 in UTC to the second: as strings they sort in time order.
        if now.as_str() >= newest {
            return Ok(now);
        }
        let behind = newest.parse::<Timestamp>().map(|n| n.duration_since(self.read())).unwrap_or(SignedDuration::MAX);
        if behind > MAX_SKEW {
            return Err(Error::input_hint(
                format!(
                    "the time now, {now}, is earlier than the ledger's newest change, {newest}, by {}",
                    describe(behind)
                ),
                "history only moves forward: check the system clock, or CLAIMLEDGER_NOW",
            ));
        }
        self.held_back.replace(Some((now, newest.to_string())));
        Ok(newest.to_string())
    }

    /// When a write recorded the ledger's newest time because this clock was
    /// a little behind it: (this clock's time, the time recorded).
    pub fn held_back(&self) -> Option<(String, String)> {
        self.held_back.borrow().clone()
    }
}

/// RFC 3339 in UTC to the second: the form every stored time has.
pub fn format_time(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A duration in the largest whole unit that fits: "3 s", "12 min", "5 h", "73 years".
fn describe(d: SignedDuration) -> String {
    let secs = d.as_secs();
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 2 * 3600 => format!("{} min", s / 60),
        s if s < 2 * 86_400 => format!("{} h", s / 3600),
        s if s < 730 * 86_400 => format!("{} days", s / 86_400),
        s => format!("{} years", s / (365 * 86_400)),
    }
}
