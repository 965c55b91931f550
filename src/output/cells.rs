//! A row's fields as CSV cells, rendered as [`super::cell_text`] renders
//! their JSON values, but straight from the row: building a JSON value for
//! every row cost a third of a large export.

use std::fmt::Write as _;

use serde::ser::{self, Impossible, Serialize, SerializeSeq, SerializeStruct, Serializer};

/// The cells of one row, in field order; reused from row to row.
#[derive(Default)]
pub(super) struct Cells {
    pub cells: Vec<String>,
    used: usize,
}

impl Cells {
    /// Renders `row`, a struct, into `cells`.
    pub fn render<R: Serialize>(&mut self, row: &R) -> Result<(), Unsupported> {
        self.used = 0;
        row.serialize(RowSerializer { cells: self })?;
        self.cells.truncate(self.used);
        Ok(())
    }

    fn next_cell(&mut self) -> &mut String {
        if self.used == self.cells.len() {
            self.cells.push(String::new());
        }
        let cell = &mut self.cells[self.used];
        self.used += 1;
        cell.clear();
        cell
    }
}

/// What the direct rendering does not handle (the caller falls back to JSON).
#[derive(Debug)]
pub(super) struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a flat row")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

struct RowSerializer<'c> {
    cells: &'c mut Cells,
}

impl SerializeStruct for RowSerializer<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, _: &'static str, value: &T) -> Result<(), Unsupported> {
        let cell = self.cells.next_cell();
        if value.serialize(CellSerializer { out: cell }).is_err() {
            // Nested objects and the like: as their JSON value renders.
            cell.clear();
            let value = serde_json::to_value(value).map_err(|_| Unsupported)?;
            cell.push_str(&super::cell_text(&value));
        }
        Ok(())
    }

    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

/// Rows are structs; anything else is not a row.
macro_rules! not_a_row {
    ($($method:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ret, Unsupported> { Err(Unsupported) })*
    };
}

impl<'c> Serializer for RowSerializer<'c> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = RowSerializer<'c>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Unsupported> {
        Ok(self)
    }

    not_a_row! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> (); serialize_i16(i16) -> (); serialize_i32(i32) -> (); serialize_i64(i64) -> ();
        serialize_u8(u8) -> (); serialize_u16(u16) -> (); serialize_u32(u32) -> (); serialize_u64(u64) -> ();
        serialize_f32(f32) -> (); serialize_f64(f64) -> ();
        serialize_char(char) -> (); serialize_str(&str) -> (); serialize_bytes(&[u8]) -> ();
        serialize_none() -> (); serialize_unit() -> (); serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), Unsupported> {
        Err(Unsupported)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, _: &T) -> Result<(), Unsupported> {
        Err(Unsupported)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
}

/// One cell's text: scalars as JSON writes them (strings bare), nothing as
/// empty, a list as its items joined by "; ".
struct CellSerializer<'s> {
    out: &'s mut String,
}

impl CellSerializer<'_> {
    fn number(self, n: impl std::fmt::Display) -> Result<(), Unsupported> {
        write!(self.out, "{n}").map_err(|_| Unsupported)
    }
}

/// The items of a list cell.
struct ListSerializer<'s> {
    out: &'s mut String,
    first: bool,
}

impl SerializeSeq for ListSerializer<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Unsupported> {
        if !self.first {
            self.out.push_str("; ");
        }
        self.first = false;
        value.serialize(CellSerializer { out: self.out })
    }

    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl<'s> Serializer for CellSerializer<'s> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = ListSerializer<'s>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Impossible<(), Unsupported>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.number(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        // As a JSON value holds it: a number that is not finite is null.
        match serde_json::Number::from_f64(v) {
            Some(n) => self.number(n),
            None => Ok(()),
        }
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.out.push(v);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        self.out.push_str(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<ListSerializer<'s>, Unsupported> {
        Ok(ListSerializer { out: self.out, first: true })
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct Row {
        id: String,
        n: i64,
        x: f64,
        whole: f64,
        missing: Option<String>,
        present: Option<u32>,
        flag: bool,
        names: Vec<String>,
        nested: Vec<Vec<i32>>,
        object: std::collections::BTreeMap<String, i32>,
        kind: Kind,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        AtLeast,
    }

    #[test]
    fn cells_read_as_the_json_values_do() {
        let row = Row {
            id: "C1".into(),
            n: -3,
            x: 2.5,
            whole: 12000.0,
            missing: None,
            present: Some(7),
            flag: true,
            names: vec!["Ana".into(), "Bo".into()],
            nested: vec![vec![1, 2], vec![3]],
            object: [("a".to_string(), 1)].into(),
            kind: Kind::AtLeast,
        };
        let mut cells = Cells::default();
        cells.render(&row).unwrap();
        let via_json: Vec<String> = match serde_json::to_value(&row).unwrap() {
            serde_json::Value::Object(map) => map.values().map(super::super::cell_text).collect(),
            _ => unreachable!(),
        };
        assert_eq!(cells.cells, via_json);
        assert_eq!(cells.cells[3], "12000.0");
        assert_eq!(cells.cells[8], "1; 2; 3");
    }
}
