//! The shared layout of every mail: greeting, paragraphs (with lists and links among
//! them), one action link, footer.

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
    pub blocks: Vec<Block>,
    /// Button label and absolute link.
    pub action: Option<(String, String)>,
}

impl MailContent {
    pub fn new(lang: Lang, city: impl Into<String>) -> Self {
        Self {
            lang,
            city: city.into(),
            greeting: lang.t("mail-greeting"),
            blocks: vec![],
            action: None,
        }
    }

    pub fn paragraph(mut self, text: impl Into<String>) -> Self {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    /// A bulleted list (nothing when `items` is empty).
    pub fn list(mut self, items: Vec<String>) -> Self {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
        self
    }

    /// Adds what `part` adds: a part shared by several mails.
    pub fn with(self, part: impl FnOnce(Self) -> Self) -> Self {
        part(self)
    }

    /// A plain link in the text, besides the one action button.
    pub fn link(mut self, label: impl Into<String>, url: impl Into<String>) -> Self {
        self.blocks.push(Block::Link(label.into(), url.into()));
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

/// One part of a mail's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    List(Vec<String>),
    /// Label and absolute link.
    Link(String, String),
}

#[derive(Template)]
#[template(path = "mail/layout.html")]
pub(super) struct HtmlLayout<'a> {
    html_lang: &'static str,
    city: &'a str,
    subject: &'a str,
    greeting: &'a str,
    blocks: &'a [Block],
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
            blocks: &c.blocks,
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
    blocks: &'a [Block],
    action: &'a Option<(String, String)>,
    footer: String,
}

impl<'a> TextLayout<'a> {
    pub(super) fn new(c: &'a MailContent, subject: &'a str) -> Self {
        Self {
            city: &c.city,
            subject,
            greeting: &c.greeting,
            blocks: &c.blocks,
            action: &c.action,
            footer: c.lang.t("mail-footer"),
        }
    }
}
