//! Mails about a booking, queued in the transaction that changes it: the link that
//! confirms a booking made with a mail address, the confirmation with its calendar
//! entry (.ics) and the link to move or cancel, the notices of a move or a
//! cancellation (with an updated or cancelling calendar entry), and the reminder. The
//! confirmation, the move and the reminder say what to bring and what it costs, from
//! the catalogue, and how to get there.

use icalendar::{Calendar as Ics, Component, EventLike, EventStatus};
use sea_orm::ConnectionTrait;

use super::store::{Appointment, Status};
use crate::catalog::Catalog;
use rathaus_platform::clock::Clock;
use rathaus_platform::i18n::{self, Lang};
use rathaus_platform::mail::{self, Attachment, MailContent};
use rathaus_platform::{Error, Result};

/// Where links point and whose name mails carry.
#[derive(Debug, Clone, Copy)]
pub struct Site<'a> {
    pub city: &'a str,
    pub public_url: &'a str,
}

#[derive(Debug, Clone, Copy)]
pub enum Notice<'a> {
    ConfirmLink {
        token: &'a str,
    },
    Booked {
        manage_token: &'a str,
    },
    Moved {
        manage_token: &'a str,
    },
    /// Shortly before the appointment (see `reminder`).
    Reminder {
        manage_token: &'a str,
    },
    /// `office_reason` when the office cancelled it (a closure).
    Cancelled {
        office_reason: Option<&'a str>,
    },
    /// An earlier place held for the booking `code` (now at `current`) from the
    /// waitlist; sent about the held place.
    EarlierOffer {
        token: &'a str,
        code: &'a str,
        current: chrono::DateTime<chrono::Utc>,
    },
}

/// The facts of a booking in words.
pub struct Described {
    pub when: String,
    pub location: String,
    pub address: String,
    pub services: String,
    /// What to bring and what it costs, per booked service.
    pub bring: Vec<Bring>,
    /// A map with the location's address, for the way there.
    pub directions: Option<String>,
    /// The booking is for several people: everyone brings their own documents.
    pub for_each_person: bool,
}

/// What one booked service needs at the counter.
pub struct Bring {
    pub service: String,
    /// From the catalogue, in the booking's language where written.
    pub documents: Vec<String>,
    /// The documents are the German list on a page in another language.
    pub documents_de: bool,
    pub fee: String,
}

/// A map search for the address (OpenStreetMap: no account, no tracking by us).
pub fn directions(street: &str, postcode: &str, city: &str) -> String {
    let mut url = url::Url::parse("https://www.openstreetmap.org/search").expect("a valid address");
    url.query_pairs_mut().append_pair("query", &format!("{street}, {postcode} {city}"));
    url.to_string()
}

pub fn describe(catalog: &Catalog, booking: &Appointment, lang: Lang) -> Described {
    let location = catalog.location(&booking.location_id);
    let services: Vec<&str> = booking
        .services
        .iter()
        .map(|id| catalog.service(id).map(|s| s.name(lang)).unwrap_or(id))
        .collect();
    let mut services = services.join(", ");
    if booking.people > 1 {
        services = format!(
            "{services} ({})",
            lang.t_args("appt-people-count", &[("count", booking.people.to_string())])
        );
    }
    let bring = booking
        .services
        .iter()
        .filter_map(|id| catalog.service(id))
        .map(|s| {
            let (documents, own_language) = s.documents(lang);
            Bring {
                service: s.name(lang).to_string(),
                documents: documents.to_vec(),
                documents_de: !own_language,
                fee: s.fee.in_words(lang),
            }
        })
        .collect();
    Described {
        when: i18n::long_date_time(lang, booking.starts_at),
        location: location.map(|l| l.name.clone()).unwrap_or_else(|| booking.location_id.clone()),
        address: location
            .map(|l| format!("{}, {} Hamburg", l.street, l.postcode))
            .unwrap_or_default(),
        services,
        bring,
        directions: location.map(|l| directions(&l.street, &l.postcode, "Hamburg")),
        for_each_person: booking.people > 1,
    }
}

impl Described {
    /// What to bring, as lines: one per document, named by service when several are
    /// booked; then what it costs.
    fn bring_lines(&self) -> (Vec<String>, Vec<String>) {
        let several = self.bring.len() > 1;
        let documents = self
            .bring
            .iter()
            .flat_map(|b| {
                b.documents
                    .iter()
                    .map(move |d| if several { format!("{}: {d}", b.service) } else { d.clone() })
            })
            .collect();
        let fees = self
            .bring
            .iter()
            .map(|b| {
                if several {
                    format!("{}: {}", b.service, b.fee)
                } else {
                    b.fee.clone()
                }
            })
            .collect();
        (documents, fees)
    }

    /// The part of a mail that prepares the visit.
    fn prepare(&self, lang: Lang, content: MailContent) -> MailContent {
        let (documents, fees): (Vec<String>, Vec<String>) = self.bring_lines();
        let mut content = if documents.is_empty() {
            content.paragraph(lang.t("appt-bring-nothing"))
        } else {
            content.paragraph(lang.t("appt-bring-title")).list(documents)
        };
        if self.for_each_person {
            content = content.paragraph(lang.t("appt-bring-each-person"));
        }
        content = content
            .paragraph(lang.t_args("appt-bring-fee", &[("fees", fees.join("; "))]))
            .paragraph(lang.t("appt-bring-code"));
        match &self.directions {
            Some(url) => content.link(lang.t("appt-directions"), url.clone()),
            None => content,
        }
    }

    /// The same for a calendar entry's description.
    fn prepare_text(&self, lang: Lang) -> String {
        let (documents, fees): (Vec<String>, Vec<String>) = self.bring_lines();
        let mut text = String::new();
        if !documents.is_empty() {
            text.push_str(&lang.t("appt-bring-title"));
            for d in documents {
                text.push_str(&format!("\n- {d}"));
            }
            text.push('\n');
        }
        text.push_str(&lang.t_args("appt-bring-fee", &[("fees", fees.join("; "))]));
        if let Some(url) = &self.directions {
            text.push_str(&format!("\n{}: {url}", lang.t("appt-directions")));
        }
        text
    }
}

/// The calendar entry: one event whose UID stays with the booking, so a move updates
/// it (`SEQUENCE`) and a cancellation removes it (`METHOD:CANCEL`).
pub fn ics(catalog: &Catalog, booking: &Appointment, site: Site<'_>, now: chrono::DateTime<chrono::Utc>) -> String {
    let lang = Lang::parse(&booking.lang).unwrap_or(Lang::De);
    let facts = describe(catalog, booking, lang);
    let cancelled = booking.status == Status::Cancelled;
    let host = site.public_url.split("://").nth(1).unwrap_or(site.public_url).trim_end_matches('/');
    let mut event = icalendar::Event::with_uid(&format!("{}@{host}", booking.id));
    event
        .summary(&format!("{}: {}", lang.t("appt-ics-title"), facts.services))
        .description(&format!(
            "{}\n\n{}",
            lang.t_args(
                "appt-ics-description",
                &[("code", booking.code.clone()), ("city", site.city.to_string())],
            ),
            facts.prepare_text(lang)
        ))
        .location(&format!("{}, {}", facts.location, facts.address))
        .starts(booking.starts_at)
        .ends(booking.ends_at)
        .timestamp(now)
        .sequence(booking.sequence.max(0) as u32)
        .status(if cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    let mut calendar = Ics::new();
    calendar.append_property(icalendar::Property::new("METHOD", if cancelled { "CANCEL" } else { "PUBLISH" }));
    calendar.push(event.done());
    calendar.done().to_string()
}

/// Queues the mail for `notice`; pass the transaction of the change.
pub async fn queue<C: ConnectionTrait>(
    conn: &C,
    clock: &dyn Clock,
    catalog: &Catalog,
    booking: &Appointment,
    notice: Notice<'_>,
    site: Site<'_>,
) -> Result<()> {
    let Some(to) = booking.email.clone() else {
        return Err(Error::internal(format!("appointment {} has no mail address", booking.id)));
    };
    let lang = Lang::parse(&booking.lang).unwrap_or(Lang::De);
    let facts = describe(catalog, booking, lang);
    let base = site.public_url.trim_end_matches('/');
    let summary = lang.t_args(
        "appt-mail-facts",
        &[
            ("when", facts.when.clone()),
            ("location", facts.location.clone()),
            ("address", facts.address.clone()),
            ("services", facts.services.clone()),
        ],
    );
    let content = MailContent::new(lang, site.city);
    let (content, subject, attach) = match notice {
        Notice::ConfirmLink { token } => (
            content
                .paragraph(lang.t("appt-mail-confirm-body"))
                .paragraph(summary)
                .action(lang.t("appt-mail-confirm-action"), format!("{base}/termine/bestaetigen/{token}"))
                .paragraph(lang.t("appt-mail-confirm-footer")),
            lang.t("appt-mail-confirm-subject"),
            false,
        ),
        Notice::Booked { manage_token } => (
            content
                .paragraph(lang.t_args("appt-mail-booked-body", &[("code", booking.code.clone())]))
                .paragraph(summary)
                .with(|c| facts.prepare(lang, c))
                .action(
                    lang.t("appt-mail-manage-action"),
                    format!("{base}/termine/verwalten/{manage_token}"),
                )
                .paragraph(lang.t("appt-mail-booked-footer")),
            lang.t_args("appt-mail-booked-subject", &[("when", facts.when.clone())]),
            true,
        ),
        Notice::Moved { manage_token } => (
            content
                .paragraph(lang.t_args("appt-mail-moved-body", &[("code", booking.code.clone())]))
                .paragraph(summary)
                .with(|c| facts.prepare(lang, c))
                .action(
                    lang.t("appt-mail-manage-action"),
                    format!("{base}/termine/verwalten/{manage_token}"),
                )
                .paragraph(lang.t("appt-mail-moved-footer")),
            lang.t_args("appt-mail-moved-subject", &[("when", facts.when.clone())]),
            true,
        ),
        Notice::Reminder { manage_token } => (
            content
                .paragraph(lang.t_args("appt-mail-reminder-body", &[("code", booking.code.clone())]))
                .paragraph(summary)
                .with(|c| facts.prepare(lang, c))
                .action(
                    lang.t("appt-mail-manage-action"),
                    format!("{base}/termine/verwalten/{manage_token}"),
                )
                .paragraph(lang.t("appt-mail-reminder-footer")),
            lang.t_args("appt-mail-reminder-subject", &[("when", facts.when.clone())]),
            false,
        ),
        Notice::Cancelled { office_reason } => (
            match office_reason {
                Some(reason) => content.paragraph(lang.t_args(
                    "appt-mail-cancelled-by-office",
                    &[("code", booking.code.clone()), ("reason", reason.to_string())],
                )),
                None => content.paragraph(lang.t_args("appt-mail-cancelled-body", &[("code", booking.code.clone())])),
            }
            .paragraph(summary)
            .action(lang.t("appt-mail-book-again"), format!("{base}/termine")),
            lang.t("appt-mail-cancelled-subject"),
            true,
        ),
        Notice::EarlierOffer { token, code, current } => (
            content
                .paragraph(lang.t_args(
                    "appt-mail-offer-body",
                    &[("code", code.to_string()), ("current", i18n::long_date_time(lang, current))],
                ))
                .paragraph(summary)
                .paragraph(lang.t_args(
                    "appt-mail-offer-until",
                    &[(
                        "until",
                        i18n::long_date_time(lang, booking.hold_expires_at.unwrap_or(booking.starts_at)),
                    )],
                ))
                .action(lang.t("appt-mail-offer-action"), format!("{base}/termine/angebot/{token}"))
                .paragraph(lang.t("appt-mail-offer-footer")),
            lang.t_args("appt-mail-offer-subject", &[("when", facts.when.clone())]),
            false,
        ),
    };
    let mut outgoing = content.render(to, subject)?;
    if attach {
        outgoing = outgoing.attach(Attachment {
            name: "termin.ics".into(),
            content_type: "text/calendar; charset=utf-8".into(),
            body: ics(catalog, booking, site, clock.now()),
        });
    }
    mail::queue(conn, clock, outgoing).await?;
    Ok(())
}
