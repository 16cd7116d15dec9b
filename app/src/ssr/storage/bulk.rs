//! Large reads as one JSON document. sqlx hands rows over one at a time: each crosses from the
//! database's thread to the async one, wakes it, and becomes an `AnyRow` of owned values. For
//! the insights of a large organisation (some 180,000 rows a view) that cost more than the
//! database's own work. Here the database builds the whole result as one JSON array of arrays
//! (both engines do this in C) and Tandem parses it with serde: one value crosses instead of
//! thousands of rows, and the row types stay the same typed structs.

use super::{Backend, Db, Result, StorageError};
use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;

impl Db {
    /// The rows of `select`, read as one JSON array. `columns` names the select's output
    /// columns in the order of `T`'s fields (a struct deserializes from an array in field
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
        let text = query.fetch_one(self.pool()).await?;
        serde_json::from_str(&text).map_err(|e| StorageError::Corrupt(format!("bulk read: {e}")))
    }
}

/// `SELECT` of one text value: every row of `select` as a JSON array of its `columns`, and
/// `[]` when there are none. Only the aggregate's name differs between the engines.
fn bulk_sql(backend: Backend, select: &str, columns: &[&str]) -> String {
    let columns = columns
        .iter()
        .map(|c| format!("q.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = match backend {
        Backend::Sqlite => format!("json_group_array(json_array({columns}))"),
        Backend::Postgres => format!("json_agg(json_build_array({columns}))"),
    };
    format!("SELECT COALESCE(CAST({rows} AS TEXT), '[]') FROM ({select}) q")
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
