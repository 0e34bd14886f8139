//! Mails about a booking, queued in the transaction that changes it: the link that
//! confirms a booking made with a mail address, the confirmation with its calendar
//! entry (.ics) and the link to move or cancel, and the notices of a move or a
//! cancellation (with an updated or cancelling calendar entry).

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
    Described {
        when: i18n::long_date_time(lang, booking.starts_at),
        location: location.map(|l| l.name.clone()).unwrap_or_else(|| booking.location_id.clone()),
        address: location
            .map(|l| format!("{}, {} Hamburg", l.street, l.postcode))
            .unwrap_or_default(),
        services,
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
        .description(&lang.t_args(
            "appt-ics-description",
            &[("code", booking.code.clone()), ("city", site.city.to_string())],
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
                .action(
                    lang.t("appt-mail-manage-action"),
                    format!("{base}/termine/verwalten/{manage_token}"),
                )
                .paragraph(lang.t("appt-mail-moved-footer")),
            lang.t_args("appt-mail-moved-subject", &[("when", facts.when.clone())]),
            true,
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
