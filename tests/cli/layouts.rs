//! The layouts people read, as snapshots reviewed like code: a claim's
//! dossier, the contested and figures tables, the log. Fixed width (100),
//! no colour. After a deliberate change, review and accept the new snapshots
//! (`INSTA_UPDATE=always cargo test layouts`, then read the diff).

use crate::fixture::Workdir;

/// The README's session: a claim asserted and disputed, a note, a tag, a
/// verdict, a conflicting figure.
fn session() -> Workdir {
    let w = Workdir::new();
    w.death_claim();
    w.ok(&["note", "C1", "Only the MEK's own spokesperson reports a death"]);
    w.ok(&["tag", "C1", "casualties"]);
    w.ok(&["verdict", "C1", "unproven", "--rationale", "No independent confirmation"]);
    w.ok(&[
        "claim",
        "add",
        "Nobody died",
        "--source",
        "article",
        "--about",
        "raid.deaths",
        "--value",
        "0",
        "--unit",
        "people",
        "--by",
        "albania",
    ]);
    w
}

#[test]
fn the_dossier() {
    insta::assert_snapshot!(session().ok(&["claim", "show", "C1"]));
}

#[test]
fn the_contested_table() {
    insta::assert_snapshot!(session().ok(&["contested"]));
}

#[test]
fn the_figures_table() {
    insta::assert_snapshot!(session().ok(&["figures"]));
}

#[test]
fn the_log() {
    insta::assert_snapshot!(session().ok(&["log"]));
}
