//! Writing an agency's strategy: its administrators set the strategy itself, its goals
//! and its measures. Every form comes back with what was typed and each wrong field
//! named; a change someone else made meanwhile is shown, not overwritten.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::register::{agency_name, office_of};
use crate::auth::Staff;
use crate::error::{AppError, AppResult, invalid};
use crate::forms::FormErrors;
use crate::page::Page;
use crate::routes::digitalisation;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::FieldError;
use rathaus_core::catalog::Catalog;
use rathaus_core::cockpit::measure::MeasureStatus;
use rathaus_core::cockpit::register::{CHANGED_MEANWHILE, Office};
use rathaus_core::cockpit::strategies::{self, Change, Stored};
use rathaus_core::cockpit::strategy::{Figure, Goal};
use rathaus_core::cockpit::strategy_input::{GoalInput, StrategyInput, StrategyMeasureInput};
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

pub struct Choice {
    pub id: String,
    pub label: String,
}

/// Everything a strategy form page knows besides its page and fields.
pub struct Frame {
    agency_id: String,
    agency: String,
    /// The revision the form was filled from; 0 before the first save.
    revision: i32,
    errors: FormErrors,
}

/// The agency's strategy for one of its administrators.
async fn editable(state: &AppState, office: &Office, agency: &str) -> AppResult<(Option<Stored>, std::sync::Arc<Catalog>)> {
    let stored = strategies::read(state.db.read(), office, agency).await?;
    if !office.edits(agency) {
        return Err(AppError(Error::Forbidden));
    }
    let catalog = state.catalog().await?;
    if catalog.agency(agency).is_none() {
        return Err(AppError(Error::NotFound));
    }
    Ok((stored, catalog))
}

async fn frame(
    (mut page, session): (Page, &SessionHandle),
    catalog: &Catalog,
    agency: String,
    revision: i32,
    errors: FormErrors,
) -> AppResult<(Page, Frame)> {
    page.csrf = Some(session.csrf_token().await?);
    let frame = Frame {
        agency: agency_name(&page, catalog, &agency),
        agency_id: agency,
        revision,
        errors,
    };
    Ok((page, frame))
}

/// The revision a form says it was filled from (0: none yet).
fn seen(revision: &str) -> Option<i32> {
    revision.trim().parse::<i32>().ok().filter(|r| *r > 0)
}

/// After a refused save: the revision to fill the form again from — the current one
/// when someone changed the strategy meanwhile, so that saving again is a decision made —
/// and the messages of the fields.
async fn refusal(
    (state, page): (&AppState, &Page),
    office: &Office,
    agency: &str,
    problems: Vec<FieldError>,
    typed: &str,
) -> AppResult<(i32, FormErrors)> {
    let revision = if problems.iter().any(|p| p.key == CHANGED_MEANWHILE) {
        strategies::read(state.db.write(), office, agency).await?.map_or(0, |s| s.revision)
    } else {
        seen(typed).unwrap_or(0)
    };
    Ok((revision, FormErrors::of(page, problems)))
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/strategy_form.html")]
pub struct StrategyForm {
    page: Page,
    f: Frame,
    form: StrategyInput,
}

pub async fn strategy_form(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(agency): Path<String>,
) -> AppResult<StrategyForm> {
    let office = office_of(&staff);
    let (stored, catalog) = editable(&state, &office, &agency).await?;
    let (form, revision) = match &stored {
        Some(s) => (
            StrategyInput {
                title: s.strategy.title.clone(),
                summary: s.strategy.summary.clone(),
                horizon: s.strategy.horizon.to_string(),
                revision: s.revision.to_string(),
            },
            s.revision,
        ),
        None => (StrategyInput::default(), 0),
    };
    let (page, f) = frame((page, &session), &catalog, agency, revision, FormErrors::default()).await?;
    Ok(StrategyForm { page, f, form })
}

pub async fn save_strategy(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(agency): Path<String>,
    Form(form): Form<StrategyInput>,
) -> AppResult<Response> {
    let office = office_of(&staff);
    let (_, catalog) = editable(&state, &office, &agency).await?;
    let result = match form.parse() {
        Err(problems) => Err(problems),
        Ok(head) => {
            strategies::change(&state.db, &*state.clock, &office, &catalog, (&agency, seen(&form.revision)), |s| {
                let change = if s.title.is_empty() { Change::Created } else { Change::Edited };
                s.title = head.title;
                s.summary = head.summary;
                s.horizon = head.horizon;
                Ok((change, s.title.clone()))
            })
            .await?
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/verwaltung/cdo/strategien/{agency}?hinweis=gespeichert")).into_response()),
        Err(problems) => {
            let (revision, errors) = refusal((&state, &page), &office, &agency, problems, &form.revision).await?;
            let (page, f) = frame((page, &session), &catalog, agency, revision, errors).await?;
            Ok(invalid(StrategyForm { page, f, form }))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/goal_form.html")]
pub struct GoalForm {
    page: Page,
    f: Frame,
    /// None: a new goal.
    goal: Option<Uuid>,
    form: GoalInput,
    figures: Vec<Choice>,
    services: Vec<Choice>,
}

fn goal_form((page, f): (Page, Frame), catalog: &Catalog, goal: Option<Uuid>, form: GoalInput) -> GoalForm {
    let figures = Figure::ALL
        .into_iter()
        .map(|x| Choice {
            id: x.id().into(),
            label: page.t(&x.label_key()),
        })
        .collect();
    let mut services: Vec<Choice> = catalog
        .services()
        .iter()
        .map(|s| Choice {
            id: s.id.clone(),
            label: s.name(page.lang).to_string(),
        })
        .collect();
    services.sort_by(|a, b| a.label.cmp(&b.label));
    GoalForm {
        figures,
        services,
        goal,
        form,
        f,
        page,
    }
}

fn comma(lang: Lang) -> bool {
    lang != Lang::En
}

pub async fn new_goal(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(agency): Path<String>,
) -> AppResult<Response> {
    let office = office_of(&staff);
    let (stored, catalog) = editable(&state, &office, &agency).await?;
    let Some(stored) = stored else {
        return Ok(Redirect::to(&format!("/verwaltung/cdo/strategien/{agency}/bearbeiten")).into_response());
    };
    let form = GoalInput {
        figure: Figure::OnlineShare.id().into(),
        direction: "higher".into(),
        revision: stored.revision.to_string(),
        ..GoalInput::default()
    };
    let framed = frame((page, &session), &catalog, agency, stored.revision, FormErrors::default()).await?;
    Ok(goal_form(framed, &catalog, None, form).into_response())
}

pub async fn edit_goal(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path((agency, id)): Path<(String, Uuid)>,
) -> AppResult<GoalForm> {
    let office = office_of(&staff);
    let (stored, catalog) = editable(&state, &office, &agency).await?;
    let stored = stored.ok_or(AppError(Error::NotFound))?;
    let goal = stored.strategy.goal(id).ok_or(AppError(Error::NotFound))?;
    let form = GoalInput {
        revision: stored.revision.to_string(),
        ..GoalInput::of(goal, comma(page.lang))
    };
    let framed = frame((page, &session), &catalog, agency, stored.revision, FormErrors::default()).await?;
    Ok(goal_form(framed, &catalog, Some(id), form))
}

/// Saves a goal: a live figure's baseline is the figure when the goal is set, kept while
/// the goal measures the same figure of the same service.
async fn save_goal(
    state: &AppState,
    (page, session): (Page, &SessionHandle),
    staff: &Staff,
    (agency, id): (String, Option<Uuid>),
    form: GoalInput,
) -> AppResult<Response> {
    let office = office_of(staff);
    let (_, catalog) = editable(state, &office, &agency).await?;
    let (overview, _) = digitalisation::figures(state).await?;
    let result = match form.parse(id.unwrap_or_else(Uuid::now_v7)) {
        Err(problems) => Err(problems),
        Ok(mut goal) => {
            strategies::change(&state.db, &*state.clock, &office, &catalog, (&agency, seen(&form.revision)), |s| {
                let existing = id.map(|id| s.goal(id).cloned().ok_or_else(Vec::new)).transpose()?;
                if goal.figure != Figure::Reported {
                    goal.baseline = match existing
                        .as_ref()
                        .filter(|e: &&Goal| e.figure == goal.figure && e.service == goal.service)
                    {
                        Some(e) => e.baseline,
                        None => goal.current(&overview, &agency),
                    };
                }
                let title = goal.title.clone();
                match s.goals.iter_mut().find(|g| g.id == goal.id) {
                    Some(slot) => {
                        *slot = goal;
                        Ok((Change::GoalEdited, title))
                    }
                    None => {
                        s.goals.push(goal);
                        Ok((Change::GoalAdded, title))
                    }
                }
            })
            .await?
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/verwaltung/cdo/strategien/{agency}?hinweis=ziel#ziele")).into_response()),
        Err(problems) if problems.is_empty() => Err(AppError(Error::NotFound)),
        Err(problems) => {
            let (revision, errors) = refusal((state, &page), &office, &agency, problems, &form.revision).await?;
            let form = GoalInput {
                revision: revision.to_string(),
                ..form
            };
            let framed = frame((page, session), &catalog, agency, revision, errors).await?;
            Ok(invalid(goal_form(framed, &catalog, id, form)))
        }
    }
}

pub async fn create_goal(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(agency): Path<String>,
    Form(form): Form<GoalInput>,
) -> AppResult<Response> {
    save_goal(&state, (page, &session), &staff, (agency, None), form).await
}

pub async fn update_goal(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path((agency, id)): Path<(String, Uuid)>,
    Form(form): Form<GoalInput>,
) -> AppResult<Response> {
    save_goal(&state, (page, &session), &staff, (agency, Some(id)), form).await
}

#[derive(serde::Deserialize)]
pub struct Removal {
    #[serde(default)]
    revision: String,
}

/// Removes a goal (measures no longer name it) or a measure; the history keeps both.
async fn remove(state: &AppState, staff: &Staff, (agency, id): (&str, Uuid), goal: bool, revision: &str) -> AppResult<Response> {
    let office = office_of(staff);
    let (_, catalog) = editable(state, &office, agency).await?;
    let result = strategies::change(&state.db, &*state.clock, &office, &catalog, (agency, seen(revision)), |s| {
        if goal {
            let at = s.goals.iter().position(|g| g.id == id).ok_or_else(Vec::new)?;
            for m in &mut s.measures {
                m.goals.retain(|g| *g != id);
            }
            Ok((Change::GoalRemoved, s.goals.remove(at).title))
        } else {
            let at = s.measures.iter().position(|m| m.id == id).ok_or_else(Vec::new)?;
            Ok((Change::MeasureRemoved, s.measures.remove(at).title))
        }
    })
    .await?;
    match result {
        Ok(_) => {
            let (notice, anchor) = if goal {
                ("ziel-entfernt", "ziele")
            } else {
                ("massnahme-entfernt", "massnahmen")
            };
            Ok(Redirect::to(&format!("/verwaltung/cdo/strategien/{agency}?hinweis={notice}#{anchor}")).into_response())
        }
        Err(problems) if problems.is_empty() => Err(AppError(Error::NotFound)),
        // Someone changed the strategy since the page was read: nothing is removed, and
        // the page says so with the change in its history.
        Err(_) => Ok(Redirect::to(&format!("/verwaltung/cdo/strategien/{agency}?hinweis=geaendert")).into_response()),
    }
}

pub async fn remove_goal(
    State(state): State<AppState>,
    staff: Staff,
    Path((agency, id)): Path<(String, Uuid)>,
    Form(form): Form<Removal>,
) -> AppResult<Response> {
    remove(&state, &staff, (&agency, id), true, &form.revision).await
}

pub async fn remove_measure(
    State(state): State<AppState>,
    staff: Staff,
    Path((agency, id)): Path<(String, Uuid)>,
    Form(form): Form<Removal>,
) -> AppResult<Response> {
    remove(&state, &staff, (&agency, id), false, &form.revision).await
}

pub struct GoalChoice {
    pub id: String,
    pub title: String,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/strategy_measure_form.html")]
pub struct MeasureForm {
    page: Page,
    f: Frame,
    measure: Option<Uuid>,
    form: StrategyMeasureInput,
    statuses: Vec<Choice>,
    goals: Vec<GoalChoice>,
}

fn measure_form((page, f): (Page, Frame), stored: &Stored, measure: Option<Uuid>, form: StrategyMeasureInput) -> MeasureForm {
    let statuses = MeasureStatus::ALL
        .into_iter()
        .map(|s| Choice {
            id: s.id().into(),
            label: page.t(s.label_key()),
        })
        .collect();
    let goals = stored
        .strategy
        .goals
        .iter()
        .map(|g| GoalChoice {
            id: g.id.to_string(),
            title: g.title.clone(),
            checked: form.goals.contains(&g.id.to_string()),
        })
        .collect();
    MeasureForm {
        statuses,
        goals,
        measure,
        form,
        f,
        page,
    }
}

pub async fn new_measure(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(agency): Path<String>,
) -> AppResult<Response> {
    let office = office_of(&staff);
    let (stored, catalog) = editable(&state, &office, &agency).await?;
    let Some(stored) = stored else {
        return Ok(Redirect::to(&format!("/verwaltung/cdo/strategien/{agency}/bearbeiten")).into_response());
    };
    let form = StrategyMeasureInput {
        status: MeasureStatus::Planned.id().into(),
        revision: stored.revision.to_string(),
        ..StrategyMeasureInput::default()
    };
    let framed = frame((page, &session), &catalog, agency, stored.revision, FormErrors::default()).await?;
    Ok(measure_form(framed, &stored, None, form).into_response())
}

pub async fn edit_measure(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path((agency, id)): Path<(String, Uuid)>,
) -> AppResult<MeasureForm> {
    let office = office_of(&staff);
    let (stored, catalog) = editable(&state, &office, &agency).await?;
    let stored = stored.ok_or(AppError(Error::NotFound))?;
    let measure = stored.strategy.measure(id).ok_or(AppError(Error::NotFound))?;
    let form = StrategyMeasureInput {
        revision: stored.revision.to_string(),
        ..StrategyMeasureInput::of(measure)
    };
    let framed = frame((page, &session), &catalog, agency, stored.revision, FormErrors::default()).await?;
    Ok(measure_form(framed, &stored, Some(id), form))
}

async fn save_measure(
    state: &AppState,
    (page, session): (Page, &SessionHandle),
    staff: &Staff,
    (agency, id): (String, Option<Uuid>),
    form: StrategyMeasureInput,
) -> AppResult<Response> {
    let office = office_of(staff);
    let (stored, catalog) = editable(state, &office, &agency).await?;
    let stored = stored.ok_or(AppError(Error::NotFound))?;
    let result = match form.parse(id.unwrap_or_else(Uuid::now_v7)) {
        Err(problems) => Err(problems),
        Ok(measure) => {
            strategies::change(&state.db, &*state.clock, &office, &catalog, (&agency, seen(&form.revision)), |s| {
                let title = measure.title.clone();
                match (id, s.measures.iter_mut().find(|m| m.id == measure.id)) {
                    (Some(_), Some(slot)) => {
                        *slot = measure;
                        Ok((Change::MeasureEdited, title))
                    }
                    (Some(_), None) => Err(Vec::new()),
                    (None, _) => {
                        s.measures.push(measure);
                        Ok((Change::MeasureAdded, title))
                    }
                }
            })
            .await?
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/verwaltung/cdo/strategien/{agency}?hinweis=massnahme#massnahmen")).into_response()),
        Err(problems) if problems.is_empty() => Err(AppError(Error::NotFound)),
        Err(problems) => {
            let (revision, errors) = refusal((state, &page), &office, &agency, problems, &form.revision).await?;
            let form = StrategyMeasureInput {
                revision: revision.to_string(),
                ..form
            };
            let framed = frame((page, session), &catalog, agency, revision, errors).await?;
            Ok(invalid(measure_form(framed, &stored, id, form)))
        }
    }
}

pub async fn create_measure(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(agency): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    save_measure(
        &state,
        (page, &session),
        &staff,
        (agency, None),
        StrategyMeasureInput::from_pairs(pairs),
    )
    .await
}

pub async fn update_measure(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path((agency, id)): Path<(String, Uuid)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    save_measure(
        &state,
        (page, &session),
        &staff,
        (agency, Some(id)),
        StrategyMeasureInput::from_pairs(pairs),
    )
    .await
}
