//! The life of a publication. Every change of state goes through [`next`], so a page, the
//! CKAN API or a job cannot take a step the law does not allow:
//!
//! ```text
//! draft → in review → (released now) published → withdrawn
//!                   → (released for later) scheduled → published
//! in review → draft (sent back, or taken back to edit)     scheduled → in review (release cancelled)
//! ```
//!
//! A release also needs the four eyes and the cleared personal-data check; those rules
//! are in [`ReleaseFacts::refusal`], beside the state machine, so both are tested here.

use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Draft,
    InReview,
    Scheduled,
    Published,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::InReview,
        Status::Scheduled,
        Status::Published,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in_review",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// The Fluent key of the state's label.
    pub fn label_key(self) -> String {
        format!("transparency-status-{}", self.as_str().replace('_', "-"))
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the public sees the record (a withdrawn one only as a tombstone).
    pub fn is_public(self) -> bool {
        self == Status::Published
    }

    /// Whether its metadata and resources may be changed freely (before the review).
    pub fn is_editable(self) -> bool {
        self == Status::Draft
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// The publisher asks for review.
    Submit,
    /// The reviewer sends it back, or the publisher takes it back to edit.
    SendBack,
    ReleaseNow,
    ReleaseLater,
    /// The set time came (the scheduler's step).
    ReleaseDue,
    CancelRelease,
    Withdraw,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Submit,
        Step::SendBack,
        Step::ReleaseNow,
        Step::ReleaseLater,
        Step::ReleaseDue,
        Step::CancelRelease,
        Step::Withdraw,
    ];

    /// The word the revision history and the audit log use for the step.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Submit => "submitted",
            Step::SendBack => "sent-back",
            Step::ReleaseNow => "released",
            Step::ReleaseLater => "scheduled",
            Step::ReleaseDue => "published",
            Step::CancelRelease => "release-cancelled",
            Step::Withdraw => "withdrawn",
        }
    }
}

/// The state a step leads to, or `None` when the step is not allowed from `from`.
pub fn next(from: Status, step: Step) -> Option<Status> {
    use Status::*;
    match (from, step) {
        (Draft, Step::Submit) => Some(InReview),
        (InReview, Step::SendBack) => Some(Draft),
        (InReview, Step::ReleaseNow) => Some(Published),
        (InReview, Step::ReleaseLater) => Some(Scheduled),
        (Scheduled, Step::ReleaseDue) => Some(Published),
        (Scheduled, Step::CancelRelease) => Some(InReview),
        (Published, Step::Withdraw) => Some(Withdrawn),
        _ => None,
    }
}

/// Why a release is refused; each has a translated text under its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseRefusal {
    /// Four eyes: whoever made the draft or added what is released does not release it.
    OwnWork,
    /// A finding of the personal-data check is neither redacted nor cleared.
    FindingsOpen(usize),
    /// A resource whose text could not be read has no audited override.
    Unreadable(usize),
    /// Nothing to release (no resource waits, the record is not in review).
    NothingWaiting,
}

impl ReleaseRefusal {
    pub fn key(self) -> &'static str {
        match self {
            ReleaseRefusal::OwnWork => "transparency-refused-own-work",
            ReleaseRefusal::FindingsOpen(_) => "transparency-refused-findings-open",
            ReleaseRefusal::Unreadable(_) => "transparency-refused-unreadable",
            ReleaseRefusal::NothingWaiting => "transparency-refused-nothing-waiting",
        }
    }
}

/// What a release decision looks at.
#[derive(Debug, Clone, Default)]
pub struct ReleaseFacts {
    /// Who made the draft, asked for the review, or added a resource that is waiting.
    pub authors: Vec<Uuid>,
    pub open_findings: usize,
    pub unreadable_without_override: usize,
    /// Resources (or the record itself) waiting for release.
    pub waiting: usize,
}

impl ReleaseFacts {
    pub fn refusal(&self, reviewer: Uuid) -> Option<ReleaseRefusal> {
        if self.waiting == 0 {
            Some(ReleaseRefusal::NothingWaiting)
        } else if self.authors.contains(&reviewer) {
            Some(ReleaseRefusal::OwnWork)
        } else if self.open_findings > 0 {
            Some(ReleaseRefusal::FindingsOpen(self.open_findings))
        } else if self.unreadable_without_override > 0 {
            Some(ReleaseRefusal::Unreadable(self.unreadable_without_override))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_transition_of_the_table_and_no_other() {
        use Status::*;
        let allowed = [
            (Draft, Step::Submit, InReview),
            (InReview, Step::SendBack, Draft),
            (InReview, Step::ReleaseNow, Published),
            (InReview, Step::ReleaseLater, Scheduled),
            (Scheduled, Step::ReleaseDue, Published),
            (Scheduled, Step::CancelRelease, InReview),
            (Published, Step::Withdraw, Withdrawn),
        ];
        for from in Status::ALL {
            for step in Step::ALL {
                let expected = allowed.iter().find(|(f, s, _)| *f == from && *s == step).map(|(_, _, to)| *to);
                assert_eq!(next(from, step), expected, "{from} --{}-->", step.as_str());
            }
        }
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn a_withdrawn_record_stays_withdrawn() {
        for step in Step::ALL {
            assert_eq!(next(Status::Withdrawn, step), None);
        }
    }

    #[test]
    fn release_needs_four_eyes_and_a_cleared_check() {
        let author = Uuid::now_v7();
        let reviewer = Uuid::now_v7();
        let clean = ReleaseFacts {
            authors: vec![author],
            waiting: 1,
            ..Default::default()
        };
        assert_eq!(clean.refusal(reviewer), None);
        assert_eq!(clean.refusal(author), Some(ReleaseRefusal::OwnWork));
        let findings = ReleaseFacts {
            open_findings: 2,
            ..clean.clone()
        };
        assert_eq!(findings.refusal(reviewer), Some(ReleaseRefusal::FindingsOpen(2)));
        let unreadable = ReleaseFacts {
            unreadable_without_override: 1,
            ..clean.clone()
        };
        assert_eq!(unreadable.refusal(reviewer), Some(ReleaseRefusal::Unreadable(1)));
        let nothing = ReleaseFacts { waiting: 0, ..clean };
        assert_eq!(nothing.refusal(reviewer), Some(ReleaseRefusal::NothingWaiting));
    }
}
