//! Large reads as one JSON document. sqlx hands rows over one at a time: each crosses from the
//! database's thread to the async one, wakes it, and becomes an `AnyRow` of owned values. For
//! the insights of a large organisation (some 180,000 rows a view) that cost more than the
//! database's own work. Here the database builds the whole result as one JSON document (both
//! engines do this in C) and Tandem parses it with serde: one value crosses instead of
//! thousands of rows, and the row types stay the same typed structs.
//!
//! The document holds one array per column, not one per row: PostgreSQL's `json_agg` of a
//! column costs it about half what building an array for every row did (`json_build_array`
//! looks up each argument's type on every call), and the columns are turned back into rows
//! here, over slices of the text, without copying a value.

use super::{Backend, Db, Result, StorageError};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

impl Db {
    /// The rows of `select`, read as one JSON document. `columns` names the select's output
    /// columns in the order of `T`'s fields (a struct deserializes from a sequence in field
    /// order); `binds` fill `$1`, `$2`, … in turn. The rows come in no particular order.
    pub(super) async fn fetch_bulk<T: DeserializeOwned>(
        &self,
        select: &str,
        columns: &[&str],
        binds: &[i64],
    ) -> Result<Vec<T>> {
        let sql = bulk_sql(self.backend(), select, columns);
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for b in binds {
            query = query.bind(*b);
        }
        let text = query.fetch_one(self).await?;
        rows(&text, columns.len()).map_err(|e| StorageError::Corrupt(format!("bulk read: {e}")))
    }
}

/// `SELECT` of one text value: an array holding, for each of `columns`, the array of its
/// values over every row of `select`, in one order. All aggregates of a query without
/// `GROUP BY` read the same rows in the same pass, so the n-th values belong together.
fn bulk_sql(backend: Backend, select: &str, columns: &[&str]) -> String {
    let arrays = columns
        .iter()
        .map(|c| match backend {
            Backend::Sqlite => format!("json_group_array(q.{c})"),
            // `json_agg` of no rows is NULL, not an empty array.
            Backend::Postgres => format!("COALESCE(json_agg(q.{c}), CAST('[]' AS json))"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let document = match backend {
        Backend::Sqlite => format!("json_array({arrays})"),
        Backend::Postgres => format!("json_build_array({arrays})"),
    };
    format!("SELECT CAST({document} AS TEXT) FROM ({select}) q")
}

/// The rows of a document of `width` column arrays.
fn rows<T: DeserializeOwned>(text: &str, width: usize) -> serde_json::Result<Vec<T>> {
    let columns: Vec<Vec<&RawValue>> = serde_json::from_str(text)?;
    let height = columns.first().map_or(0, Vec::len);
    if columns.len() != width || columns.iter().any(|c| c.len() != height) {
        return Err(de::Error::custom(format!(
            "expected {width} columns of one length, found lengths {:?}",
            columns.iter().map(Vec::len).collect::<Vec<_>>()
        )));
    }
    (0..height)
        .map(|row| {
            T::deserialize(Row {
                columns: &columns,
                row,
            })
        })
        .collect()
}

/// One row of a column document, read as a sequence of its values.
#[derive(Clone, Copy)]
struct Row<'c, 'de> {
    columns: &'c [Vec<&'de RawValue>],
    row: usize,
}

impl<'de> Deserializer<'de> for Row<'_, 'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> serde_json::Result<V::Value> {
        visitor.visit_seq(Values { row: self, next: 0 })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct Values<'c, 'de> {
    row: Row<'c, 'de>,
    next: usize,
}

impl<'de> SeqAccess<'de> for Values<'_, 'de> {
    type Error = serde_json::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> serde_json::Result<Option<S::Value>> {
        let Some(column) = self.row.columns.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        let mut value = serde_json::Deserializer::from_str(column[self.row.row].get());
        seed.deserialize(&mut value).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.row.columns.len() - self.next)
    }
}

/// Reads a stored word (a status, a kind) as its domain type: a word that is not one of the
/// type's wire names fails the read, as `text_column!` does for a column read by sqlx.
pub(super) fn wire<'de, D, T>(d: D) -> std::result::Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<String, Error = String>,
{
    T::try_from(String::deserialize(d)?).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Person {
        id: i64,
        department: String,
        level: Option<i64>,
    }

    #[test]
    fn columns_become_rows_in_field_order() {
        let text = r#"[[1,2],["R&D \"Labs\", Zürich \\ Ost",""],[3,null]]"#;
        assert_eq!(
            rows::<Person>(text, 3).unwrap(),
            [
                Person {
                    id: 1,
                    department: r#"R&D "Labs", Zürich \ Ost"#.into(),
                    level: Some(3),
                },
                Person {
                    id: 2,
                    department: String::new(),
                    level: None,
                },
            ]
        );
    }

    #[test]
    fn no_rows_is_an_empty_list() {
        assert!(rows::<Person>("[[],[],[]]", 3).unwrap().is_empty());
    }

    #[test]
    fn columns_of_different_lengths_or_count_are_refused() {
        let uneven = rows::<Person>(r#"[[1,2],["a"],[null,null]]"#, 3).unwrap_err();
        assert!(uneven.to_string().contains("[2, 1, 2]"), "{uneven}");
        assert!(rows::<Person>("[[1],[\"a\"]]", 3).is_err());
    }

    #[test]
    fn a_value_of_the_wrong_type_names_what_was_found() {
        let e = rows::<Person>(r#"[[1],[7],[null]]"#, 3).unwrap_err();
        assert!(e.to_string().contains("integer `7`"), "{e}");
    }
}
