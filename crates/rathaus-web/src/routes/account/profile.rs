//! Stammdaten: the person's own data, each field marked verified or self-entered.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono_tz::Europe::Berlin;

use super::invalid;
use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::forms::FormErrors;
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::accounts::profile::{self, Profile, ProfileForm};
use rathaus_platform::i18n::Lang;

#[derive(Template, WebTemplate)]
#[template(path = "account/profile.html")]
pub struct ProfilePage {
    page: Page,
    form: ProfileForm,
    current: Profile,
    errors: FormErrors,
    languages: Vec<(&'static str, &'static str)>,
}

impl ProfilePage {
    fn verified(&self, field: &str) -> bool {
        self.current.is_verified(field)
    }
}

/// The stored profile, or a first draft from the account's name.
async fn current(state: &AppState, who: &SignedIn, lang: Lang) -> AppResult<Profile> {
    Ok(match profile::load(&state.db, who.account.id).await? {
        Some(p) => p,
        None => Profile {
            preferred_lang: lang,
            ..Profile::draft(&who.account)
        },
    })
}

fn languages() -> Vec<(&'static str, &'static str)> {
    Lang::ALL.iter().map(|l| (l.code(), l.endonym())).collect()
}

pub async fn show(State(state): State<AppState>, who: SignedIn, mut page: Page) -> AppResult<ProfilePage> {
    let current = current(&state, &who, page.lang).await?;
    page.csrf = Some(who.session.csrf_token.clone());
    Ok(ProfilePage {
        form: ProfileForm::from_profile(&current),
        current,
        page,
        errors: FormErrors::default(),
        languages: languages(),
    })
}

pub async fn save(State(state): State<AppState>, who: SignedIn, mut page: Page, Form(form): Form<ProfileForm>) -> AppResult<Response> {
    let current = current(&state, &who, page.lang).await?;
    let today = state.clock.now().with_timezone(&Berlin).date_naive();
    match form.parse(&current, today) {
        Ok(updated) => {
            profile::save(&state.db, &*state.clock, who.account.id, &current, &updated).await?;
            Ok(Redirect::to("/konto?hinweis=daten").into_response())
        }
        Err(problems) => {
            page.csrf = Some(who.session.csrf_token.clone());
            let errors = FormErrors::from_keys(&page, problems.iter().map(|p| (p.field, p.key)));
            Ok(invalid(ProfilePage {
                page,
                form,
                current,
                errors,
                languages: languages(),
            }))
        }
    }
}
