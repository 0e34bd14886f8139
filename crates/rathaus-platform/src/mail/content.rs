//! The shared layout of every mail: greeting, paragraphs, one action link, footer.

use askama::Template;

use super::OutgoingMail;
use crate::Result;
use crate::i18n::Lang;

/// What a mail says; domains fill it with translated texts.
#[derive(Debug, Clone)]
pub struct MailContent {
    pub lang: Lang,
    pub city: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// Button label and absolute link.
    pub action: Option<(String, String)>,
}

impl MailContent {
    pub fn new(lang: Lang, city: impl Into<String>) -> Self {
        Self {
            lang,
            city: city.into(),
            greeting: lang.t("mail-greeting"),
            paragraphs: vec![],
            action: None,
        }
    }

    pub fn paragraph(mut self, text: impl Into<String>) -> Self {
        self.paragraphs.push(text.into());
        self
    }

    pub fn action(mut self, label: impl Into<String>, url: impl Into<String>) -> Self {
        self.action = Some((label.into(), url.into()));
        self
    }

    pub fn render(&self, to: impl Into<String>, subject: impl Into<String>) -> Result<OutgoingMail> {
        let subject = subject.into();
        let (text, html) = super::render_layout(self, &subject)?;
        Ok(OutgoingMail {
            to: to.into(),
            subject,
            text,
            html,
            attachments: Vec::new(),
        })
    }
}

#[derive(Template)]
#[template(path = "mail/layout.html")]
pub(super) struct HtmlLayout<'a> {
    html_lang: &'static str,
    city: &'a str,
    subject: &'a str,
    greeting: &'a str,
    paragraphs: &'a [String],
    action: &'a Option<(String, String)>,
    footer: String,
}

impl<'a> HtmlLayout<'a> {
    pub(super) fn new(c: &'a MailContent, subject: &'a str) -> Self {
        Self {
            html_lang: c.lang.html_lang(),
            city: &c.city,
            subject,
            greeting: &c.greeting,
            paragraphs: &c.paragraphs,
            action: &c.action,
            footer: c.lang.t("mail-footer"),
        }
    }
}

#[derive(Template)]
#[template(path = "mail/layout.txt", escape = "none")]
pub(super) struct TextLayout<'a> {
    city: &'a str,
    subject: &'a str,
    greeting: &'a str,
    paragraphs: &'a [String],
    action: &'a Option<(String, String)>,
    footer: String,
}

impl<'a> TextLayout<'a> {
    pub(super) fn new(c: &'a MailContent, subject: &'a str) -> Self {
        Self {
            city: &c.city,
            subject,
            greeting: &c.greeting,
            paragraphs: &c.paragraphs,
            action: &c.action,
            footer: c.lang.t("mail-footer"),
        }
    }
}
