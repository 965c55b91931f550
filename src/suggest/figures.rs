//! The figures a sentence states: a number (digits or words, with "thousand"
//! and the like), or a range, its qualifier ("more than", "about") and what
//! it counts.

use serde::Serialize;

use super::words::Token;
use crate::model::Qualifier;

/// A figure as the sentence gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The words it is read from.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    pub qualifier: Qualifier,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// A year ("in 1979"): a date more than a quantity.
    #[serde(skip)]
    pub year: bool,
    /// Its first token in the sentence.
    #[serde(skip)]
    pub at: usize,
}

const SMALL: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
    ("zero", 0.0),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("bn", 1e9),
    ("m", 1e6),
    ("k", 1e3),
];

/// Units a figure may be followed by that do not end in "s".
const UNITS: &[&str] = &[
    "percent",
    "per",
    "%",
    "people",
    "km",
    "kg",
    "mph",
    "mw",
    "gw",
    "tonnes",
    "feet",
    "foot",
    "acre",
    "mile",
    "metre",
    "meter",
    "dollars",
    "euros",
    "pounds",
    "children",
    "men",
    "women",
    "police",
    "personnel",
    "staff",
    "cattle",
    "sq",
    "square",
    "barrels",
    "population",
    "year",
    "month",
    "week",
    "day",
    "hour",
    "minute",
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words that qualify a figure before it, longest first.
const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["more", "than"], Qualifier::MoreThan),
    (&["over"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["fewer", "than"], Qualifier::FewerThan),
    (&["less", "than"], Qualifier::FewerThan),
    (&["under"], Qualifier::FewerThan),
    (&["at", "most"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["nearly"], Qualifier::About),
    (&["almost"], Qualifier::About),
    (&["an", "estimated"], Qualifier::About),
    (&["estimated"], Qualifier::About),
    (&["close", "to"], Qualifier::About),
    (&["just", "over"], Qualifier::MoreThan),
    (&["just", "under"], Qualifier::FewerThan),
];

/// A number written in digits: "2,500", "3.5", "$40", "12%"; its value.
fn digits(word: &str) -> Option<f64> {
    let w = word.trim_start_matches(['$', '€', '£']);
    let w = w.trim_end_matches('%');
    if w.is_empty() || !w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if !w.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return None;
    }
    w.replace(',', "").parse().ok()
}

fn small(word: &str) -> Option<f64> {
    // "twenty-five"
    if let Some((a, b)) = word.split_once('-') {
        let a = SMALL.iter().find(|(w, _)| *w == a)?.1;
        let b = SMALL.iter().find(|(w, _)| *w == b)?.1;
        return (a >= 20.0 && b < 10.0).then_some(a + b);
    }
    SMALL.iter().find(|(w, _)| *w == word).map(|&(_, v)| v)
}

fn scale(word: &str) -> Option<f64> {
    SCALES.iter().find(|(w, _)| *w == word).map(|&(_, v)| v)
}

/// A number starting at token `i`: its value and the tokens it spans.
fn number(tokens: &[Token], i: usize) -> Option<(f64, usize)> {
    let t = &tokens[i];
    if !t.word {
        return None;
    }
    let mut value = digits(&t.text).or_else(|| small(&t.norm))?;
    let mut j = i + 1;
    // "two hundred thousand", "1.5 million", "twenty five"
    while j < tokens.len() && tokens[j].word {
        if let Some(s) = scale(&tokens[j].norm) {
            // "m" and "k" only glued to digits ("$5m" is one token, so rarely seen here).
            if tokens[j].norm.len() == 1 {
                break;
            }
            value *= s;
            j += 1;
        } else if let Some(v) = small(&tokens[j].norm).filter(|&v| v < 10.0 && (20.0..100.0).contains(&value)) {
            value += v;
            j += 1;
        } else {
            break;
        }
    }
    Some((value, j))
}

/// The figures of a sentence, in order.
pub fn figures(tokens: &[Token]) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // "one of", "no one", "the one": pronouns, not counts.
        let pronoun = tokens[i].norm == "one"
            && (tokens.get(i + 1).is_some_and(|n| n.is(&["of", "another", "who", "that"]))
                || i > 0 && tokens[i - 1].is(&["no", "the", "any", "every", "each", "this", "that"]));
        let after_month = i > 0 && tokens[i - 1].is(MONTHS);
        let hyphenated = tokens[i].text.contains('-') && digits(&tokens[i].text).is_none();
        let Some((mut value, mut j)) = (!pronoun && !after_month).then(|| number(tokens, i)).flatten() else {
            // "eight-year" and "10-day": a figure and its unit in one word.
            if hyphenated
                && let Some((n, unit)) = tokens[i].norm.split_once('-')
                && let Some(v) = small(n).or_else(|| digits(n))
                && unit.chars().all(char::is_alphabetic)
                && small(unit).is_none()
            {
                out.push(Figure {
                    text: tokens[i].text.clone(),
                    value: Some(v),
                    range: None,
                    qualifier: Qualifier::Exact,
                    unit: Some(unit.to_string()),
                    year: false,
                    at: i,
                });
            }
            i += 1;
            continue;
        };
        let first = i;
        let is_digits = digits(&tokens[i].text).is_some();
        // "1980s": a decade; "July 1": a date (skipped above).
        if tokens[i].text.ends_with('s') && is_digits {
            i = j;
            continue;
        }
        // A range: "between 10 and 20", "10 to 20", "10-20".
        let mut range = None;
        if j + 1 < tokens.len()
            && (tokens[j].is(&["to", "and"]) || tokens[j].punct("-–"))
            && let Some((high, k)) = number(tokens, j + 1)
            && high > value
            && (tokens[j].norm != "and" || first > 0 && tokens[first - 1].norm == "between")
        {
            range = Some([value, high]);
            j = k;
        }
        // Its qualifier, from the words before it.
        let mut qualifier = Qualifier::Exact;
        let mut from = first;
        if first > 0 && tokens[first - 1].norm == "between" {
            from = first - 1;
        }
        for (words, q) in QUALIFIERS {
            let n = words.len();
            if from >= n && tokens[from - n..from].iter().zip(words.iter()).all(|(t, w)| t.norm == *w) {
                qualifier = *q;
                from -= n;
                break;
            }
        }
        let text_percent = tokens[first].text.ends_with('%') || tokens.get(j).is_some_and(|t| t.norm == "%");
        let currency = tokens[first].text.starts_with(['$', '€', '£']);
        // A year: four digits from 1800 to 2100 that count nothing.
        let year = is_digits
            && range.is_none()
            && !tokens[first].text.contains([',', '.'])
            && (1800.0..=2100.0).contains(&value)
            && tokens[first].text.len() == 4;
        // What it counts: the first plural noun or unit in the next three words.
        let mut unit = None;
        if text_percent {
            unit = Some("percent".to_string());
            if tokens.get(j).is_some_and(|t| t.norm == "%") {
                j += 1;
            }
        } else if tokens.get(j).is_some_and(|t| t.is(&["percent", "per"])) {
            unit = Some("percent".to_string());
            j += 1;
            if tokens.get(j - 1).is_some_and(|t| t.norm == "per") && tokens.get(j).is_some_and(|t| t.norm == "cent") {
                j += 1;
            }
        } else if currency {
            unit = Some(
                match tokens[first].text.chars().next() {
                    Some('€') => "euros",
                    Some('£') => "pounds",
                    _ => "dollars",
                }
                .to_string(),
            );
        } else if !year {
            for t in tokens.iter().skip(j).take(3) {
                if !t.word || t.is(&["of", "and", "to", "in", "on", "at", "for", "from", "than"]) {
                    break;
                }
                let plural = t.norm.len() > 3 && t.norm.ends_with('s') && !t.norm.ends_with("ss") && !t.possessive();
                if plural || t.is(UNITS) {
                    unit = Some(t.norm.clone());
                    break;
                }
            }
            if unit.is_none() {
                // Else the first lowercase word after it that is no verb: "one MEK member".
                unit = tokens
                    .iter()
                    .skip(j)
                    .take(3)
                    .take_while(|t| t.word && digits(&t.text).is_none())
                    .find(|t| !t.capitalised())
                    .filter(|t| {
                        !t.is(&["of", "and", "or", "to", "in", "on", "at", "for", "from", "than", "a", "the"])
                            && !super::score::is_verbish(&t.norm)
                    })
                    .map(|t| t.norm.clone());
            }
        } else {
            unit = Some("year".to_string());
        }
        let text = words(tokens, from, j);
        if range.is_some() && !matches!(qualifier, Qualifier::Exact | Qualifier::About) {
            qualifier = Qualifier::Exact;
        }
        if let Some([low, _]) = range {
            value = low;
        }
        out.push(Figure {
            text,
            value: if range.is_some() { None } else { Some(value) },
            range,
            qualifier,
            unit,
            year,
            at: first,
        });
        i = j.max(i + 1);
    }
    out
}

/// The text of tokens `a..b` as written (spaces between words).
pub fn words(tokens: &[Token], a: usize, b: usize) -> String {
    let mut s = String::new();
    for (n, t) in tokens[a..b].iter().enumerate() {
        if n > 0 && !t.punct(",.%") {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = (Option<f64>, Option<[f64; 2]>, Qualifier, Option<String>);

    fn of(text: &str) -> Vec<Read> {
        let chars: Vec<char> = text.chars().collect();
        figures(&super::super::words::tokens(&chars))
            .into_iter()
            .map(|f| (f.value, f.range, f.qualifier, f.unit))
            .collect()
    }

    #[test]
    fn digits_words_scales_and_qualifiers() {
        assert_eq!(
            of("confiscating 150 computer devices")[0],
            (Some(150.0), None, Qualifier::Exact, Some("devices".into()))
        );
        assert_eq!(
            of("killed more than 12 thousand Iranian civilians")[0],
            (Some(12000.0), None, Qualifier::MoreThan, Some("civilians".into()))
        );
        assert_eq!(of("Some 2,500 Iranian exiles")[0], (Some(2500.0), None, Qualifier::About, Some("exiles".into())));
        assert_eq!(of("one MEK member was killed")[0], (Some(1.0), None, Qualifier::Exact, Some("member".into())));
        assert_eq!(of("at least twenty-five people")[0], (Some(25.0), None, Qualifier::AtLeast, Some("people".into())));
        assert_eq!(
            of("between 10 and 20 boats")[0],
            (None, Some([10.0, 20.0]), Qualifier::Exact, Some("boats".into()))
        );
        assert_eq!(of("rose 4.5% last year")[0], (Some(4.5), None, Qualifier::Exact, Some("percent".into())));
        assert_eq!(of("an eight-year war")[0], (Some(8.0), None, Qualifier::Exact, Some("year".into())));
        assert!(of("on July 1, one of them said, in the 1980s").is_empty());
        assert_eq!(of("built in 2019")[0].3.as_deref(), Some("year"));
    }
}
