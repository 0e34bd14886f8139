//! Four eyes on decisions, on the case page: a decision proposed for approval, its
//! preview, and the second clerk's answer — approve (the decision is issued as
//! proposed) or return with a reason. The rules are the domain's
//! (`cases::four_eyes`); here they are shown and asked.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use uuid::Uuid;

use super::case::{TextForm, answer};
use super::decision::facts_of;
use super::load;
use crate::auth::Staff;
use crate::error::AppResult;
use crate::format;
use crate::page::Page;
use crate::routes::applications::made_document;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::accounts::account_by_id;
use rathaus_core::applications::Application;
use rathaus_core::cases::decisions::{self, Approval, Issue};
use rathaus_core::cases::four_eyes::{self, Proposal, ProposalState};

/// A proposal as the case page lists it.
pub struct ProposalView {
    pub id: Uuid,
    pub open: bool,
    /// "Vorgeschlagen von Carla Fall am 3.12.2026, 10:15"
    pub proposed: String,
    pub outcome: String,
    pub title: String,
    pub reasons: String,
    /// "12,50 € der Gebühr erlassen: …", where the proposal waives some.
    pub waiver: Option<String>,
    pub note: String,
    /// "Zurückgegeben von Bernd Zweit am …" or "Freigegeben von …".
    pub answered: Option<String>,
    /// Why it was returned.
    pub answer: String,
    /// The viewer proposed it: they may not answer it.
    pub own: bool,
    /// Where its author revises it: the newest proposal, once returned.
    pub revise_href: Option<String>,
}

async fn name(state: &AppState, names: &mut HashMap<Uuid, String>, id: Uuid) -> AppResult<String> {
    if let Some(name) = names.get(&id) {
        return Ok(name.clone());
    }
    let name = account_by_id(state.db.write(), id).await?.display_name;
    names.insert(id, name.clone());
    Ok(name)
}

/// The case's proposals, newest first, as the staff member `me` sees them.
pub async fn views(state: &AppState, page: &Page, case: &Application, me: Uuid) -> AppResult<Vec<ProposalView>> {
    let proposals = four_eyes::of_case(&state.db, case.id).await?;
    let newest = proposals.last().map(|p| p.id);
    let mut names = HashMap::new();
    let mut views = Vec::new();
    for p in proposals.iter().rev() {
        let proposer = name(state, &mut names, p.proposed_by).await?;
        let answered = match (p.state, p.answered_by, p.answered_at) {
            (ProposalState::Open, ..) | (_, None, _) | (_, _, None) => None,
            (answer, Some(by), Some(at)) => {
                let key = match answer {
                    ProposalState::Returned => "proposal-returned-by",
                    _ => "proposal-approved-by",
                };
                let by = name(state, &mut names, by).await?;
                Some(page.lang.t_args(key, &[("name", by), ("at", format::date_time(page.lang, at))]))
            }
        };
        views.push(ProposalView {
            id: p.id,
            open: p.state == ProposalState::Open,
            proposed: page.lang.t_args(
                "proposal-proposed-by",
                &[("name", proposer), ("at", format::date_time(page.lang, p.proposed_at))],
            ),
            outcome: page.t(&format!("case-status-decided-{}", p.draft.outcome.as_str())),
            title: p.draft.title.clone(),
            reasons: p.draft.reasons.clone(),
            waiver: p.draft.waiver.as_ref().map(|w| {
                page.lang.t_args(
                    "proposal-waiver",
                    &[("amount", format::money(page.lang, w.cents)), ("reason", w.reason.clone())],
                )
            }),
            note: p.note.clone(),
            answered,
            answer: p.answer.clone(),
            own: p.proposed_by == me,
            revise_href: (p.state == ProposalState::Returned && Some(p.id) == newest)
                .then(|| format!("/verwaltung/vorgaenge/{}/bescheid?ueberarbeiten={}", case.id, p.id)),
        });
    }
    Ok(views)
}

/// The proposal as a PDF marked "ENTWURF", for the second clerk to read.
pub async fn preview(State(state): State<AppState>, staff: Staff, Path((id, proposal)): Path<(Uuid, Uuid)>) -> AppResult<Response> {
    let (_, case, _) = load(&state, &staff, id).await?;
    let proposal = find(&state, &case, proposal).await?;
    let facts = facts_of(&state, &case).await?;
    let corrected = match proposal.corrects {
        Some(old) => decisions::of_case(&state.db, case.id)
            .await?
            .into_iter()
            .find(|d| d.id == old)
            .map(|d| format!("{} ({})", d.title, d.code)),
        None => None,
    };
    let pdf = decisions::render(
        &case,
        &proposal.draft,
        &facts.facts(),
        None,
        corrected.as_deref(),
        state.clock.now(),
    )?;
    Ok(made_document(pdf, "application/pdf", "inline; filename=\"Entwurf.pdf\""))
}

async fn find(state: &AppState, case: &Application, id: Uuid) -> AppResult<Proposal> {
    let found = four_eyes::of_case(&state.db, case.id).await?.into_iter().find(|p| p.id == id);
    Ok(found.ok_or(rathaus_platform::Error::NotFound)?)
}

/// A second clerk approves: the decision is issued exactly as proposed.
pub async fn approve(State(state): State<AppState>, staff: Staff, Path((id, proposal)): Path<(Uuid, Uuid)>) -> AppResult<Response> {
    let (scope, case, _) = load(&state, &staff, id).await?;
    let proposal = four_eyes::open_for_second_clerk(&state.db, &scope, &case, proposal).await?;
    let facts = facts_of(&state, &case).await?;
    let request = Issue {
        draft: &proposal.draft,
        facts: &facts.facts(),
        corrects: proposal.corrects,
        approval: Some(Approval {
            proposal: proposal.id,
            proposed_by: proposal.proposed_by,
        }),
    };
    decisions::issue(&state.db, &state.blobs, &state.seal, &*state.clock, &scope, &case, &request).await?;
    Ok(Redirect::to(&format!("/verwaltung/vorgaenge/{id}?hinweis=bescheid")).into_response())
}

/// A second clerk returns the proposal to its author, with a reason.
pub async fn send_back(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path((id, proposal)): Path<(Uuid, Uuid)>,
    Form(form): Form<TextForm>,
) -> AppResult<Response> {
    let loaded = load(&state, &staff, id).await?;
    let done = four_eyes::send_back(&state.db, &*state.clock, &loaded.0, &loaded.1, proposal, form.return_reason()).await;
    answer(&state, page, &session, loaded, form, done, "return_reason").await
}
