//! `/verwaltung/cdo/supportende`: the end-of-support table the register is read against —
//! each product with the names components use for it and its release cycles, shipped or
//! imported — and, for the CDO office, the import of one product's file as
//! endoflife.date publishes it (`https://endoflife.date/api/<product>.json`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};

use super::register::office_of;
use crate::auth::Staff;
use crate::error::{AppError, AppResult, invalid};
use crate::forms::{next_part, open_multipart};
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::cockpit::end_of_support::Eol;
use rathaus_core::cockpit::register;
use rathaus_platform::Error;
use rathaus_platform::i18n::{date, date_time};

pub struct CycleLine {
    pub cycle: String,
    pub eol: String,
    pub latest: String,
}

pub struct ProductLine {
    pub product: String,
    pub label: String,
    pub aliases: String,
    pub source: String,
    pub cycles: Vec<CycleLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/end_of_support.html")]
pub struct TablePage {
    page: Page,
    products: Vec<ProductLine>,
    can_import: bool,
    error: Option<String>,
    done: Option<String>,
    form: ImportForm,
}

#[derive(Debug, Clone, Default)]
pub struct ImportForm {
    pub product: String,
    pub label: String,
    pub aliases: String,
}

async fn table_page(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    staff: &Staff,
    (error, done, form): (Option<String>, Option<String>, ImportForm),
) -> AppResult<TablePage> {
    let office = office_of(staff);
    if !office.may_enter() {
        return Err(AppError(Error::Forbidden));
    }
    let table = register::table(&state.db).await?;
    let l = page.lang;
    let products = table
        .products()
        .iter()
        .map(|p| ProductLine {
            product: p.product.clone(),
            label: p.label.clone(),
            aliases: p.aliases.join(", "),
            source: match &p.imported {
                None => page.t("cockpit-eol-shipped"),
                Some((at, by)) => l.t_args("cockpit-eol-imported", &[("at", date_time(l, *at)), ("by", by.clone())]),
            },
            cycles: p
                .cycles
                .iter()
                .map(|c| CycleLine {
                    cycle: c.cycle.clone(),
                    eol: match c.eol {
                        Eol::On(d) => date(l, d),
                        Eol::NotAnnounced => page.t("cockpit-eol-not-announced"),
                        Eol::Ended => page.t("cockpit-eol-ended"),
                    },
                    latest: c.latest.clone().unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    if office.cdo {
        page.csrf = Some(session.csrf_token().await?);
    }
    Ok(TablePage {
        products,
        can_import: office.cdo,
        error,
        done,
        form,
        page,
    })
}

pub async fn show(State(state): State<AppState>, page: Page, session: SessionHandle, staff: Staff) -> AppResult<TablePage> {
    table_page(&state, (page, &session), &staff, (None, None, ImportForm::default())).await
}

/// Imports one product's file: the table afterwards, or the form again with what was
/// typed and why the file was refused.
pub async fn import(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    request: Request,
) -> AppResult<Response> {
    let office = office_of(&staff);
    if !office.cdo {
        return Err(AppError(Error::Forbidden));
    }
    let limit = state.config.files.max_upload_bytes;
    let mut multipart = open_multipart(&state, request).await?;
    let mut form = ImportForm::default();
    let mut file = Vec::new();
    while let Some(part) = next_part(&state, &mut multipart).await? {
        match part.name() {
            Some("product") => form.product = part.text().await.unwrap_or_default(),
            Some("label") => form.label = part.text().await.unwrap_or_default(),
            Some("aliases") => form.aliases = part.text().await.unwrap_or_default(),
            Some("file") => file = part.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
            _ => {}
        }
    }
    let text = match std::str::from_utf8(&file) {
        _ if file.len() as u64 > limit => Err(page.t("cockpit-import-too-large")),
        _ if file.is_empty() => Err(page.t("cockpit-import-no-file")),
        Ok(text) => Ok(text.to_string()),
        Err(_) => Err(page.t("cockpit-import-unreadable")),
    };
    let aliases: Vec<String> = form
        .aliases
        .split([',', '\n'])
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect();
    let result = match text {
        Ok(text) => match register::import_cycles(
            &state.db,
            &*state.clock,
            (&format!("account:{}", staff.account.id), &office.name),
            (&form.product, Some(form.label.as_str()), &aliases),
            &text,
        )
        .await
        {
            Ok(cycles) => Ok(cycles),
            // The key of the refusal, and after it what the file got wrong (in English,
            // as the file's own field names are).
            Err(Error::Invalid(message)) => Err(match message.split_once(": ") {
                Some((key, detail)) => format!("{} {detail}", page.t(key)),
                None => page.t(&message),
            }),
            Err(other) => return Err(other.into()),
        },
        Err(message) => Err(message),
    };
    match result {
        Ok(cycles) => {
            let done = page.lang.t_args(
                "cockpit-eol-done",
                &[("cycles", cycles.to_string()), ("product", form.product.trim().to_lowercase())],
            );
            Ok(
                table_page(&state, (page, &session), &staff, (None, Some(done), ImportForm::default()))
                    .await?
                    .into_response(),
            )
        }
        Err(message) => {
            let shown = table_page(&state, (page, &session), &staff, (Some(message), None, form)).await?;
            Ok(invalid(shown))
        }
    }
}
