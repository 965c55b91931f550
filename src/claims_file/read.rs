//! Reading a claims file: its records one by one, as pieces of text that
//! each start at a top-level header, so that a file of any size is read in
//! the memory of one record.

use std::io::BufRead;

/// Finds the 1-based line of a byte offset: built once per text, since every
/// record of a large text asks.
#[derive(Debug)]
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
    String::from_utf8(bytes).map_err(|e| 1 + newlines(&e.as_bytes()[..e.utf8_error().valid_up_to()]))
}

fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// What a piece of a file holds, by its first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece {
    Setting,
    Source,
    Actor,
    Claim,
    Link,
    /// Comments before the first record.
    Preamble,
}

/// Part of a file: one record with its nested tables, or all of it.
#[derive(Debug)]
pub(super) struct Text {
    pub kind: Piece,
    pub text: String,
    /// The file's line where the text starts, from 1.
    pub first_line: usize,
    /// How far into the file reading had got once the piece was read, in bytes.
    pub read_to: u64,
    lines: LineIndex,
}

impl Text {
    pub fn new(kind: Piece, text: String, first_line: usize) -> Text {
        let read_to = text.len() as u64;
        Text { kind, lines: LineIndex::new(&text), text, first_line, read_to }
    }

    /// The file's line of a byte offset into this text.
    pub fn line(&self, offset: usize) -> usize {
        self.first_line + self.lines.line(offset) - 1
    }
}

/// Why reading a piece stopped.
#[derive(Debug)]
pub(super) enum Stop {
    /// The file is not UTF-8 from this line on.
    NotUtf8(usize),
    Io(std::io::Error),
}

/// The file's pieces, in order: each starts at a top-level `[[setting]]`,
/// `[[source]]`, `[[actor]]`, `[[claim]]` or `[[link]]` header (the first may hold only
/// comments). Nested tables (`[[claim.stance]]`) stay with their record.
pub(super) struct Pieces<R> {
    input: R,
    /// Pieces of this kind are read over (checked, not kept).
    skip: Option<Piece>,
    line_bytes: Vec<u8>,
    /// The header line that starts the next piece, read already.
    pending: Option<(Piece, String)>,
    line: usize,
    bytes: u64,
    done: bool,
}

impl<R: BufRead> Pieces<R> {
    pub fn new(input: R) -> Pieces<R> {
        Pieces { input, skip: None, line_bytes: Vec::new(), pending: None, line: 1, bytes: 0, done: false }
    }

    /// Every piece but those of `kind`, which are still read to their end.
    pub fn skipping(input: R, kind: Piece) -> Pieces<R> {
        Pieces { skip: Some(kind), ..Pieces::new(input) }
    }

    /// The next line, in `line_bytes`; false at the end of the file.
    fn next_line(&mut self) -> Result<bool, Stop> {
        self.line_bytes.clear();
        let read = self.input.read_until(b'\n', &mut self.line_bytes).map_err(Stop::Io)?;
        if read == 0 {
            return Ok(false);
        }
        self.bytes += read as u64;
        if let Err(e) = std::str::from_utf8(&self.line_bytes) {
            return Err(Stop::NotUtf8(self.line + newlines(&self.line_bytes[..e.valid_up_to()])));
        }
        Ok(true)
    }

    fn piece(&mut self) -> Result<Option<Text>, Stop> {
        // A pending header's line was counted when it was read.
        let first_line = self.line - usize::from(self.pending.is_some());
        let (mut kind, mut text) = self.pending.take().unwrap_or((Piece::Preamble, String::new()));
        // A record is a few hundred bytes: grown once rather than line by line.
        text.reserve(512);
        let mut started = !text.is_empty();
        while self.next_line()? {
            self.line += 1;
            let line = std::str::from_utf8(&self.line_bytes).expect("checked as it was read");
            if let Some(header) = record_header(line) {
                if started {
                    self.pending = Some((header, line.to_string()));
                    return Ok(Some(self.text(kind, text, first_line)));
                }
                kind = header;
            }
            started = true;
            if Some(kind) != self.skip {
                text.push_str(line);
            }
        }
        self.done = true;
        Ok(started.then(|| self.text(kind, text, first_line)))
    }

    fn text(&self, kind: Piece, text: String, first_line: usize) -> Text {
        Text { read_to: self.bytes, ..Text::new(kind, text, first_line) }
    }
}

impl<R: BufRead> Iterator for Pieces<R> {
    type Item = Result<Text, Stop>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            match self.piece() {
                Ok(Some(text)) if Some(text.kind) == self.skip => continue,
                Ok(Some(text)) => return Some(Ok(text)),
                Ok(None) => return None,
                Err(stop) => {
                    self.done = true;
                    return Some(Err(stop));
                }
            }
        }
    }
}

/// The record a line opens, if it is a top-level record header.
fn record_header(line: &str) -> Option<Piece> {
    // Most lines are fields: only a line starting with `[` can be a header.
    if !line.trim_start().starts_with('[') {
        return None;
    }
    let header: String = line.split('#').next().unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
    match header.as_str() {
        "[[setting]]" => Some(Piece::Setting),
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

    fn pieces(text: &[u8]) -> Vec<Result<Text, Stop>> {
        Pieces::new(text).collect()
    }

    #[test]
    fn a_file_is_cut_at_its_record_headers() {
        let text = "# preamble\n[[source]]\nkey = \"s\"\n\n[[claim]]\nkey = \"a\"\n\n[[claim.stance]]\nactor = \"x\"\n  [[ claim ]] # spaced\nkey = \"b\"\n";
        let pieces: Vec<Text> = pieces(text.as_bytes()).into_iter().map(Result::unwrap).collect();
        let kinds: Vec<Piece> = pieces.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [Piece::Preamble, Piece::Source, Piece::Claim, Piece::Claim]);
        assert!(pieces[2].text.contains("[[claim.stance]]"), "nested tables stay with their claim");
        assert_eq!(pieces.iter().map(|p| p.text.as_str()).collect::<String>(), text);
        assert_eq!(pieces.iter().map(|p| p.first_line).collect::<Vec<_>>(), [1, 2, 5, 10]);
        assert_eq!(pieces[2].line(pieces[2].text.find("actor").unwrap()), 9);
    }

    #[test]
    fn a_file_that_starts_with_a_record_has_no_preamble() {
        let kinds: Vec<Piece> = pieces(b"[[claim]]\nkey = \"a\"\n").into_iter().map(|p| p.unwrap().kind).collect();
        assert_eq!(kinds, [Piece::Claim]);
    }

    #[test]
    fn lines_are_found_and_text_that_is_not_utf8_is_placed() {
        let lines = LineIndex::new("one\ntwo\nthree");
        assert_eq!([lines.line(0), lines.line(4), lines.line(9)], [1, 2, 3]);
        assert_eq!(decode(b"ok\nstill ok\nbad \xff".to_vec()), Err(3));
        let read = pieces(b"[[claim]]\nkey = \"a\"\n[[claim]]\ntext = \"\xff\"\n");
        assert!(matches!(read.last(), Some(Err(Stop::NotUtf8(4)))), "{read:?}");
    }

    #[test]
    fn skipped_pieces_are_read_over() {
        let text = "[[claim]]\nkey = \"a\"\n[[actor]]\nkey = \"x\"\n[[claim]]\nkey = \"b\"\n";
        let kept: Vec<Text> = Pieces::skipping(text.as_bytes(), Piece::Claim).map(Result::unwrap).collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(
            (kept[0].kind, kept[0].first_line, kept[0].text.as_str()),
            (Piece::Actor, 3, "[[actor]]\nkey = \"x\"\n")
        );
    }
}
