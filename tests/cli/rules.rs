//! Every rule the ledger holds, through both doors: a record the command
//! line refuses is refused in a claims file too, with the same reason and
//! the line it is on, and nothing is written either way.

use crate::fixture::Workdir;
use crate::quotes::ARTICLE;

/// A rule: the command that breaks it, the claims file that breaks it (one
/// record, on line 1 unless said otherwise), and what both must say.
struct Rule {
    name: &'static str,
    cli: &'static [&'static str],
    file: &'static str,
    line: usize,
    says: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        name: "an alias names one actor",
        cli: &["actor", "add", "Other group", "--alias", "PMOI"],
        file: "[[actor]]\nkey = \"other\"\nname = \"Other group\"\nkind = \"organization\"\naliases = [\"PMOI\"]\n",
        line: 1,
        says: "alias 'PMOI' already names actor 'Mujahedeen-e-Khalq' (mek)",
    },
    Rule {
        name: "a name names one actor, whatever its case",
        cli: &["actor", "add", "SHAHIN GOBADI"],
        file: "[[actor]]\nkey = \"other\"\nname = \"SHAHIN GOBADI\"\nkind = \"person\"\n",
        line: 1,
        says: "name 'SHAHIN GOBADI' already names actor 'Shahin Gobadi' (gobadi)",
    },
    Rule {
        name: "an actor's name is not blank",
        cli: &["actor", "add", "   "],
        file: "[[actor]]\nkey = \"blank\"\nname = \"   \"\nkind = \"person\"\n",
        line: 1,
        says: "the name is empty",
    },
    Rule {
        name: "an actor speaks for an actor that exists",
        cli: &["actor", "add", "Someone", "--affiliation", "nobody"],
        file: "[[actor]]\nkey = \"someone\"\nname = \"Someone\"\nkind = \"person\"\naffiliation = \"nobody\"\n",
        line: 5,
        says: "no actor 'nobody'",
    },
    Rule {
        name: "a source's title is not blank",
        cli: &["source", "add", " "],
        file: "[[source]]\nkey = \"blank\"\ntitle = \" \"\n",
        line: 1,
        says: "the title is empty",
    },
    Rule {
        name: "a date exists",
        cli: &["source", "add", "Later report", "--published", "2023-02-30"],
        file: "[[source]]\nkey = \"later\"\ntitle = \"Later report\"\npublished = \"2023-02-30\"\n",
        line: 1,
        says: "'2023-02-30' is not a date",
    },
    Rule {
        name: "a claim's text is not blank",
        cli: &["claim", "add", "  ", "--source", "article"],
        file: "[[claim]]\nkey = \"blank\"\ntext = \"  \"\nsource = \"article\"\n",
        line: 1,
        says: "is empty",
    },
    Rule {
        name: "a key is typable",
        cli: &["claim", "add", "A claim", "--source", "article", "--key", "has space"],
        file: "[[claim]]\nkey = \"has space\"\ntext = \"A claim\"\nsource = \"article\"\n",
        line: 1,
        says: "'has space' cannot be a claim key",
    },
    Rule {
        name: "a key never reads as an id",
        cli: &["claim", "add", "A claim", "--source", "article", "--key", "C9"],
        file: "[[claim]]\nkey = \"C9\"\ntext = \"A claim\"\nsource = \"article\"\n",
        line: 1,
        says: "'C9' cannot be a key: it reads as an id",
    },
    Rule {
        name: "a key export makes from an id belongs to that record",
        cli: &["claim", "add", "A claim", "--source", "article", "--key", "claim-9"],
        file: "[[claim]]\nkey = \"claim-9\"\ntext = \"A claim\"\nsource = \"article\"\n",
        line: 1,
        says: "'claim-9' cannot be a key: export names records without a key that way",
    },
    Rule {
        name: "an about key is typable",
        cli: &["claim", "add", "A claim", "--source", "article", "--about", "raid deaths"],
        file: "[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"article\"\nabout = \"raid deaths\"\n",
        line: 1,
        says: "'raid deaths' cannot be an about key",
    },
    Rule {
        name: "a range runs upwards",
        cli: &["claim", "add", "A claim", "--source", "article", "--range", "12..5"],
        file: "[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"article\"\nrange = [12, 5]\n",
        line: 1,
        says: "range 12..5 runs backwards",
    },
    Rule {
        name: "a range is exact or about",
        cli: &["claim", "add", "A claim", "--source", "article", "--range", "1..3", "--qualifier", "at-least"],
        file: "[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"article\"\nrange = [1, 3]\nqualifier = \"at-least\"\n",
        line: 1,
        says: "a range cannot be qualified 'at-least'",
    },
    Rule {
        name: "a figure is one a double holds",
        cli: &["claim", "add", "A claim", "--source", "article", "--value", "123456789012345678901"],
        file: "[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"article\"\nvalue = 123456789012345678901.0\n",
        line: 5,
        says: "cannot be stored exactly",
    },
    Rule {
        name: "a quote is in its source's text",
        cli: &["claim", "add", "Two died", "--source", "report", "--quote", "two members were killed"],
        file: "[[claim]]\nkey = \"c\"\ntext = \"Two died\"\nsource = \"report\"\nquote = \"two members were killed\"\n",
        line: 5,
        says: "quote \"two members were killed\" is not in the text of source report",
    },
    Rule {
        name: "a tag is one word",
        cli: &["tag", "C1", "two words"],
        file: "[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"article\"\ntags = [\"two words\"]\n",
        line: 1,
        says: "'two words' cannot be a tag",
    },
    Rule {
        name: "a note is not blank",
        cli: &["note", "C1", "  "],
        file: "[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"article\"\n\n[[claim.note]]\ntext = \"  \"\n",
        line: 6,
        says: "is empty",
    },
    Rule {
        name: "a stance's date exists",
        cli: &["assert", "C1", "--by", "mek", "--date", "2023-13"],
        file: "[[claim]]\nkey = \"c\"\ntext = \"A claim\"\nsource = \"article\"\n\n[[claim.stance]]\nactor = \"mek\"\nstance = \"asserts\"\ndate = \"2023-13\"\n",
        line: 6,
        says: "'2023-13' is not a date",
    },
];

#[test]
fn every_rule_holds_at_the_command_line_and_in_a_claims_file() {
    let w = Workdir::new();
    w.death_claim();
    w.write_file("article.txt", ARTICLE);
    w.ok(&["source", "add", "Short report", "--key", "report", "--text-file", "article.txt"]);
    let events = w.event_count();
    for rule in RULES {
        let err = w.fails(1, rule.cli);
        assert!(err.contains(rule.says), "{}: the command line says:\n{err}", rule.name);
        w.write_file("rule.toml", rule.file);
        let err = w.fails(1, &["import", "rule.toml"]);
        let at = format!("rule.toml:{}: ", rule.line);
        assert!(
            err.lines().any(|l| l.starts_with(&at) && l.contains(rule.says)),
            "{}: the claims file says:\n{err}",
            rule.name
        );
        assert_eq!(w.event_count(), events, "{}", rule.name);
    }
}
