//! The Servicekonto pages under `/konto`: register, confirm the address, sign in and
//! out, reset and change the password, see and end sessions, second factors and
//! passkeys, the step-up to a higher assurance level.

mod eid;
pub(crate) mod organisations;
mod overview;
mod passkey;
mod password;
mod privacy;
mod profile;
mod register;
mod second_factor;
mod security;
mod sign_in;
mod step_up;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::routing::{get, post};

use crate::page::Page;
use crate::state::AppState;
use rathaus_core::accounts::notices::Site;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/konto", get(overview::show))
        .route("/konto/registrieren", get(register::form).post(register::submit))
        .route("/konto/registrieren/gesendet", get(register::sent))
        .route("/konto/bestaetigen", get(register::confirm_form).post(register::confirm))
        .route("/konto/anmelden", get(sign_in::form).post(sign_in::submit))
        .route("/konto/abmelden", post(sign_in::sign_out))
        .route("/konto/passwort-vergessen", get(password::forgot_form).post(password::forgot))
        .route("/konto/passwort-vergessen/gesendet", get(password::forgot_sent))
        .route("/konto/passwort-neu", get(password::reset_form).post(password::reset))
        .route("/konto/passwort", get(password::change_form).post(password::change))
        .route("/konto/sitzungen/beenden", post(overview::end_session))
        .route("/konto/daten", get(profile::show).post(profile::save))
        .route("/konto/zweiter-faktor", get(second_factor::form).post(second_factor::submit))
        .route("/konto/stufe", get(step_up::show))
        .route("/konto/sicherheit", get(security::show))
        .route("/konto/sicherheit/app", get(security::totp_form).post(security::totp_confirm))
        .route("/konto/sicherheit/app/entfernen", post(security::totp_remove))
        .route(
            "/konto/sicherheit/wiederherstellungscodes",
            get(security::fresh_codes).post(security::recovery_renew),
        )
        .route("/konto/sicherheit/passkey/optionen", post(passkey::registration_options))
        .route("/konto/sicherheit/passkey", post(passkey::register))
        .route("/konto/sicherheit/passkey/entfernen", post(passkey::remove))
        .route("/konto/passkey/optionen", post(passkey::sign_in_options))
        .route("/konto/passkey/anmelden", post(passkey::sign_in))
        .route("/konto/eid", get(eid::start))
        .route("/konto/eid/rueckkehr", get(eid::callback))
        .route("/konto/sicherheit/eid", post(eid::start_link))
        .route("/konto/sicherheit/eid/trennen", post(eid::unlink))
        .route("/konto/organisationen", get(organisations::list).post(organisations::create))
        .route("/konto/organisationen/selbst", post(organisations::act_for_self))
        .route(
            "/konto/organisationen/einladung",
            get(organisations::invitation).post(organisations::accept),
        )
        .route("/konto/organisationen/{id}", get(organisations::show))
        .route("/konto/organisationen/{id}/einladen", post(organisations::invite))
        .route(
            "/konto/organisationen/{id}/einladungen/zurueckziehen",
            post(organisations::withdraw),
        )
        .route("/konto/organisationen/{id}/mitglieder/entfernen", post(organisations::remove))
        .route("/konto/organisationen/{id}/mitglieder/rolle", post(organisations::set_role))
        .route("/konto/organisationen/{id}/handeln", post(organisations::act_for))
        .route("/konto/meine-daten", get(privacy::show))
        .route("/konto/meine-daten/export.json", get(privacy::export))
        .route("/konto/meine-daten/export.zip", get(privacy::export_archive))
        .route("/konto/loeschen", get(privacy::delete_form).post(privacy::delete))
}

pub(crate) fn site<'a>(state: &'a AppState, page: &Page) -> Site<'a> {
    Site {
        city: &state.config.city_name,
        public_url: &state.config.public_url,
        lang: page.lang,
    }
}

/// A page that only tells something: "check your mail", "this link has expired".
#[derive(Template, WebTemplate)]
#[template(path = "account/notice.html")]
pub struct Notice {
    page: Page,
    title: String,
    text: String,
    link: Option<(String, String)>,
}

fn notice(page: Page, key: &str, link: Option<(&str, &str)>) -> Notice {
    Notice {
        title: page.t(&format!("{key}-title")),
        text: page.t(&format!("{key}-text")),
        link: link.map(|(href, label)| (href.to_string(), page.t(label))),
        page,
    }
}

pub(crate) use crate::error::invalid;
