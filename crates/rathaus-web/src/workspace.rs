//! The staff workspace: pages under `/verwaltung` carry their own navigation, by the
//! roles the person holds (queue, calendars, counter, payments, mailroom, publications,
//! the CDO's cockpit and the register of IT procedures, operations),
//! instead of the residents' one. The layer finds the staff member once per request and
//! leaves them for the handler's [`Staff`] extractor.

use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::Staff;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::accounts::Role;

/// What the workspace's navigation offers this person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    pub case_work: bool,
    pub calendars: bool,
    pub counter: bool,
    pub payments: bool,
    pub mailroom: bool,
    pub transparency: bool,
    /// The CDO office's cockpit (city-wide figures).
    pub cdo: bool,
    /// The register of IT procedures: the CDO office and agency administrators.
    pub register: bool,
    pub operator: bool,
}

impl Workspace {
    pub fn of(staff: &Staff) -> Self {
        Self {
            case_work: !rathaus_core::cases::CaseScope::of(staff.account.id, &staff.grants).is_empty(),
            calendars: staff.has_anywhere(Role::AgencyAdmin),
            counter: staff.has_anywhere(Role::Counter),
            payments: staff.has_anywhere(Role::Payments),
            mailroom: staff.has_anywhere(Role::Mailroom),
            transparency: staff.has_anywhere(Role::Publisher) || staff.has_anywhere(Role::Reviewer),
            cdo: staff.has_anywhere(Role::Cdo),
            register: staff.has_anywhere(Role::Cdo) || staff.has_anywhere(Role::AgencyAdmin),
            operator: staff.has_anywhere(Role::Operator),
        }
    }
}

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/verwaltung") {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    // Not staff (or not at the level): the handler's own extractor answers.
    if let Ok(staff) = Staff::from_request_parts(&mut parts, &state).await {
        if let Some(page) = parts.extensions.get_mut::<Page>() {
            page.workspace = Some(Workspace::of(&staff));
        }
        parts.extensions.insert(staff);
    }
    next.run(Request::from_parts(parts, body)).await
}
