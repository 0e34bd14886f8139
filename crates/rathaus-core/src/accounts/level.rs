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
