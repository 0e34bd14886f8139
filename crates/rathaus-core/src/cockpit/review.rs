//! The CDO office's assessment of an agency's strategy — a rating per dimension, a
//! comment, the changes it asks for — and the agency's answer to each request. Only
//! the CDO office assesses; only the agency's administrators answer; both audited.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::register::Office;
use super::strategies::{self, may_read};
use crate::FieldError;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, stmt};
use rathaus_platform::{Error, Result};

/// What a strategy is rated on, each from 1 (weak) to 5 (strong).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Goals that can be measured, with figures and dates.
    Measurability,
    /// Built around the people who use the services.
    UserFocus,
    /// Plans, owners and milestones that can carry it.
    Feasibility,
    /// Budget that covers the measures.
    Funding,
    /// Ageing IT procedures replaced in time.
    Modernisation,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Measurability,
        Dimension::UserFocus,
        Dimension::Feasibility,
        Dimension::Funding,
        Dimension::Modernisation,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Dimension::Measurability => "measurability",
            Dimension::UserFocus => "user_focus",
            Dimension::Feasibility => "feasibility",
            Dimension::Funding => "funding",
            Dimension::Modernisation => "modernisation",
        }
    }
}

pub const LOWEST: u8 = 1;
pub const HIGHEST: u8 = 5;

/// How the agency answers a requested change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// It will be done.
    Accepted,
    /// It is done: the strategy has changed.
    Done,
    /// It will not be done; the answer's text says why.
    Declined,
}

impl Response {
    pub const ALL: [Response; 3] = [Response::Accepted, Response::Done, Response::Declined];

    pub fn id(self) -> &'static str {
        match self {
            Response::Accepted => "accepted",
            Response::Done => "done",
            Response::Declined => "declined",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.id() == text.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub text: String,
    pub response: Option<Response>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub text: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: Uuid,
    pub agency: String,
    pub at: DateTime<Utc>,
    pub author: String,
    /// The strategy's revision that was read.
    pub revision: i32,
    pub ratings: Vec<(Dimension, u8)>,
    pub comment: String,
    pub requests: Vec<Request>,
    pub answer: Option<Answer>,
}

impl Review {
    /// Requests the agency has not answered yet.
    pub fn open_requests(&self) -> usize {
        self.requests.iter().filter(|r| r.response.is_none()).count()
    }

    /// The mean rating, in tenths (35 = 3.5).
    pub fn mean_tenths(&self) -> Option<u32> {
        let n = self.ratings.len() as u32;
        (n > 0).then(|| (self.ratings.iter().map(|(_, s)| u32::from(*s)).sum::<u32>() * 10 + n / 2) / n)
    }
}

/// An assessment as read from its form: the ratings, the comment, the requests.
pub type Assessed = (Vec<(Dimension, u8)>, String, Vec<String>);

/// The assessment form: `rating_<dimension>` 1–5, a comment, requests one per line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    pub rating_measurability: String,
    pub rating_user_focus: String,
    pub rating_feasibility: String,
    pub rating_funding: String,
    pub rating_modernisation: String,
    pub comment: String,
    pub requests: String,
}

impl ReviewInput {
    pub fn rating(&self, dimension: Dimension) -> &str {
        match dimension {
            Dimension::Measurability => &self.rating_measurability,
            Dimension::UserFocus => &self.rating_user_focus,
            Dimension::Feasibility => &self.rating_feasibility,
            Dimension::Funding => &self.rating_funding,
            Dimension::Modernisation => &self.rating_modernisation,
        }
    }

    /// The ratings, comment and requests, or every wrong field (`rating_<dimension>`).
    pub fn parse(&self) -> std::result::Result<Assessed, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut ratings = Vec::new();
        for d in Dimension::ALL {
            match self.rating(d).trim().parse::<u8>().ok().filter(|s| (LOWEST..=HIGHEST).contains(s)) {
                Some(score) => ratings.push((d, score)),
                None => errors.push(FieldError {
                    field: rating_field(d),
                    key: "strategy-error-rating",
                }),
            }
        }
        if self.comment.trim().is_empty() {
            errors.push(FieldError {
                field: "comment",
                key: "cockpit-error-required",
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let requests = self
            .requests
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        Ok((ratings, self.comment.trim().to_string(), requests))
    }
}

/// The form field of a dimension's rating.
pub fn rating_field(d: Dimension) -> &'static str {
    match d {
        Dimension::Measurability => "rating_measurability",
        Dimension::UserFocus => "rating_user_focus",
        Dimension::Feasibility => "rating_feasibility",
        Dimension::Funding => "rating_funding",
        Dimension::Modernisation => "rating_modernisation",
    }
}

/// The answer form: a text and `request_<n>` per requested change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerInput {
    pub text: String,
    pub responses: Vec<String>,
}

impl AnswerInput {
    pub fn from_pairs(pairs: Vec<(String, String)>, requests: usize) -> Self {
        let mut input = AnswerInput {
            text: String::new(),
            responses: vec![String::new(); requests],
        };
        for (name, value) in pairs {
            if name == "text" {
                input.text = value;
            } else if let Some(slot) = name
                .strip_prefix("request_")
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| input.responses.get_mut(n))
            {
                *slot = value;
            }
        }
        input
    }

    pub fn of(review: &Review) -> Self {
        AnswerInput {
            text: review.answer.as_ref().map(|a| a.text.clone()).unwrap_or_default(),
            responses: review
                .requests
                .iter()
                .map(|r| r.response.map(|r| r.id().to_string()).unwrap_or_default())
                .collect(),
        }
    }

    /// Every request answered, and a text; a declined request needs the text to say why.
    pub fn parse(&self) -> std::result::Result<(String, Vec<Response>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let responses: Vec<Option<Response>> = self.responses.iter().map(|r| Response::parse(r)).collect();
        if responses.iter().any(Option::is_none) {
            errors.push(FieldError {
                field: "requests",
                key: "strategy-error-response",
            });
        }
        if self.text.trim().is_empty() {
            errors.push(FieldError {
                field: "text",
                key: if responses.contains(&Some(Response::Declined)) {
                    "strategy-error-declined-why"
                } else {
                    "cockpit-error-required"
                },
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((self.text.trim().to_string(), responses.into_iter().flatten().collect()))
    }
}

#[derive(FromQueryResult)]
struct Row {
    data: serde_json::Value,
}

/// The agency's assessments, newest first, for someone who may read its strategy.
pub async fn of_agency<C: ConnectionTrait>(conn: &C, office: &Office, agency: &str) -> Result<Vec<Review>> {
    may_read(office, agency)?;
    let rows = Row::find_by_statement(stmt(
        conn,
        "SELECT data FROM strategy_reviews WHERE agency_id = $1 ORDER BY created_at DESC, id DESC",
        vec![agency.into()],
    ))
    .all(conn)
    .await?;
    rows.into_iter().map(|r| Ok(serde_json::from_value(r.data)?)).collect()
}

/// Every assessment, newest first, for the portfolio (the CDO office's own).
pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<Review>> {
    let rows = Row::find_by_statement(stmt(
        conn,
        "SELECT data FROM strategy_reviews ORDER BY created_at DESC, id DESC",
        vec![],
    ))
    .all(conn)
    .await?;
    rows.into_iter().map(|r| Ok(serde_json::from_value(r.data)?)).collect()
}

/// The CDO office assesses the agency's current strategy.
pub async fn assess(
    db: &Db,
    clock: &dyn Clock,
    office: &Office,
    agency: &str,
    input: &ReviewInput,
) -> Result<std::result::Result<Review, Vec<FieldError>>> {
    if !office.cdo {
        return Err(if office.reads(agency) { Error::Forbidden } else { Error::NotFound });
    }
    let stored = strategies::read(db.read(), office, agency).await?.ok_or(Error::NotFound)?;
    let (ratings, comment, requests) = match input.parse() {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(Err(errors)),
    };
    let at = clock.now();
    let review = Review {
        id: Uuid::now_v7(),
        agency: agency.to_string(),
        at,
        author: office.name.clone(),
        revision: stored.revision,
        ratings,
        comment,
        requests: requests.into_iter().map(|text| Request { text, response: None }).collect(),
        answer: None,
    };
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO strategy_reviews (id, agency_id, created_at, data) VALUES ($1, $2, $3, $4)",
        vec![
            review.id.into(),
            agency.into(),
            at.into(),
            Value::Json(Some(Box::new(serde_json::to_value(&review)?))),
        ],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(office.audit_actor(), "strategy.assessed", format!("agency:{agency}"))
            .with_details(json!({ "review": review.id, "revision": stored.revision, "requests": review.requests.len() })),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(review))
}

/// One assessment of the agency, for someone who may read its strategy.
pub async fn get(db: &Db, office: &Office, agency: &str, id: Uuid) -> Result<Review> {
    of_agency(db.read(), office, agency)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(Error::NotFound)
}

/// The agency answers an assessment: each request and a text. A later answer replaces
/// the earlier one (both stay in the audit log).
pub async fn answer(
    db: &Db,
    clock: &dyn Clock,
    office: &Office,
    (agency, id): (&str, Uuid),
    input: &AnswerInput,
) -> Result<std::result::Result<Review, Vec<FieldError>>> {
    let mut review = get(db, office, agency, id).await?;
    if !office.edits(agency) {
        return Err(Error::Forbidden);
    }
    let (text, responses) = match input.parse() {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(Err(errors)),
    };
    if responses.len() != review.requests.len() {
        return Ok(Err(vec![FieldError {
            field: "requests",
            key: "strategy-error-response",
        }]));
    }
    for (request, response) in review.requests.iter_mut().zip(&responses) {
        request.response = Some(*response);
    }
    review.answer = Some(Answer {
        text,
        by: office.name.clone(),
        at: clock.now(),
    });
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "UPDATE strategy_reviews SET data = $1 WHERE id = $2 AND agency_id = $3",
        vec![
            Value::Json(Some(Box::new(serde_json::to_value(&review)?))),
            id.into(),
            agency.into(),
        ],
    ))
    .await?;
    audit::record(
        &tx,
        clock,
        AuditEvent::new(office.audit_actor(), "strategy.answered", format!("agency:{agency}")).with_details(json!({
            "review": id,
            "responses": responses.iter().map(|r| r.id()).collect::<Vec<_>>(),
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(review))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_assessment_rates_every_dimension_and_says_why() {
        let input = ReviewInput {
            rating_measurability: "4".into(),
            rating_user_focus: "3".into(),
            rating_feasibility: "6".into(),
            rating_funding: "".into(),
            rating_modernisation: "2".into(),
            comment: " ".into(),
            requests: "Zielwerte je Jahr\n\nBudget 2028 nachweisen\n".into(),
        };
        let fields: Vec<&str> = input.parse().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["rating_feasibility", "rating_funding", "comment"]);
        let good = ReviewInput {
            rating_feasibility: "3".into(),
            rating_funding: "5".into(),
            comment: "Gute Grundlage.".into(),
            ..input
        };
        let (ratings, _, requests) = good.parse().unwrap();
        assert_eq!(requests, ["Zielwerte je Jahr", "Budget 2028 nachweisen"]);
        let review = Review {
            id: Uuid::nil(),
            agency: "bwi".into(),
            at: DateTime::UNIX_EPOCH,
            author: "CDO".into(),
            revision: 1,
            ratings,
            comment: String::new(),
            requests: vec![],
            answer: None,
        };
        assert_eq!(review.mean_tenths(), Some(34));
    }

    #[test]
    fn an_answer_covers_every_request_and_a_refusal_says_why() {
        let pairs = |text: &str, second: &str| {
            vec![
                ("text".to_string(), text.to_string()),
                ("request_0".to_string(), "done".to_string()),
                ("request_1".to_string(), second.to_string()),
                ("request_7".to_string(), "done".to_string()),
            ]
        };
        let missing = AnswerInput::from_pairs(pairs("Erledigt.", ""), 2).parse().unwrap_err();
        assert_eq!(missing[0].field, "requests");
        let why = AnswerInput::from_pairs(pairs("", "declined"), 2).parse().unwrap_err();
        assert_eq!((why[0].field, why[0].key), ("text", "strategy-error-declined-why"));
        let (_, responses) = AnswerInput::from_pairs(pairs("Budget folgt 2027.", "accepted"), 2).parse().unwrap();
        assert_eq!(responses, [Response::Done, Response::Accepted]);
    }
}
