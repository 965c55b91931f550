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

/// Where a claim stands on a fact-checking desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Unchecked,
    InProgress,
    Checked,
    Published,
}

/// A ledger setting: who publishes its checks (what a ClaimReview names as
/// the review's author).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
pub enum Setting {
    /// Who publishes the checks
    #[serde(rename = "publisher.name")]
    #[value(name = "publisher.name")]
    PublisherName,
    /// Where the checks are published
    #[serde(rename = "publisher.url")]
    #[value(name = "publisher.url")]
    PublisherUrl,
}

/// How one claim bears on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Both cannot be true.
    Contradicts,
    /// One backs the other up.
    Supports,
    /// The same claim, made again (in another source, or recorded twice).
    SameAs,
    /// One is a part of the other.
    PartOf,
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
vocabulary!(Status, "status" { Unchecked => "unchecked", InProgress => "in-progress", Checked => "checked", Published => "published" });
vocabulary!(Relation, "relation" { Contradicts => "contradicts", Supports => "supports", SameAs => "same-as", PartOf => "part-of" });
vocabulary!(Setting, "setting" { PublisherName => "publisher.name", PublisherUrl => "publisher.url" });
vocabulary!(Rating, "rating" { True => "true", MostlyTrue => "mostly-true", Mixed => "mixed", MostlyFalse => "mostly-false", False => "false", Unproven => "unproven" });

impl Relation {
    /// Whether `A rel B` says the same as `B rel A`: a link and its converse
    /// are one link for these.
    pub fn is_symmetric(self) -> bool {
        matches!(self, Relation::Contradicts | Relation::SameAs)
    }

    /// Whether the two claims it joins agree: linked so, two answers to one
    /// question do not conflict, and the two cannot also contradict each other.
    pub fn agrees(self) -> bool {
        matches!(self, Relation::SameAs | Relation::Supports)
    }

    /// Whether two claims cannot be linked both ways: one contradicting, the
    /// other agreeing.
    pub fn clashes_with(self, other: Relation) -> bool {
        (self == Relation::Contradicts && other.agrees()) || (self.agrees() && other == Relation::Contradicts)
    }
}

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
            if !n.is_finite() {
                return Err(Error::input_hint(
                    format!("'{n}' is not a figure a claim can state"),
                    "figures are counts and measures, in digits",
                ));
            }
        }
        // "At most N" allows everything from zero up to N: below zero it would have no lower end.
        if high < 0.0 && matches!(qualifier, Qualifier::AtMost | Qualifier::FewerThan) {
            return Err(Error::input_hint(
                format!("a figure below zero cannot be qualified '{qualifier}'"),
                format!("give the range it allows, like --range LOW..{}", format_number(high)),
            ));
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
}

// ---------------------------------------------------------------- records
//
// One type per entity. Their serde form is the history's: each is the data
// of the event that adds it (docs/history.md), references are ids. The
// ledger's tables hold them, its reads return them, and the claims file and
// the outputs are made from them.

/// A record's number: `C12` is claim 12.
pub type Id = i64;

/// A document where claims and stances appear, with its archived text when kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// A person or body that asserts or disputes; may speak for another actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Its home page, or a page that identifies it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A quote and, when the source's text is archived, where it stands in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
}

/// A quote's place in a source's archived text: code-point offsets and the
/// text just before and after, so it can be shown in context and found again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    pub start: i64,
    pub end: i64,
    pub before: String,
    pub after: String,
}

/// One checkable statement, where it first appears, and the figure it states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    pub source: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    /// The claim's answer in words, where it gives no figure ("in Tirana"):
    /// two claims on one question that answer it differently conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
}

/// An actor asserting or disputing a claim, as a source reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stance {
    pub id: i64,
    pub claim: i64,
    pub actor: i64,
    pub source: i64,
    pub stance: StanceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The earlier stance of the same actor on the same claim in the same source, now superseded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<i64>,
}

impl Stance {
    /// Whether two stances say the same: the same kind, source, quote and
    /// date. An actor repeating its current stance records nothing.
    pub fn says_the_same(&self, other: &Stance) -> bool {
        self.stance == other.stance
            && self.source == other.source
            && self.quote.as_ref().map(|q| &q.text) == other.quote.as_ref().map(|q| &q.text)
            && self.date == other.date
    }
}

/// A claim's verdict now, of its verdicts in the order they were recorded,
/// each with whether it stands: the latest that stands. Every listing,
/// dossier, report and export takes the verdict from here.
pub fn current_verdict<T>(verdicts: impl IntoIterator<Item = (T, bool)>) -> Option<T> {
    verdicts.into_iter().filter(|(_, stands)| *stands).last().map(|(verdict, _)| verdict)
}

/// A checker's note, tag or verdict on a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: i64,
    pub claim: i64,
    /// Who made the annotation and when: kept in the record, not only in the
    /// event, so that an imported annotation keeps its original checker.
    pub by: String,
    pub at: String,
    #[serde(flatten)]
    pub body: AnnotationBody,
}

/// What an annotation says: a note, a tag, or a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum AnnotationBody {
    Note {
        text: String,
    },
    Tag {
        tag: String,
    },
    Verdict {
        rating: Rating,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rationale: Option<String>,
        /// Where the review is published.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
}

/// A claim's new version, and why: what `claim amend` records. Its `id` and
/// `source` are the claim's own; every other field is as it now reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amendment {
    pub claim: Claim,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// A source's corrected description, and why: what `source amend` records.
/// Its key and archived text stay as they were (quotes are anchored to the
/// text); every field here is as it now reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceAmendment {
    pub source: Id,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<String>,
    pub reason: String,
    pub by: String,
    pub at: String,
}

impl SourceAmendment {
    /// The source as it reads after this correction.
    pub fn applied_to(&self, source: Source) -> Source {
        Source {
            title: self.title.clone(),
            publisher: self.publisher.clone(),
            url: self.url.clone(),
            published: self.published.clone(),
            retrieved: self.retrieved.clone(),
            ..source
        }
    }
}

/// An actor's new version, and why: what `actor amend` records. Its `id` and
/// `key` are the actor's own; every other field (all its aliases) as it now reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorAmendment {
    pub actor: Actor,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// A claim taken out of listings and reports (its history stays), or put back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Withdrawal {
    pub claim: Id,
    pub reason: String,
    /// The claim it repeats, when that is why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<Id>,
    pub by: String,
    pub at: String,
}

/// A withdrawn claim put back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Restoration {
    pub claim: Id,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// A claim's new status on the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    pub claim: Id,
    pub status: Status,
    pub by: String,
    pub at: String,
}

/// A setting's new value (none: unset), who set it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingChange {
    pub name: Setting,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub by: String,
    pub at: String,
}

/// A stance, annotation or link that no longer stands: the actor no longer
/// holds it, it was recorded in error, a tag was removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Retraction {
    /// The stance, annotation or link.
    pub record: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub by: String,
    pub at: String,
}

/// A correction to a claim: a new version, a withdrawal, a restoration, a
/// new status. The claims file writes them beside the claim, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Correction {
    Amended(Box<Amendment>),
    Withdrawn(Withdrawal),
    Restored(Restoration),
    StatusChanged(StatusChange),
}

impl Correction {
    /// The claim it corrects.
    pub fn claim(&self) -> Id {
        match self {
            Correction::Amended(a) => a.claim.id,
            Correction::Withdrawn(w) => w.claim,
            Correction::Restored(r) => r.claim,
            Correction::StatusChanged(s) => s.claim,
        }
    }
}

/// A stance, annotation or link, and its retraction if it no longer stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing<T> {
    pub record: T,
    pub retraction: Option<Retraction>,
}

impl<T> Standing<T> {
    pub fn stands(&self) -> bool {
        self.retraction.is_none()
    }
}

/// How one claim bears on another: C7 contradicts C45.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub id: Id,
    pub from: Id,
    pub relation: Relation,
    pub to: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub by: String,
    pub at: String,
}

/// Whether a web address is one a reader can follow and nothing else: an
/// absolute http or https URL with a host, without whitespace or control
/// characters (which a URL parser would quietly drop or escape). Checked
/// when a record is added, and again before the report makes a link of one,
/// since a ledger's older records were not held to it.
pub fn is_web_address(url: &str) -> bool {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((scheme, rest)) = url.split_once("://") else { return false };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host_port)| host_port);
    let (host, port) = match host_port.strip_prefix('[') {
        // An IPv6 literal: [::1]:8080.
        Some(literal) => match literal.split_once(']') {
            Some((address, after))
                if !address.is_empty() && address.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') =>
            {
                match after.strip_prefix(':') {
                    Some(port) => (address, Some(port)),
                    None if after.is_empty() => (address, None),
                    None => return false,
                }
            }
            _ => return false,
        },
        None => match host_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        },
    };
    // The characters a host may not hold (WHATWG's forbidden host code points).
    let forbidden = |c: char| matches!(c, '#' | '%' | '/' | ':' | '<' | '>' | '?' | '@' | '[' | '\\' | ']' | '^' | '|');
    let port_ok =
        port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()) && (p.is_empty() || p.parse::<u16>().is_ok()));
    !host.is_empty() && (host_port.starts_with('[') || !host.chars().any(forbidden)) && port_ok
}

/// A record as another record names it: its id, its key if it has one, and
/// its name (an actor's name, a source's title, a claim's text).
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub kind: RecordKind,
    pub id: Id,
    pub key: Option<String>,
    pub name: String,
}

impl Named {
    /// How people refer to it: its key, else its id (`gobadi`, `A2`).
    pub fn handle(&self) -> String {
        self.key.clone().unwrap_or_else(|| self.kind.id(self.id))
    }
}

impl std::fmt::Display for Named {
    /// `'Shahin Gobadi' (gobadi)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "'{}' ({})", self.name, self.handle())
    }
}

impl Serialize for Named {
    /// `{"id": "A2", "key": "gobadi", "name": "Shahin Gobadi"}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut named = s.serialize_struct("Named", 3)?;
        named.serialize_field("id", &self.kind.id(self.id))?;
        named.serialize_field("key", &self.key)?;
        named.serialize_field("name", &self.name)?;
        named.end()
    }
}

/// Parses a figure typed by a user: digits with an optional decimal point.
pub fn parse_number(text: &str) -> Result<f64> {
    let trimmed = text.trim();
    // A temperature or a change may be below zero.
    let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let valid = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    match trimmed.parse::<f64>() {
        Ok(n) if valid => {
            check_exact(trimmed, n)?;
            Ok(n)
        }
        _ => Err(Error::input_hint(
            format!("'{text}' is not a number"),
            "write the figure in digits without separators, like 12000, 2.5 or -3",
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
    let text: String = text.trim().trim_start_matches(['+', '-']).chars().filter(|&c| c != '_').collect();
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
    if n < 0.0 {
        return format!("-{}", format_number(-n));
    }
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

/// A field of the model's records, as a rule that a field broke names it
/// ([`crate::error::Error::Input`]). Each door names it in its own terms: the
/// command line as its option (`--duplicate-of`), a claims file as its field
/// (`duplicate_of`) at its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Key,
    Title,
    Publisher,
    Name,
    Kind,
    Affiliation,
    Alias,
    DropAlias,
    Text,
    Quote,
    Topic,
    About,
    Value,
    Range,
    Qualifier,
    Unit,
    Answer,
    Tag,
    Url,
    Published,
    Retrieved,
    Date,
    DuplicateOf,
    Reason,
    At,
}

impl Field {
    /// Its name in the model and in a claims file: `duplicate_of`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Key => "key",
            Field::Title => "title",
            Field::Publisher => "publisher",
            Field::Name => "name",
            Field::Kind => "kind",
            Field::Affiliation => "affiliation",
            Field::Alias => "alias",
            Field::DropAlias => "drop_alias",
            Field::Text => "text",
            Field::Quote => "quote",
            Field::Topic => "topic",
            Field::About => "about",
            Field::Value => "value",
            Field::Range => "range",
            Field::Qualifier => "qualifier",
            Field::Unit => "unit",
            Field::Answer => "answer",
            Field::Tag => "tag",
            Field::Url => "url",
            Field::Published => "published",
            Field::Retrieved => "retrieved",
            Field::Date => "date",
            Field::DuplicateOf => "duplicate_of",
            Field::Reason => "reason",
            Field::At => "at",
        }
    }
}

/// The kinds of record a ledger holds, with the letter of their short ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Source,
    Actor,
    Claim,
    Stance,
    Annotation,
    Link,
}

impl RecordKind {
    pub fn prefix(self) -> &'static str {
        match self {
            RecordKind::Source => "S",
            RecordKind::Actor => "A",
            RecordKind::Claim => "C",
            RecordKind::Stance => "T",
            RecordKind::Annotation => "N",
            RecordKind::Link => "L",
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
            RecordKind::Link => "a link",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Source => "source",
            RecordKind::Actor => "actor",
            RecordKind::Claim => "claim",
            RecordKind::Stance => "stance",
            RecordKind::Annotation => "annotation",
            RecordKind::Link => "link",
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
        key.len() > 1 && "SACTNLsactnl".contains(&key[..1]) && key[1..].bytes().all(|b| b.is_ascii_digit());
    if looks_like_id {
        return Err(Error::input_hint(
            format!("'{key}' cannot be a key: it reads as an id"),
            "a key cannot be S, A, C, T, N or L followed by digits; choose another",
        ));
    }
    Ok(key.to_string())
}

/// The key a claims file gives a record that has none: `claim-12`.
pub fn generated_key(kind: RecordKind, id: Id) -> String {
    format!("{}-{id}", kind.name())
}

/// The record number a key of the [`generated_key`] form names, if it is of that form.
pub fn generated_key_number(kind: RecordKind, key: &str) -> Option<Id> {
    let rest = key.to_ascii_lowercase().strip_prefix(&format!("{}-", kind.name()))?.to_string();
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

/// A character a reader cannot see: a control, or one Unicode says to
/// ignore when it cannot be shown ([`default_ignorable`]). A name may not
/// hold one, since two names differing only in it look the same; tables,
/// messages and the report show it escaped.
pub fn invisible(c: char) -> bool {
    c.is_control() || default_ignorable(c)
}

/// Unicode's Default_Ignorable_Code_Point: zero-width spaces, the soft
/// hyphen, direction marks and overrides, word joiners, the byte order mark,
/// the grapheme joiner, variation selectors, tags, Hangul fillers. The
/// joiners that shape Persian and Arabic words and emoji (U+200C, U+200D)
/// are letters' business, and left out.
pub fn default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
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
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let text = text.trim();
    // Most text is in normal form C already (all ASCII is): the quick check says so without rebuilding it.
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text.to_string();
    }
    text.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses() {
        for good in [
            "https://example.org/page",
            "HTTP://example.org",
            "http://example.org:8080/a?b=c#d",
            "https://user:pass@example.org/",
            "http://[::1]:8080/",
            "https://exämple.org/",
            "http://example.org:/",
        ] {
            assert!(is_web_address(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://example.org/",
            "factdesk",
            "www.example.org/raid",
            "https://",
            "https:///path",
            "http://exa mple.org",
            "https://fact\ndesk.example",
            " https://example.org",
            "http://example.org:99999/",
            "http://example.org:+80/",
            "http://exa<mple.org/",
            "http://[::1/",
            "http://[]/",
            "http:example.org",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn the_current_verdict_is_the_latest_that_stands() {
        assert_eq!(current_verdict([(1, true), (2, true), (3, false)]), Some(2));
        assert_eq!(current_verdict([(1, false)]), None::<i32>);
    }

    #[test]
    fn relations() {
        assert!(Relation::Contradicts.is_symmetric() && Relation::SameAs.is_symmetric());
        assert!(!Relation::Supports.is_symmetric() && !Relation::PartOf.is_symmetric());
        assert!(Relation::Supports.agrees() && Relation::SameAs.agrees());
        assert!(Relation::Contradicts.clashes_with(Relation::Supports));
        assert!(Relation::SameAs.clashes_with(Relation::Contradicts));
        assert!(!Relation::PartOf.clashes_with(Relation::Contradicts));
        assert!(!Relation::Contradicts.clashes_with(Relation::Contradicts));
    }

    #[test]
    fn nonsense_quantities_are_refused() {
        assert!(parse_number("abc").is_err());
        assert!(parse_number("12,000").is_err());
        assert_eq!(parse_number("-3").unwrap(), -3.0);
        assert!(parse_number("--3").is_err() && parse_number("-").is_err() && parse_number("3-").is_err());
        assert_eq!(format_number(-123456.0), "-123,456");
        assert!(Quantity::new(-3.0, -3.0, Qualifier::AtMost, None).is_err());
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
