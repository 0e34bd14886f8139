//! The CDO office assesses an agency's strategy (a rating per dimension, a comment, the
//! changes it asks for); the agency's administrators answer each request.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::register::{agency_name, office_of};
use super::strategies::{ReviewLine, review_line};
use crate::auth::Staff;
use crate::error::{AppError, AppResult, invalid};
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::cockpit::review::{self, AnswerInput, Dimension, HIGHEST, LOWEST, Response as Reply, ReviewInput, rating_field};
use rathaus_core::cockpit::strategies;
use rathaus_platform::Error;

pub struct DimensionField {
    pub name: &'static str,
    pub label: String,
    pub hint: String,
    pub value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/review_form.html")]
pub struct ReviewForm {
    page: Page,
    agency_id: String,
    agency: String,
    strategy_title: String,
    dimensions: Vec<DimensionField>,
    scores: Vec<u8>,
    form: ReviewInput,
    errors: FormErrors,
}

async fn review_form(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    staff: &Staff,
    agency: String,
    (form, errors): (ReviewInput, FormErrors),
) -> AppResult<ReviewForm> {
    let office = office_of(staff);
    let stored = strategies::read(state.db.read(), &office, &agency)
        .await?
        .ok_or(AppError(Error::NotFound))?;
    if !office.cdo {
        return Err(AppError(Error::Forbidden));
    }
    let catalog = state.catalog().await?;
    page.csrf = Some(session.csrf_token().await?);
    Ok(ReviewForm {
        agency: agency_name(&page, &catalog, &agency),
        strategy_title: stored.strategy.title,
        dimensions: Dimension::ALL
            .into_iter()
            .map(|d| DimensionField {
                name: rating_field(d),
                label: page.t(&format!("strategy-dimension-{}", d.id())),
                hint: page.t(&format!("strategy-dimension-{}-hint", d.id())),
                value: form.rating(d).trim().to_string(),
            })
            .collect(),
        scores: (LOWEST..=HIGHEST).collect(),
        agency_id: agency,
        form,
        errors,
        page,
    })
}

pub async fn new_review(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(agency): Path<String>,
) -> AppResult<ReviewForm> {
    review_form(
        &state,
        (page, &session),
        &staff,
        agency,
        (ReviewInput::default(), FormErrors::default()),
    )
    .await
}

pub async fn create_review(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(agency): Path<String>,
    Form(form): Form<ReviewInput>,
) -> AppResult<Response> {
    let office = office_of(&staff);
    match review::assess(&state.db, &*state.clock, &office, &agency, &form).await? {
        Ok(_) => Ok(Redirect::to(&format!("/verwaltung/cdo/strategien/{agency}?hinweis=bewertung#bewertungen")).into_response()),
        Err(problems) => {
            let errors = FormErrors::of(&page, problems);
            Ok(invalid(
                review_form(&state, (page, &session), &staff, agency, (form, errors)).await?,
            ))
        }
    }
}

pub struct RequestField {
    pub name: String,
    pub text: String,
    pub value: String,
}

pub struct Choice {
    pub id: &'static str,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/review_answer.html")]
pub struct AnswerPage {
    page: Page,
    agency_id: String,
    agency: String,
    review: ReviewLine,
    requests: Vec<RequestField>,
    responses: Vec<Choice>,
    text: String,
    can_answer: bool,
    errors: FormErrors,
}

async fn answer_page(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    staff: &Staff,
    (agency, id): (String, Uuid),
    (input, errors): (Option<AnswerInput>, FormErrors),
) -> AppResult<AnswerPage> {
    let office = office_of(staff);
    let review = review::get(&state.db, &office, &agency, id).await?;
    let catalog = state.catalog().await?;
    page.csrf = Some(session.csrf_token().await?);
    let input = input.unwrap_or_else(|| AnswerInput::of(&review));
    Ok(AnswerPage {
        agency: agency_name(&page, &catalog, &agency),
        requests: review
            .requests
            .iter()
            .enumerate()
            .map(|(i, r)| RequestField {
                name: format!("request_{i}"),
                text: r.text.clone(),
                value: input.responses.get(i).cloned().unwrap_or_default(),
            })
            .collect(),
        responses: Reply::ALL
            .into_iter()
            .map(|r| Choice {
                id: r.id(),
                label: page.t(&format!("strategy-response-{}", r.id())),
            })
            .collect(),
        review: review_line(&page, &review),
        text: input.text,
        can_answer: office.edits(&agency),
        agency_id: agency,
        errors,
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path((agency, id)): Path<(String, Uuid)>,
) -> AppResult<AnswerPage> {
    answer_page(&state, (page, &session), &staff, (agency, id), (None, FormErrors::default())).await
}

pub async fn answer(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path((agency, id)): Path<(String, Uuid)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let office = office_of(&staff);
    let requests = review::get(&state.db, &office, &agency, id).await?.requests.len();
    let input = AnswerInput::from_pairs(pairs, requests);
    match review::answer(&state.db, &*state.clock, &office, (&agency, id), &input).await? {
        Ok(_) => Ok(Redirect::to(&format!("/verwaltung/cdo/strategien/{agency}?hinweis=antwort#bewertungen")).into_response()),
        Err(problems) => {
            let errors = FormErrors::of(&page, problems);
            Ok(invalid(
                answer_page(&state, (page, &session), &staff, (agency, id), (Some(input), errors)).await?,
            ))
        }
    }
}
