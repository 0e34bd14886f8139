//! A column holding JSON, read straight into its type by a row's derive: a JSON column
//! (TEXT on SQLite, JSONB on PostgreSQL) or a TEXT column kept as JSON text on both.

use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable};
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned> TryGetable for Json<T> {
    fn try_get_by<I: ColIdx>(row: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let invalid = |e: serde_json::Error| TryGetError::DbErr(DbErr::Json(format!("{}: {e}", std::any::type_name::<T>())));
        let value = match serde_json::Value::try_get_by(row, index) {
            Ok(value) => value,
            Err(TryGetError::Null(column)) => return Err(TryGetError::Null(column)),
            // PostgreSQL does not decode a TEXT column as JSON: read the text.
            Err(TryGetError::DbErr(_)) => serde_json::from_str(&String::try_get_by(row, index)?).map_err(invalid)?,
        };
        serde_json::from_value(value).map(Json).map_err(invalid)
    }
}
