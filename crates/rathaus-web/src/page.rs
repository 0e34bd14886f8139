//! What every page template gets: language, path, city name, helpers for translated
//! text, the language switch, German money and date formats.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::sync::Arc;

use rathaus_platform::i18n::Lang;

#[derive(Debug, Clone)]
pub struct Page {
    pub lang: Lang,
    pub path: String,
    /// The query string without `lang`, to keep it on the language links.
    pub query: String,
    pub city: Arc<str>,
    /// Set on pages with a form.
    pub csrf: Option<String>,
    /// Set on staff pages: the workspace's navigation instead of the public one.
    pub workspace: Option<crate::workspace::Workspace>,
}

/// One entry of the language switch.
#[derive(Debug, Clone)]
pub struct LangLink {
    pub href: String,
    pub name: &'static str,
    pub html_lang: &'static str,
    pub current: bool,
}

impl Page {
    pub fn new(lang: Lang, path: &str, query: Option<&str>, city: Arc<str>) -> Self {
        let query = query
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("lang="))
            .collect::<Vec<_>>()
            .join("&");
        Self {
            lang,
            path: path.to_string(),
            query,
            city,
            csrf: None,
            workspace: None,
        }
    }

    /// A page for errors raised before the language was known.
    pub fn fallback(lang: Lang) -> Self {
        Self::new(lang, "/", None, Arc::from("Rathaus"))
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// A form label with "(freiwillig)".
    pub fn optional(&self, key: &str) -> String {
        format!("{} ({})", self.t(key), self.t("form-optional"))
    }

    pub fn t1(&self, key: &str, name: &'static str, value: impl std::fmt::Display) -> String {
        self.lang.t_args(key, &[(name, value.to_string())])
    }

    pub fn html_lang(&self) -> &'static str {
        self.lang.html_lang()
    }

    pub fn languages(&self) -> Vec<LangLink> {
        Lang::ALL
            .iter()
            .map(|&l| {
                let sep = if self.query.is_empty() { "" } else { "&" };
                LangLink {
                    href: format!("{}?{}{sep}lang={}", self.path, self.query, l.code()),
                    name: l.endonym(),
                    html_lang: l.html_lang(),
                    current: l == self.lang,
                }
            })
            .collect()
    }

    /// `aria-current` for the main navigation.
    pub fn in_section(&self, prefix: &str) -> bool {
        self.path == prefix || self.path.starts_with(&format!("{prefix}/"))
    }

    pub fn css_href(&self) -> &'static str {
        crate::assets::css_href()
    }

    pub fn passkey_js_href(&self) -> &'static str {
        crate::assets::passkey_js_href()
    }

    pub fn form_js_href(&self) -> &'static str {
        crate::assets::form_js_href()
    }

    pub fn display_js_href(&self) -> &'static str {
        crate::assets::display_js_href()
    }

    pub fn print_js_href(&self) -> &'static str {
        crate::assets::print_js_href()
    }

    pub fn challenge_js_href(&self) -> &'static str {
        crate::assets::challenge_js_href()
    }

    pub fn csrf_token(&self) -> &str {
        self.csrf.as_deref().unwrap_or("")
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Page>().cloned().unwrap_or_else(|| {
            let lang = parts.extensions.get::<Lang>().copied().unwrap_or_default();
            Page::new(lang, parts.uri.path(), parts.uri.query(), Arc::from("Rathaus"))
        }))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub page: Page,
    pub status: u16,
    pub title: String,
    pub text: String,
    pub detail: Option<String>,
}

impl ErrorPage {
    pub fn new(page: Page, status: u16, key: &str, detail: Option<String>) -> Self {
        Self {
            title: page.t(&format!("{key}-title")),
            text: page.t(&format!("{key}-text")),
            page,
            status,
            detail,
        }
    }

    pub fn render_html(&self) -> String {
        self.render().unwrap_or_else(|e| {
            tracing::error!(error = %e, "error page failed to render");
            format!(
                "<!DOCTYPE html><html lang=\"de\"><title>{}</title><h1>{}</h1></html>",
                self.status, self.status
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use rathaus_platform::i18n::Lang;
    use std::path::Path;

    /// Literal keys passed to `t("…")`, `t1("…")` or `t_args("…")` in a file.
    fn keys_in(text: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for marker in [".t(\"", ".t1(\"", ".t_args(\""] {
            for (i, _) in text.match_indices(marker) {
                let rest = &text[i + marker.len()..];
                if let Some(end) = rest.find('"') {
                    let key = &rest[..end];
                    if !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                        keys.push(key.to_string());
                    }
                }
            }
        }
        keys
    }

    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "html" || e == "rs") {
                out.extend(keys_in(&std::fs::read_to_string(&path).unwrap()));
            }
        }
    }

    #[test]
    fn every_text_used_exists_in_german_and_english() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut keys = Vec::new();
        for dir in ["templates", "src", "../rathaus-core/src"] {
            walk(&root.join(dir), &mut keys);
        }
        keys.sort();
        keys.dedup();
        assert!(keys.len() > 100, "the scan found only {} keys", keys.len());
        for (lang, ftl) in [
            (Lang::De, include_str!("../../../locales/de/main.ftl")),
            (Lang::En, include_str!("../../../locales/en/main.ftl")),
        ] {
            let defined: Vec<&str> = ftl.lines().filter_map(|l| l.split_once(" =").map(|(k, _)| k)).collect();
            let missing: Vec<&String> = keys.iter().filter(|k| !defined.contains(&k.as_str())).collect();
            assert!(missing.is_empty(), "{lang}: no text for {missing:?}");
        }
    }
}
