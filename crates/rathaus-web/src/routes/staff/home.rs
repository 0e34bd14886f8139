//! `/verwaltung`: the staff start page with the person's roles and tools.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use crate::auth::Staff;
use crate::error::AppResult;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::accounts::Role;

#[derive(Template, WebTemplate)]
#[template(path = "staff/home.html")]
pub struct HomePage {
    page: Page,
    name: String,
    roles: Vec<String>,
    operator: bool,
    case_work: bool,
    mailroom: bool,
    calendars: bool,
    counter: bool,
    payments: bool,
}

pub async fn show(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<HomePage> {
    let catalog = state.catalog().await?;
    Ok(HomePage {
        roles: staff.grants.iter().map(|g| super::role_label(&page, &catalog, g)).collect(),
        operator: staff.has_anywhere(Role::Operator),
        mailroom: staff.has_anywhere(Role::Mailroom),
        calendars: staff.has_anywhere(Role::AgencyAdmin),
        counter: staff.has_anywhere(Role::Counter),
        payments: staff.has_anywhere(Role::Payments),
        case_work: !rathaus_core::cases::CaseScope::of(staff.account.id, &staff.grants).is_empty(),
        name: staff.account.display_name,
        page,
    })
}
