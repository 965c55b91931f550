//! Reading a claims file: its text, its lines, and its records one by one.

/// Finds the 1-based line of a byte offset: built once per file, since every
/// record of a large file asks.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { starts }
    }

    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

/// A file's text, or the line where it stops being UTF-8.
pub(super) fn decode(bytes: Vec<u8>) -> std::result::Result<String, usize> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        1 + valid.iter().filter(|&&b| b == b'\n').count()
    })
}

/// What a piece of a file holds, by its first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece {
    Source,
    Actor,
    Claim,
    Link,
    /// Comments before the first record.
    Preamble,
}

/// Byte ranges of the file's records: each starts at a top-level `[[source]]`,
/// `[[actor]]` or `[[claim]]` header (the first may hold only comments).
pub(super) fn split_records(text: &str) -> Vec<(Piece, std::ops::Range<usize>)> {
    let mut starts = vec![0];
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if pos > 0 && record_header(line).is_some() {
            starts.push(pos);
        }
        pos += line.len();
    }
    starts.push(text.len());
    starts
        .windows(2)
        .map(|w| w[0]..w[1])
        .filter(|r| !r.is_empty())
        .map(|r| (record_header(text[r.clone()].lines().next().unwrap_or_default()).unwrap_or(Piece::Preamble), r))
        .collect()
}

/// The record a line opens, if it is a top-level record header.
fn record_header(line: &str) -> Option<Piece> {
    // Most lines are fields: only a line starting with `[` can be a header.
    if !line.trim_start().starts_with('[') {
        return None;
    }
    let header: String = line.split('#').next().unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
    match header.as_str() {
        "[[source]]" => Some(Piece::Source),
        "[[actor]]" => Some(Piece::Actor),
        "[[claim]]" => Some(Piece::Claim),
        "[[link]]" => Some(Piece::Link),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_cut_at_its_record_headers() {
        let text = "# preamble\n[[source]]\nkey = \"s\"\n\n[[claim]]\nkey = \"a\"\n\n[[claim.stance]]\nactor = \"x\"\n  [[ claim ]] # spaced\nkey = \"b\"\n";
        let pieces = split_records(text);
        let kinds: Vec<Piece> = pieces.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, [Piece::Preamble, Piece::Source, Piece::Claim, Piece::Claim]);
        assert!(text[pieces[2].1.clone()].contains("[[claim.stance]]"), "nested tables stay with their claim");
        assert_eq!(pieces.iter().map(|(_, r)| &text[r.clone()]).collect::<String>(), text);
    }

    #[test]
    fn a_line_is_found_by_its_offset() {
        let lines = LineIndex::new("one\ntwo\nthree");
        assert_eq!([lines.line(0), lines.line(4), lines.line(9)], [1, 2, 3]);
        assert_eq!(decode(b"ok\nstill ok\nbad \xff".to_vec()), Err(3));
    }
}
