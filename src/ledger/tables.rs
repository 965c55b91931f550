//! The registry of projection tables: what replay rebuilds, what `verify`
//! compares, and what ties a row to a claim for the claim's history. A table
//! added to schema.sql goes here too; the test below fails until it does.

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
}

impl Table {
    /// Every projection table, in the order `verify` compares them.
    pub(crate) const ALL: [Table; 7] = [
        Table::Sources,
        Table::Actors,
        Table::Aliases,
        Table::Affiliations,
        Table::Claims,
        Table::Stances,
        Table::Annotations,
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
        }
    }

    /// The column naming the claim a row belongs to, for tables whose rows
    /// are made by a claim's events.
    pub(crate) fn claim_column(self) -> Option<&'static str> {
        match self {
            Table::Claims => Some("id"),
            Table::Stances | Table::Annotations => Some("claim_id"),
            Table::Sources | Table::Actors | Table::Aliases | Table::Affiliations => None,
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
    }
}
