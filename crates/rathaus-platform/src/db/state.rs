//! A state kept in a text column — a booking's, a payment's, a counter ticket's — with the
//! moves it may make, named in one method of its type.

use crate::{Error, Result};

pub trait State: Copy + PartialEq + std::fmt::Debug + 'static {
    /// Every state: what a column may hold, and what tests walk pair by pair.
    const ALL: &'static [Self];

    /// The text that names the state in its column.
    fn column(&self) -> &'static str;

    /// The one place that says which moves the state makes.
    fn may_become(self, to: Self) -> bool;

    /// The state a column names; an unknown text is an error, not a default.
    fn from_column(text: &str) -> Result<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|s| s.column() == text)
            .ok_or_else(|| Error::internal(format!("unknown {} {text:?}", std::any::type_name::<Self>())))
    }

    /// The parameters `[to, from]` of `… SET status = $n … WHERE … status = $m` for a
    /// move, which must be one of the allowed: a statement off the drawn edges is refused
    /// before it reaches the database.
    fn step(self, to: Self) -> [sea_orm::Value; 2] {
        assert!(
            self.may_become(to),
            "{} does not go from {self:?} to {to:?}",
            std::any::type_name::<Self>()
        );
        [to.column().into(), self.column().into()]
    }
}
