//! Assurance levels of a session (eIDAS / BSI TR-03160): a password alone is `low`, a
//! strong second factor or a passkey `substantial`, a federated eID's signed assertion
//! `high`. Services declare the level they need; the levels are ordered.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Substantial,
    High,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Substantial => "substantial",
            Level::High => "high",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        [Level::Low, Level::Substantial, Level::High]
            .into_iter()
            .find(|l| l.as_str() == text)
    }
}

/// Who acts on their own records, and the assurance level their session reached. Domain
/// actions on records that need a level take this, never the bare account, so the level
/// is checked at every step and not only where a record begins.
#[derive(Debug, Clone, Copy)]
pub struct Acting<'a> {
    pub account: &'a super::Account,
    pub level: Level,
}

impl Acting<'_> {
    /// Refuses with the step-up the record needs when the session is below `needed`.
    pub fn at_least(&self, needed: Level) -> rathaus_platform::Result<()> {
        if self.level < needed {
            return Err(rathaus_platform::Error::AssuranceTooLow { needed: needed.as_str() });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_and_round_trip() {
        assert!(Level::Low < Level::Substantial && Level::Substantial < Level::High);
        for level in [Level::Low, Level::Substantial, Level::High] {
            assert_eq!(Level::parse(level.as_str()), Some(level));
        }
        assert_eq!(Level::parse("medium"), None);
    }
}
