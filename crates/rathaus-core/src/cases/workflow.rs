//! The life of a case as a state machine. Every change goes through [`next`], so an
//! illegal step is refused in the domain whatever a page or a client sends:
//!
//! ```text
//! draft → submitted → in review ⇄ information requested
//!                     in review → decided (approved / rejected / partly) → delivered → closed
//! submitted, in review, information requested → withdrawn (by the resident)
//! ```

use rathaus_platform::{Error, Result};

/// Where a case stands; read from and written to its column as `as_str` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "Status::from_column", to_str = "Status::column")]
pub enum Status {
    Draft,
    Submitted,
    InReview,
    InformationRequested,
    Decided,
    Delivered,
    Closed,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Draft,
        Status::Submitted,
        Status::InReview,
        Status::InformationRequested,
        Status::Decided,
        Status::Delivered,
        Status::Closed,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::InReview => "in_review",
            Status::InformationRequested => "information_requested",
            Status::Decided => "decided",
            Status::Delivered => "delivered",
            Status::Closed => "closed",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The status a column names; an unknown text is an error, not a default.
    pub fn from_column(text: &str) -> Result<Status> {
        Status::parse(text).ok_or_else(|| Error::internal(format!("a case has the unknown status {text:?}")))
    }

    fn column(&self) -> &'static str {
        self.as_str()
    }

    /// Still waiting for a decision: these count for the due date and may be withdrawn.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Submitted | Status::InReview | Status::InformationRequested)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "Outcome::from_column", to_str = "Outcome::column")]
pub enum Outcome {
    Approved,
    Rejected,
    Partly,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Approved, Outcome::Rejected, Outcome::Partly];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Approved => "approved",
            Outcome::Rejected => "rejected",
            Outcome::Partly => "partly",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == text)
    }

    /// The outcome a column names; an unknown text is an error, not a default.
    pub fn from_column(text: &str) -> Result<Outcome> {
        Outcome::parse(text).ok_or_else(|| Error::internal(format!("a case has the unknown outcome {text:?}")))
    }

    fn column(&self) -> &'static str {
        self.as_str()
    }
}

/// What someone does to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    StartReview,
    RequestInformation,
    /// The information came (through the inbox, or by other means staff confirm).
    ResumeReview,
    Decide(Outcome),
    Deliver,
    Close,
    /// Only the resident withdraws, and only before the decision.
    Withdraw,
}

impl Step {
    pub const ALL: [Step; 9] = [
        Step::StartReview,
        Step::RequestInformation,
        Step::ResumeReview,
        Step::Decide(Outcome::Approved),
        Step::Decide(Outcome::Rejected),
        Step::Decide(Outcome::Partly),
        Step::Deliver,
        Step::Close,
        Step::Withdraw,
    ];

    /// The step's name in forms and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::StartReview => "start-review",
            Step::RequestInformation => "request-information",
            Step::ResumeReview => "resume-review",
            Step::Decide(Outcome::Approved) => "approve",
            Step::Decide(Outcome::Rejected) => "reject",
            Step::Decide(Outcome::Partly) => "approve-partly",
            Step::Deliver => "deliver",
            Step::Close => "close",
            Step::Withdraw => "withdraw",
        }
    }

    pub fn parse(text: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The event the step leaves on the case; the resident reads it on the status page.
    pub fn event(self) -> &'static str {
        match self {
            Step::StartReview => "review-started",
            Step::RequestInformation => "information-requested",
            Step::ResumeReview => "review-resumed",
            Step::Decide(Outcome::Approved) => "decided-approved",
            Step::Decide(Outcome::Rejected) => "decided-rejected",
            Step::Decide(Outcome::Partly) => "decided-partly",
            Step::Deliver => "delivered",
            Step::Close => "closed",
            Step::Withdraw => "withdrawn",
        }
    }

    pub fn by_resident(self) -> bool {
        self == Step::Withdraw
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where `step` leads from `from`, or `None` when it is not allowed there.
pub fn next(from: Status, step: Step) -> Option<Status> {
    use Status::*;
    match (from, step) {
        (Submitted, Step::StartReview) => Some(InReview),
        (InReview, Step::RequestInformation) => Some(InformationRequested),
        (InformationRequested, Step::ResumeReview) => Some(InReview),
        (InReview, Step::Decide(_)) => Some(Decided),
        (Decided, Step::Deliver) => Some(Delivered),
        (Delivered, Step::Close) => Some(Closed),
        (Submitted | InReview | InformationRequested, Step::Withdraw) => Some(Withdrawn),
        _ => None,
    }
}

/// The steps staff may take from `from`, in the order the page offers them.
pub fn staff_steps(from: Status) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|s| !s.by_resident() && next(from, *s).is_some())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_step() -> impl Strategy<Value = Step> {
        proptest::sample::select(Step::ALL.to_vec())
    }

    #[test]
    fn names_read_back() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        for step in Step::ALL {
            assert_eq!(Step::parse(step.as_str()), Some(step));
        }
        assert_eq!(Step::parse("decide"), None);
    }

    /// Every pair of state and step, against the table of what the law of the case
    /// allows: nine moves, everything else refused.
    #[test]
    fn every_transition_is_the_one_in_the_table() {
        use Status::*;
        let allowed = [
            (Submitted, Step::StartReview, InReview),
            (InReview, Step::RequestInformation, InformationRequested),
            (InformationRequested, Step::ResumeReview, InReview),
            (InReview, Step::Decide(Outcome::Approved), Decided),
            (InReview, Step::Decide(Outcome::Rejected), Decided),
            (InReview, Step::Decide(Outcome::Partly), Decided),
            (Decided, Step::Deliver, Delivered),
            (Delivered, Step::Close, Closed),
            (Submitted, Step::Withdraw, Withdrawn),
            (InReview, Step::Withdraw, Withdrawn),
            (InformationRequested, Step::Withdraw, Withdrawn),
        ];
        for from in Status::ALL {
            for step in Step::ALL {
                let expected = allowed.iter().find(|(f, s, _)| *f == from && *s == step).map(|(_, _, to)| *to);
                assert_eq!(next(from, step), expected, "{from} --{}-->", step.as_str());
            }
        }
    }

    #[test]
    fn the_happy_path_and_the_detour() {
        let mut status = Status::Submitted;
        for step in [
            Step::StartReview,
            Step::RequestInformation,
            Step::ResumeReview,
            Step::Decide(Outcome::Partly),
            Step::Deliver,
            Step::Close,
        ] {
            status = next(status, step).unwrap_or_else(|| panic!("{step:?} from {status:?}"));
        }
        assert_eq!(status, Status::Closed);
    }

    #[test]
    fn drafts_decisions_and_the_end_cannot_be_skipped_or_undone() {
        assert_eq!(next(Status::Draft, Step::StartReview), None, "a draft is not a case");
        assert_eq!(next(Status::Submitted, Step::Decide(Outcome::Approved)), None);
        assert_eq!(next(Status::Decided, Step::Withdraw), None, "too late to withdraw");
        assert_eq!(next(Status::Decided, Step::Decide(Outcome::Rejected)), None);
        assert_eq!(staff_steps(Status::Closed), []);
        assert_eq!(staff_steps(Status::Withdrawn), []);
        assert!(!staff_steps(Status::InReview).contains(&Step::Withdraw));
    }

    /// The open states are named three times: here, in the queue's SQL and in the
    /// triggers that keep the table of open cases (one migration, written for each
    /// database). A new state must reach all of them.
    #[test]
    fn every_place_names_the_same_open_states() {
        let triggers = [include_str!("../../../rathaus-platform/src/db/migrations/m0038_open_cases.rs")];
        let open: Vec<String> = Status::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        let listed = format!("status IN ({})", open.join(", "));
        assert_eq!(super::super::queue::OPEN, listed);
        for sql in triggers {
            let lists = sql.matches("status IN (").count();
            assert!(lists >= 2, "{sql}");
            assert_eq!(sql.matches(&listed[7..]).count(), lists, "every list of open states in {sql}");
        }
    }

    proptest! {
        /// Whatever is tried in whatever order: a case only ever moves along the
        /// drawn edges, a decision is never taken twice, and nothing leaves the end.
        #[test]
        fn any_sequence_stays_on_the_graph(steps in proptest::collection::vec(any_step(), 0..40)) {
            let mut status = Status::Submitted;
            let mut decisions = 0;
            for step in steps {
                match next(status, step) {
                    Some(to) => {
                        prop_assert!(!matches!(status, Status::Closed | Status::Withdrawn));
                        if to == Status::Withdrawn { prop_assert!(status.is_open()); }
                        if to == Status::Decided { decisions += 1; }
                        status = to;
                    }
                    None => prop_assert!(!staff_steps(status).contains(&step)),
                }
            }
            prop_assert!(decisions <= 1);
        }
    }
}
