//! Reading a claims file for the importer, on a thread of its own: the
//! pieces that are not claims first, then the claims in batches.

use std::path::Path;
use std::sync::mpsc::SyncSender;

use super::super::ClaimsFile;
use super::super::read::{Piece, Pieces, Stop, Text, decode};

/// What reading the file hands the importer, in this order: the pieces that
/// are not claims (sources, actors, links: few), then `ClaimsFollow`, then
/// each claim's piece. The file is read and parsed on a thread of its own
/// while the importer writes.
pub(super) enum Delivery {
    Early(Box<(Text, ClaimsFile)>),
    ClaimsFollow,
    /// Claims' pieces, some at a time: handing them over one by one would
    /// wake the importer for each.
    Claims(Vec<(Text, ClaimsFile)>),
    /// The file, or a piece of it, has this problem: nothing is imported.
    Problem(usize, String),
    /// A piece does not parse alone: the whole file must be read at once.
    Unsplittable,
    Failed(std::io::Error),
}

/// Claims handed over at a time, and how many such batches may wait for the
/// importer: enough to keep both threads busy, few enough to keep memory flat.
const CLAIMS_A_BATCH: usize = 64;
pub(super) const QUEUED_BATCHES: usize = 4;

/// Reads the file for the importer: twice, record by record (first all but
/// the claims, then the claims), or, if `whole`, all at once.
pub(super) fn deliver(path: &Path, whole: bool, out: &SyncSender<Delivery>) {
    let open = || std::fs::File::open(path).map(|f| std::io::BufReader::with_capacity(1 << 16, f));
    let sent = (|| -> std::result::Result<(), Option<Delivery>> {
        let send = |d: Delivery| out.send(d).map_err(|_| None);
        if whole {
            let bytes = std::fs::read(path).map_err(|e| Some(Delivery::Failed(e)))?;
            let text = decode(bytes).map_err(|line| Some(not_utf8(line)))?;
            let text = Text::new(Piece::Preamble, text, 1);
            return match toml::from_str::<ClaimsFile>(&text.text) {
                Ok(file) => send(Delivery::Early(Box::new((text, file)))).and_then(|()| send(Delivery::ClaimsFollow)),
                Err(e) => {
                    let line = e.span().map(|s| text.line(s.start)).unwrap_or(1);
                    Err(Some(Delivery::Problem(line, e.message().trim().to_string())))
                }
            };
        }
        let pieces = |kind: Option<Piece>| {
            let input = open().map_err(|e| Some(Delivery::Failed(e)))?;
            Ok::<_, Option<Delivery>>(match kind {
                Some(kind) => Pieces::skipping(input, kind),
                None => Pieces::new(input),
            })
        };
        for piece in pieces(Some(Piece::Claim))? {
            let piece = piece.map_err(stopped)?;
            // Links are read with sources and actors, and made after the claims.
            let file = toml::from_str::<ClaimsFile>(&piece.text).map_err(|_| Some(Delivery::Unsplittable))?;
            send(Delivery::Early(Box::new((piece, file))))?;
        }
        send(Delivery::ClaimsFollow)?;
        let mut batch = Vec::with_capacity(CLAIMS_A_BATCH);
        for piece in pieces(None)? {
            let piece = piece.map_err(stopped)?;
            if piece.kind != Piece::Claim {
                continue;
            }
            match toml::from_str::<ClaimsFile>(&piece.text) {
                // A piece that holds anything but claims was split where it should not be.
                Ok(file)
                    if file.settings.is_empty()
                        && file.sources.is_empty()
                        && file.actors.is_empty()
                        && file.links.is_empty() =>
                {
                    batch.push((piece, file))
                }
                _ => return Err(Some(Delivery::Unsplittable)),
            }
            if batch.len() == CLAIMS_A_BATCH {
                send(Delivery::Claims(std::mem::replace(&mut batch, Vec::with_capacity(CLAIMS_A_BATCH))))?;
            }
        }
        send(Delivery::Claims(batch))
    })();
    if let Err(Some(last)) = sent {
        let _ = out.send(last);
    }
}

fn not_utf8(line: usize) -> Delivery {
    Delivery::Problem(line, "the file is not UTF-8 text from this line on".into())
}

fn stopped(stop: Stop) -> Option<Delivery> {
    Some(match stop {
        Stop::NotUtf8(line) => not_utf8(line),
        Stop::Io(e) => Delivery::Failed(e),
    })
}
