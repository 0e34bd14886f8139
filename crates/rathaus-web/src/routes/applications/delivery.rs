//! The delivery choice on "check your answers": what the service offers, the address
//! for post (from the form or the profile, to be corrected here) and the pickup location. It is
//! sent with the submit button, so a mistake in it comes back with everything kept.

use serde::Deserialize;

use crate::format;
use crate::page::Page;
use rathaus_core::applications::Application;
use rathaus_core::cases::delivery::{ChoiceInput, Method, Offer, PostalAddress};
use rathaus_core::cases::dispatch::Dispatch;
use rathaus_core::cases::due::local_date;
use rathaus_core::cases::workflow::Status;
use rathaus_core::catalog::Catalog;

/// The fields as the page sends them. A field the page did not send is `None` (the
/// profile or the only offer fills in); a sent but empty one is a mistake to show.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DeliveryForm {
    pub delivery: Option<String>,
    pub delivery_name: Option<String>,
    pub delivery_street: Option<String>,
    pub delivery_postcode: Option<String>,
    pub delivery_city: Option<String>,
    pub delivery_location: Option<String>,
}

impl DeliveryForm {
    pub fn input(&self) -> ChoiceInput {
        ChoiceInput {
            method: self.delivery.clone(),
            name: self.delivery_name.clone(),
            street: self.delivery_street.clone(),
            postcode: self.delivery_postcode.clone(),
            city: self.delivery_city.clone(),
            location: self.delivery_location.clone(),
        }
    }
}

pub struct MethodOption {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

pub struct LocationOption {
    pub id: String,
    pub name: String,
    pub selected: bool,
}

/// The delivery part of the check page.
pub struct DeliveryView {
    pub methods: Vec<MethodOption>,
    /// The only method, said in a sentence, when there is nothing to choose.
    pub only: Option<String>,
    pub post: bool,
    pub address: PostalAddress,
    pub locations: Vec<LocationOption>,
}

impl DeliveryView {
    /// `None` when the service delivers nothing beyond the Postfach.
    /// `known` is the address post goes to unless the person changes it.
    pub fn new(page: &Page, offer: &Offer, form: &DeliveryForm, known: &PostalAddress) -> Option<Self> {
        if offer.methods.is_empty() {
            return None;
        }
        let chosen = form.delivery.as_deref();
        let methods = offer
            .methods
            .iter()
            .map(|m| MethodOption {
                value: m.as_str(),
                label: page.t(&format!("delivery-choice-{}", m.as_str())),
                checked: chosen == Some(m.as_str()),
            })
            .collect();
        let only = (offer.methods.len() == 1).then(|| page.t(&format!("delivery-only-{}", offer.methods[0].as_str())));
        let typed = |given: &Option<String>, fallback: &str| given.clone().unwrap_or_else(|| fallback.to_string());
        let picked = form.delivery_location.as_deref();
        Some(Self {
            methods,
            only,
            post: offer.offers(Method::Post),
            address: PostalAddress {
                name: typed(&form.delivery_name, &known.name),
                street: typed(&form.delivery_street, &known.street),
                postcode: typed(&form.delivery_postcode, &known.postcode),
                city: typed(&form.delivery_city, &known.city),
            },
            locations: if offer.offers(Method::Pickup) {
                offer
                    .locations
                    .iter()
                    .map(|l| LocationOption {
                        id: l.id.clone(),
                        name: format!("{}, {} {}", l.name, l.street, l.postcode),
                        selected: picked == Some(l.id.as_str()),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
    }

    /// The single method's value, sent as a hidden field when there is no choice.
    pub fn only_value(&self) -> &str {
        match self.methods.as_slice() {
            [one] => one.value,
            _ => "",
        }
    }
}

/// How a case is delivered, in words, for the resident's status page and the case page.
pub struct DeliveryFacts {
    pub how: String,
    /// The address the letter goes to, or the place to pick it up.
    pub detail: String,
    /// The pickup location's page.
    pub location_href: Option<String>,
    /// Booking an appointment to pick the document up, where the location takes
    /// bookings for the service.
    pub appointment_href: Option<String>,
    /// One line per letter: waiting for the mailroom, or sent on … with tracking number.
    pub letters: Vec<String>,
    /// Decided, and the document waits at the counter.
    pub ready_for_pickup: bool,
}

impl DeliveryFacts {
    pub fn new(page: &Page, catalog: &Catalog, case: &Application, letters: &[Dispatch]) -> Option<Self> {
        let choice = case.delivery.as_ref()?;
        let location = choice.location.as_deref().and_then(|id| catalog.location(id));
        Some(Self {
            how: page.t(&format!("delivery-choice-{}", choice.method.as_str())),
            detail: match (&choice.address, location) {
                (Some(address), _) => address.one_line(),
                (None, Some(l)) => format!("{}, {} {}", l.name, l.street, l.postcode),
                (None, None) => String::new(),
            },
            location_href: location.map(|l| format!("/standorte/{}", l.id)),
            appointment_href: location
                .filter(|l| choice.method == Method::Pickup && l.services_in_person.contains(&case.service_id))
                .filter(|_| catalog.service(&case.service_id).is_some_and(|s| s.appointment_minutes.is_some()))
                .map(|l| format!("/termine/orte/{}?leistung={}&personen=1", l.id, case.service_id)),
            ready_for_pickup: choice.method == Method::Pickup && case.status == Status::Decided,
            letters: letters
                .iter()
                .map(|d| match (d.sent_at, &d.tracking_number) {
                    (Some(at), Some(number)) => page.lang.t_args(
                        "delivery-sent-tracking",
                        &[("date", format::date(page.lang, local_date(at))), ("number", number.clone())],
                    ),
                    (Some(at), None) => page.t1("delivery-sent", "date", format::date(page.lang, local_date(at))),
                    (None, _) => page.t1("delivery-queued", "date", format::date(page.lang, local_date(d.queued_at))),
                })
                .collect(),
        })
    }
}
