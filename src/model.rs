//! Plain domain types: the records of a ledger and their vocabularies.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// What kind of body an actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ActorKind {
    Person,
    Organization,
    Government,
    Media,
    Other,
}

/// Whether an actor stands behind a claim or contradicts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StanceKind {
    Asserts,
    Disputes,
}

/// How a stated figure bounds the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    Exact,
    About,
    AtLeast,
    MoreThan,
    AtMost,
    FewerThan,
}

/// A checker's rating of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    True,
    MostlyTrue,
    Mixed,
    MostlyFalse,
    False,
    Unproven,
}

macro_rules! vocabulary {
    ($ty:ty, $what:literal { $($variant:ident => $word:literal),* $(,)? }) => {
        impl $ty {
            /// The word used in the ledger, the CLI and every export.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word),* }
            }
            pub const ALL: &'static [$ty] = &[$(Self::$variant),*];
        }
        impl std::str::FromStr for $ty {
            type Err = Error;
            fn from_str(word: &str) -> Result<Self> {
                match word.trim().to_ascii_lowercase().as_str() {
                    $($word => Ok(Self::$variant),)*
                    _ => Err(Error::input_hint(
                        format!("unknown {} '{word}'", $what),
                        format!("use one of: {}", [$($word),*].join(", ")),
                    )),
                }
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(ActorKind, "actor kind" { Person => "person", Organization => "organization", Government => "government", Media => "media", Other => "other" });
vocabulary!(StanceKind, "stance" { Asserts => "asserts", Disputes => "disputes" });
vocabulary!(Qualifier, "qualifier" { Exact => "exact", About => "about", AtLeast => "at-least", MoreThan => "more-than", AtMost => "at-most", FewerThan => "fewer-than" });
vocabulary!(Rating, "rating" { True => "true", MostlyTrue => "mostly-true", Mixed => "mixed", MostlyFalse => "mostly-false", False => "false", Unproven => "unproven" });

/// A stated figure: a value (low = high) or a range, with its qualifier and unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    #[serde(with = "canonical_number")]
    pub low: f64,
    #[serde(with = "canonical_number")]
    pub high: f64,
    pub qualifier: Qualifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Quantity {
    /// Builds a quantity from the parts a user gives, rejecting nonsense.
    pub fn new(low: f64, high: f64, qualifier: Qualifier, unit: Option<String>) -> Result<Quantity> {
        for n in [low, high] {
            if !n.is_finite() || n < 0.0 {
                return Err(Error::input_hint(
                    format!("'{n}' is not a figure a claim can state"),
                    "figures are counts and measures: zero or more",
                ));
            }
        }
        if low > high {
            return Err(Error::input_hint(
                format!("range {low}..{high} runs backwards"),
                format!("write the lower bound first: {high}..{low}"),
            ));
        }
        if low != high && !matches!(qualifier, Qualifier::Exact | Qualifier::About) {
            return Err(Error::input_hint(
                format!("a range cannot be qualified '{qualifier}'"),
                "a range takes the qualifier exact or about; for an open bound use --value with at-least, more-than, at-most or fewer-than",
            ));
        }
        let unit = unit.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
        Ok(Quantity { low, high, qualifier, unit })
    }

    pub fn is_range(&self) -> bool {
        self.low != self.high
    }

    /// The quantity in words: "more than 12,000 civilians", "about 20 to 30 miles".
    pub fn words(&self) -> String {
        let prefix = match self.qualifier {
            Qualifier::Exact => "",
            Qualifier::About => "about ",
            Qualifier::AtLeast => "at least ",
            Qualifier::MoreThan => "more than ",
            Qualifier::AtMost => "at most ",
            Qualifier::FewerThan => "fewer than ",
        };
        let figure = if self.is_range() {
            format!("{} to {}", format_number(self.low), format_number(self.high))
        } else {
            format_number(self.low)
        };
        match &self.unit {
            Some(unit) => format!("{prefix}{figure} {unit}"),
            None => format!("{prefix}{figure}"),
        }
    }
}

/// Parses a figure typed by a user: digits with an optional decimal point.
pub fn parse_number(text: &str) -> Result<f64> {
    let trimmed = text.trim();
    let valid = !trimmed.is_empty()
        && trimmed.chars().all(|c| c.is_ascii_digit() || c == '.')
        && trimmed.chars().filter(|&c| c == '.').count() <= 1
        && trimmed.chars().any(|c| c.is_ascii_digit());
    match trimmed.parse::<f64>() {
        Ok(n) if valid => {
            check_exact(trimmed, n)?;
            Ok(n)
        }
        _ => Err(Error::input_hint(
            format!("'{text}' is not a number"),
            "write the figure in digits without separators, like 12000 or 2.5",
        )),
    }
}

/// Refuses a decimal figure that a 64-bit float would not give back: too
/// many digits (12345678901234567890), too small (1e-400, which would be 0).
/// A figure is compared by its digits, so 0.1 and 2.50 are exact.
pub fn check_exact(literal: &str, value: f64) -> Result<()> {
    match (decimal_digits(literal), decimal_digits(&value.to_string())) {
        (Some(written), Some(held)) if written != held => Err(Error::input_hint(
            format!("{} cannot be stored exactly: it would become {value}", literal.trim()),
            "figures are kept as 64-bit floating point: at most 15 significant digits, between 1e-300 and 1e300",
        )),
        _ => Ok(()),
    }
}

/// A plain decimal literal (digits, a point, an exponent; `_` separators as
/// TOML allows) as its significant digits and the power of ten of the last
/// one; None for anything else.
fn decimal_digits(text: &str) -> Option<(String, i64)> {
    let text: String = text.trim().trim_start_matches('+').chars().filter(|&c| c != '_').collect();
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (text.as_str(), 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits_only(int) || !digits_only(frac) {
        return None;
    }
    let digits = format!("{int}{frac}");
    let significant = digits.trim_start_matches('0');
    if significant.is_empty() {
        return Some(("0".into(), 0));
    }
    let kept = significant.trim_end_matches('0');
    let power = exponent - frac.len() as i64 + (significant.len() - kept.len()) as i64;
    Some((kept.to_string(), power))
}

/// Parses `LOW..HIGH`.
pub fn parse_range(text: &str) -> Result<(f64, f64)> {
    match text.split_once("..") {
        Some((low, high)) => Ok((parse_number(low)?, parse_number(high)?)),
        None => Err(Error::input_hint(format!("'{text}' is not a range"), "write a range as LOW..HIGH, like 9..12")),
    }
}

/// Digits with thousands separators from 10,000 up (so years read as years).
pub fn format_number(n: f64) -> String {
    let plain = n.to_string();
    let (int, frac) = match plain.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (plain, None),
    };
    let int = if int.len() > 4 {
        let mut out = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        int
    };
    match frac {
        Some(f) => format!("{int}.{f}"),
        None => int,
    }
}

/// Numbers in the canonical encoding: integral values as integers, others in
/// shortest round-trip form, so that `1` never becomes `1.0`.
pub mod canonical_number {
    use serde::{Deserialize, Deserializer, Serializer};

    const EXACT_INTEGER_LIMIT: f64 = 9_007_199_254_740_992.0; // 2^53

    pub fn serialize<S: Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
        if n.fract() == 0.0 && n.abs() < EXACT_INTEGER_LIMIT { s.serialize_i64(*n as i64) } else { s.serialize_f64(*n) }
    }

    pub fn serialize_option<S: Serializer>(n: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match n {
            Some(n) => serialize(n, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        f64::deserialize(d)
    }
}

/// Checks an ISO 8601 calendar date, full (2023-06-20) or reduced (2023-06, 2023).
pub fn parse_date(text: &str) -> Result<String> {
    let text = text.trim();
    let bad = || {
        Error::input_hint(
            format!("'{text}' is not a date"),
            "write an ISO 8601 date: YYYY-MM-DD, or YYYY-MM or YYYY when the day is not known",
        )
    };
    let full = match text.len() {
        4 if text.bytes().all(|b| b.is_ascii_digit()) => format!("{text}-01-01"),
        7 => format!("{text}-01"),
        10 => text.to_string(),
        _ => return Err(bad()),
    };
    full.parse::<jiff::civil::Date>().map_err(|_| bad())?;
    Ok(text.to_string())
}

/// The kinds of record a ledger holds, with the letter of their short ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Source,
    Actor,
    Claim,
    Stance,
    Annotation,
}

impl RecordKind {
    pub fn prefix(self) -> &'static str {
        match self {
            RecordKind::Source => "S",
            RecordKind::Actor => "A",
            RecordKind::Claim => "C",
            RecordKind::Stance => "T",
            RecordKind::Annotation => "N",
        }
    }

    /// "a source", "an actor", ...
    pub fn with_article(self) -> &'static str {
        match self {
            RecordKind::Source => "a source",
            RecordKind::Actor => "an actor",
            RecordKind::Claim => "a claim",
            RecordKind::Stance => "a stance",
            RecordKind::Annotation => "an annotation",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Source => "source",
            RecordKind::Actor => "actor",
            RecordKind::Claim => "claim",
            RecordKind::Stance => "stance",
            RecordKind::Annotation => "annotation",
        }
    }

    /// The short id users see and type: `C12`.
    pub fn id(self, id: i64) -> String {
        format!("{}{id}", self.prefix())
    }

    /// Reads a short id (`C12`, `c12`), if `text` is one of this kind.
    pub fn parse_id(self, text: &str) -> Option<i64> {
        let rest =
            text.strip_prefix(self.prefix()).or_else(|| text.strip_prefix(&self.prefix().to_ascii_lowercase()))?;
        if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        rest.parse().ok()
    }
}

/// Checks a user-chosen key: short, typable, and never mistakable for an id.
pub fn check_key(kind: RecordKind, key: &str) -> Result<String> {
    let key = key.trim();
    let typable = !key.is_empty()
        && key.len() <= 64
        && key.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !typable {
        return Err(Error::input_hint(
            format!("'{key}' cannot be {} key", kind.with_article()),
            "a key is up to 64 letters, digits, '-', '_' or '.', starting with a letter or digit",
        ));
    }
    // A letter of an id and digits reads as an id, even past i64's range.
    let looks_like_id =
        key.len() > 1 && "SACTNsactn".contains(&key[..1]) && key[1..].bytes().all(|b| b.is_ascii_digit());
    if looks_like_id {
        return Err(Error::input_hint(
            format!("'{key}' cannot be a key: it reads as an id"),
            "a key cannot be S, A, C, T or N followed by digits; choose another",
        ));
    }
    Ok(key.to_string())
}

/// Checks a key typed at the command line: also refuses the keys that
/// `export ledger` gives records without one (`claim-12`), so an export
/// always imports back.
pub fn check_user_key(kind: RecordKind, key: &str) -> Result<String> {
    let key = check_key(kind, key)?;
    let generated = ["source-", "actor-", "claim-"].iter().any(|prefix| {
        key.to_ascii_lowercase()
            .strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    if generated {
        return Err(Error::input_hint(
            format!("'{key}' cannot be a key: export names records without a key that way"),
            "choose another key",
        ));
    }
    Ok(key)
}

/// Lowercase with whitespace folded, in Unicode normal form C: how actor
/// names and aliases are compared ("Zoë" typed either way is one name).
pub fn normalize_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect::<String>().to_lowercase()
}

/// Text as stored: trimmed, in Unicode normal form C, so that the same words
/// typed on two keyboards are the same text.
pub fn normal_text(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.trim().nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantity_words() {
        let q = Quantity::new(12000.0, 12000.0, Qualifier::MoreThan, Some("civilians".into())).unwrap();
        assert_eq!(q.words(), "more than 12,000 civilians");
        let q = Quantity::new(1965.0, 1965.0, Qualifier::Exact, Some("year".into())).unwrap();
        assert_eq!(q.words(), "1965 year");
        let q = Quantity::new(2.5, 3.0, Qualifier::About, None).unwrap();
        assert_eq!(q.words(), "about 2.5 to 3");
    }

    #[test]
    fn nonsense_quantities_are_refused() {
        assert!(parse_number("abc").is_err());
        assert!(parse_number("12,000").is_err());
        assert!(parse_number("-3").is_err());
        assert!(parse_range("5..3").is_ok());
        assert!(Quantity::new(5.0, 3.0, Qualifier::Exact, None).is_err());
        assert!(Quantity::new(1.0, 3.0, Qualifier::AtLeast, None).is_err());
    }

    #[test]
    fn figures_a_double_cannot_hold_are_refused() {
        for exact in ["0.1", "2.50", "12000", "1e3", "0.00001", "9007199254740992"] {
            assert!(check_exact(exact, exact.parse().unwrap()).is_ok(), "{exact}");
        }
        for lossy in ["1e-400", "12345678901234567890", "9007199254740993", "0.10000000000000000001"] {
            assert!(check_exact(lossy, lossy.parse().unwrap()).is_err(), "{lossy}");
        }
        assert!(parse_number("123456789012345678901234").is_err());
    }

    #[test]
    fn dates_full_and_reduced() {
        assert!(parse_date("2023-06-20").is_ok());
        assert!(parse_date("2023-06").is_ok());
        assert!(parse_date("2023").is_ok());
        assert!(parse_date("2023-02-30").is_err());
        assert!(parse_date("June 2023").is_err());
    }

    #[test]
    fn keys_never_read_as_ids() {
        assert!(check_key(RecordKind::Claim, "raid.deaths").is_ok());
        assert!(check_key(RecordKind::Claim, "C12").is_err());
        assert!(check_key(RecordKind::Claim, "t3").is_err());
        assert!(check_key(RecordKind::Claim, "has space").is_err());
        assert_eq!(RecordKind::Claim.parse_id("c12"), Some(12));
    }
}
