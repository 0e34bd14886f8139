//! What every form page shares: messages per field (for the error summary and the
//! fields), and return addresses that can only lead back into this site.

use axum::extract::multipart::Field;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;

use crate::error::{AppError, AppResult};
use crate::page::Page;
use crate::state::AppState;
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

#[derive(Debug, Clone)]
pub struct FieldMessage {
    pub field: &'static str,
    pub text: String,
}

/// Translated messages per field, in the order of the form.
#[derive(Debug, Clone, Default)]
pub struct FormErrors(pub Vec<FieldMessage>);

impl FormErrors {
    pub fn from_keys(page: &Page, problems: impl IntoIterator<Item = (&'static str, &'static str)>) -> Self {
        Self(
            problems
                .into_iter()
                .map(|(field, key)| FieldMessage { field, text: page.t(key) })
                .collect(),
        )
    }

    /// The messages of the fields a domain check named.
    pub fn of(page: &Page, problems: Vec<rathaus_core::FieldError>) -> Self {
        Self::from_keys(page, problems.into_iter().map(|e| (e.field, e.key)))
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.text.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldMessage> {
        self.0.iter()
    }
}

/// A return address from a query string, if it stays on this site: a path starting
/// with one `/`, without a scheme, host, backslash or control character.
pub fn safe_return(candidate: &str) -> Option<String> {
    let ok = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.starts_with("/\\")
        && !candidate.contains(['\\', '\r', '\n', '\t'])
        && !candidate.chars().any(char::is_control)
        && candidate.len() <= 500;
    ok.then(|| candidate.to_string())
}

/// The message for a refused upload, or the error itself when it is not about the file.
pub fn upload_problem(error: Error, lang: Lang) -> Result<String, Error> {
    upload_problem_text(&error, lang).ok_or(error)
}

/// The message of an upload's refusal, if it is one a person can act on.
pub fn upload_problem_text(error: &Error, lang: Lang) -> Option<String> {
    match error {
        Error::TooLarge { limit } => Some(lang.t_args("form-error-file-too-large", &[("mb", (limit / (1024 * 1024)).max(1).to_string())])),
        Error::Invalid(m) if m.starts_with("file-type-not-accepted") => Some(lang.t("form-error-file-type")),
        Error::Invalid(m) if m == "file-infected" => Some(lang.t("form-error-file-infected")),
        Error::Invalid(m) if m.starts_with("upload interrupted") => Some(lang.t("form-error-file-interrupted")),
        Error::Unavailable(_) => Some(lang.t("form-error-file-scan-unavailable")),
        _ => None,
    }
}

/// Opens a form that carries files.
pub async fn open_multipart(state: &AppState, request: Request) -> AppResult<Multipart> {
    Multipart::from_request(request, state)
        .await
        .map_err(|_| AppError(Error::Invalid("the upload could not be read".into())))
}

/// The next part of a form that carries files. A body over the upload cap is
/// `TooLarge` (the page says how large a file may be), anything unreadable `Invalid`.
pub async fn next_part<'a>(state: &AppState, multipart: &'a mut Multipart) -> AppResult<Option<Field<'a>>> {
    match multipart.next_field().await {
        Ok(field) => Ok(field),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(AppError(Error::TooLarge {
            limit: state.config.files.max_upload_bytes,
        })),
        Err(_) => Err(AppError(Error::Invalid("the upload could not be read".into()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_own_paths_are_accepted() {
        assert_eq!(safe_return("/konto").as_deref(), Some("/konto"));
        assert_eq!(safe_return("/leistungen?x=1").as_deref(), Some("/leistungen?x=1"));
        for bad in [
            "https://evil.example.org",
            "//evil.example.org",
            "/\\evil.example.org",
            "javascript:alert(1)",
            "",
            "konto",
            "/a\r\nLocation: x",
        ] {
            assert_eq!(safe_return(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn accepted_returns_never_leave_the_site(s in "\\PC{0,40}") {
            if let Some(path) = safe_return(&s) {
                let url = format!("https://rathaus.example.org{path}");
                prop_assert!(url.starts_with("https://rathaus.example.org/"));
                prop_assert!(!path.starts_with("//") && !path.contains('\\'));
            }
        }
    }
}
