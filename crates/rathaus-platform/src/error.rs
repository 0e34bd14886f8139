//! The one error type of Rathaus. The web crate maps each variant to an HTTP status
//! and a translated page or problem document in a single place.

/// Every fallible operation in Rathaus returns this error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    /// Nobody is signed in, and the request needs someone.
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    /// The session is below the assurance level the record needs (`low`, `substantial`,
    /// `high`); the person can raise it (second factor, online ID) and try again.
    #[error("assurance level {needed} needed")]
    AssuranceTooLow { needed: &'static str },
    /// Input that breaks a rule; the message is for the person who sent it.
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("conflict: {0}")]
    Conflict(String),
    /// No longer there to take (an offer that ran out); the message says what happened.
    #[error("gone: {0}")]
    Gone(String),
    /// A fee is due before this can go on; the message says how to pay it.
    #[error("payment required: {0}")]
    PaymentRequired(String),
    #[error("too large: the limit is {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("too many requests: retry after {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// A dependency we need to decide safely is not answering; we refuse rather than guess.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
    /// Bad configuration; the message names the key and the fix.
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(String),
    #[error("file store: {0}")]
    Blob(#[from] object_store::Error),
    #[error("mail: {0}")]
    Mail(String),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("internal: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn internal(message: impl std::fmt::Display) -> Self {
        Error::Internal(message.to_string())
    }
}
