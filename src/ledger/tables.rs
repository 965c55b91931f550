//! The registry of projection tables: what replay rebuilds and `verify`
//! compares, row by row in key order. A table added to schema.sql goes here
//! too; the test below fails until it does.

/// A table the history projects into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Sources,
    Actors,
    Aliases,
    Affiliations,
    Claims,
    Stances,
    Annotations,
    Links,
    ClaimEvents,
    Settings,
}

impl Table {
    /// Every projection table, in the order `verify` compares them.
    pub(crate) const ALL: [Table; 10] = [
        Table::Sources,
        Table::Actors,
        Table::Aliases,
        Table::Affiliations,
        Table::Claims,
        Table::Stances,
        Table::Annotations,
        Table::Links,
        Table::ClaimEvents,
        Table::Settings,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Table::Sources => "sources",
            Table::Actors => "actors",
            Table::Aliases => "aliases",
            Table::Affiliations => "affiliations",
            Table::Claims => "claims",
            Table::Stances => "stances",
            Table::Annotations => "annotations",
            Table::Links => "links",
            Table::ClaimEvents => "claim_events",
            Table::Settings => "settings",
        }
    }

    /// The columns that identify a row, its primary key, in order.
    pub(crate) fn key(self) -> &'static [&'static str] {
        match self {
            Table::Sources
            | Table::Actors
            | Table::Aliases
            | Table::Claims
            | Table::Stances
            | Table::Annotations
            | Table::Links => &["id"],
            Table::Affiliations => &["actor_id", "ancestor_id"],
            Table::ClaimEvents => &["claim_id", "seq"],
            Table::Settings => &["name"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table of the schema is a projection in the registry, or the history itself.
    #[test]
    fn every_table_of_the_schema_is_registered() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        super::super::migrate::create_schema(&conn).unwrap();
        let mut stmt = conn
            .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite%'")
            .unwrap();
        let mut names: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        names.retain(|n| n != "events");
        names.sort();
        let mut registered: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        registered.sort();
        assert_eq!(names, registered);
        // And each key is the table's primary key.
        for table in Table::ALL {
            let mut stmt = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{}') WHERE pk > 0 ORDER BY pk", table.name()))
                .unwrap();
            let pk: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
            assert_eq!(pk, table.key(), "{}", table.name());
        }
    }
}
