//! Delivery (Versand): how the resident receives the result of their application, out
//! of what the service offers — `download` (the decision in the Postfach, nothing
//! else), `post` (the paper original as well, to an address given when applying) or
//! `pickup` (at one of the service's locations). The choice is made on "check your
//! answers" and kept with the application.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::FieldError;
use crate::accounts::profile::Profile;
use crate::catalog::{Catalog, Location, Service};
use crate::forms::{FormDefinition, Prefill};

/// The longest line of a postal address (DIN 5008 windows hold about 35 characters a
/// line; longer names are printed on two lines).
pub const MAX_ADDRESS_LINE: usize = 70;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Download,
    Post,
    Pickup,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Download, Method::Post, Method::Pickup];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Download => "download",
            Method::Post => "post",
            Method::Pickup => "pickup",
        }
    }

    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, sea_orm::FromQueryResult)]
pub struct PostalAddress {
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
}

impl PostalAddress {
    /// The address as the profile holds it, where it is complete enough to send post to.
    pub fn from_profile(profile: &Profile) -> Self {
        Self {
            name: format!("{} {}", profile.given_name.trim(), profile.family_name.trim())
                .trim()
                .to_string(),
            street: profile.street.trim().to_string(),
            postcode: profile.postcode.trim().to_string(),
            city: profile.city.trim().to_string(),
        }
    }

    /// Where post goes unless the person changes it: the name and address the form
    /// asked of the applicant (the fields the profile would fill), else the profile's.
    /// Someone who just typed their address into the form is not asked for it again.
    pub fn of_applicant(form: &FormDefinition, answers: &Map<String, Value>, profile: &Profile) -> Self {
        let known = Self::from_profile(profile);
        let pages = form.pages_for(answers);
        let answer = |wanted: Prefill| {
            pages
                .iter()
                .flat_map(|page| &page.fields)
                .filter(|field| field.prefill == Some(wanted))
                .find_map(|field| answers.get(&field.id))
        };
        let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::trim).unwrap_or("").to_string();
        let name = format!("{} {}", text(answer(Prefill::GivenName)), text(answer(Prefill::FamilyName)))
            .trim()
            .to_string();
        let address = answer(Prefill::Address).and_then(Value::as_object);
        let part = |key: &str| text(address.and_then(|a| a.get(key)));
        let (street, postcode, city) = (part("street"), part("postcode"), part("city"));
        let typed_address = !street.is_empty() && !city.is_empty();
        Self {
            name: if name.is_empty() { known.name } else { name },
            street: if typed_address { street } else { known.street },
            postcode: if typed_address { postcode } else { known.postcode },
            city: if typed_address { city } else { known.city },
        }
    }

    pub fn one_line(&self) -> String {
        format!("{}, {}, {} {}", self.name, self.street, self.postcode, self.city)
    }
}

/// The resident's choice as it is kept with the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub method: Method,
    pub address: Option<PostalAddress>,
    pub location: Option<String>,
}

/// What the page or the API sent. `None` means "not given": the method is then the
/// only one offered (or download, where offered), the address the known one, the
/// location the only one. A given but empty field is a mistake to point out.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChoiceInput {
    pub method: Option<String>,
    pub name: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub location: Option<String>,
}

/// What a service offers: its methods, and the locations where it can be picked up.
#[derive(Debug, Clone)]
pub struct Offer<'a> {
    pub methods: Vec<Method>,
    pub locations: Vec<&'a Location>,
}

impl<'a> Offer<'a> {
    pub fn of(catalog: &'a Catalog, service: &Service) -> Self {
        Self {
            methods: service.delivery_options.iter().filter_map(|m| Method::parse(m)).collect(),
            locations: catalog.locations_for(&service.id),
        }
    }

    pub fn offers(&self, method: Method) -> bool {
        self.methods.contains(&method)
    }
}

/// The choice, or what is wrong with it. `Ok(None)` when the service delivers nothing
/// beyond the Postfach.
/// `known` is the address used where the input gives none (see
/// [`PostalAddress::of_applicant`]).
pub fn choose(offer: &Offer, input: &ChoiceInput, known: &PostalAddress) -> Result<Option<Choice>, Vec<FieldError>> {
    if offer.methods.is_empty() {
        return Ok(None);
    }
    let method = match input.method.as_deref().map(str::trim) {
        Some(text) => Method::parse(text).filter(|m| offer.offers(*m)),
        None if offer.methods.len() == 1 => Some(offer.methods[0]),
        None => offer.offers(Method::Download).then_some(Method::Download),
    };
    let Some(method) = method else {
        return Err(vec![FieldError {
            field: "delivery",
            key: "delivery-error-method",
        }]);
    };
    match method {
        Method::Download => Ok(Some(Choice {
            method,
            address: None,
            location: None,
        })),
        Method::Post => address(input, known).map(|a| {
            Some(Choice {
                method,
                address: Some(a),
                location: None,
            })
        }),
        Method::Pickup => location(offer, input).map(|l| {
            Some(Choice {
                method,
                address: None,
                location: l,
            })
        }),
    }
}

fn address(input: &ChoiceInput, known: &PostalAddress) -> Result<PostalAddress, Vec<FieldError>> {
    let pick = |given: &Option<String>, fallback: &str| given.as_deref().unwrap_or(fallback).trim().to_string();
    let address = PostalAddress {
        name: pick(&input.name, &known.name),
        street: pick(&input.street, &known.street),
        postcode: pick(&input.postcode, &known.postcode),
        city: pick(&input.city, &known.city),
    };
    let mut problems = Vec::new();
    for (field, value, missing) in [
        ("delivery_name", &address.name, "delivery-error-name"),
        ("delivery_street", &address.street, "delivery-error-street"),
        ("delivery_postcode", &address.postcode, "delivery-error-postcode"),
        ("delivery_city", &address.city, "delivery-error-city"),
    ] {
        if value.is_empty() {
            problems.push(FieldError { field, key: missing });
        } else if value.chars().count() > MAX_ADDRESS_LINE || value.chars().any(char::is_control) {
            problems.push(FieldError {
                field,
                key: "delivery-error-too-long",
            });
        }
    }
    if !address.postcode.is_empty() && !is_postcode(&address.postcode) {
        problems.push(FieldError {
            field: "delivery_postcode",
            key: "delivery-error-postcode",
        });
    }
    if problems.is_empty() { Ok(address) } else { Err(problems) }
}

/// German postcodes have five digits; post abroad carries its own (letters, digits,
/// spaces and hyphens, up to ten characters).
fn is_postcode(text: &str) -> bool {
    let len = text.chars().count();
    (3..=10).contains(&len)
        && text.chars().any(|c| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
}

fn location(offer: &Offer, input: &ChoiceInput) -> Result<Option<String>, Vec<FieldError>> {
    let problem = || {
        vec![FieldError {
            field: "delivery_location",
            key: "delivery-error-location",
        }]
    };
    match input.location.as_deref().map(str::trim) {
        // Some services are picked up at the agency itself, without a named location.
        _ if offer.locations.is_empty() => Ok(None),
        Some(id) if !id.is_empty() => offer
            .locations
            .iter()
            .find(|l| l.id == id)
            .map(|l| Some(l.id.clone()))
            .ok_or_else(problem),
        None if offer.locations.len() == 1 => Ok(Some(offer.locations[0].id.clone())),
        _ => Err(problem()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn location_named(id: &str) -> Location {
        Location {
            id: id.into(),
            name: id.into(),
            agency: "ba".into(),
            street: "Platz 1".into(),
            postcode: "20095".into(),
            district: "Mitte".into(),
            opening_hours: Default::default(),
            services_in_person: vec![],
            counters: 1,
            accessible: true,
        }
    }

    fn profile() -> Profile {
        Profile {
            given_name: "Anna".into(),
            family_name: "Beispiel".into(),
            street: "Musterweg 1".into(),
            postcode: "20095".into(),
            city: "Hamburg".into(),
            ..Default::default()
        }
    }

    fn known() -> PostalAddress {
        PostalAddress::from_profile(&profile())
    }

    fn keys(result: Result<Option<Choice>, Vec<FieldError>>) -> Vec<&'static str> {
        result.err().unwrap_or_default().iter().map(|e| e.key).collect()
    }

    #[test]
    fn the_address_typed_into_the_form_is_where_post_goes() {
        let forms = crate::forms::shipped().unwrap();
        let form = forms.iter().find(|f| f.service == "hundesteuer").unwrap();
        let answers = serde_json::json!({
            "given_name": "Berta", "family_name": "Muster",
            "address": { "street": "Hafenstraße 5", "postcode": "20457", "city": "Hamburg" }
        });
        let answers = answers.as_object().unwrap();
        // An empty profile: the form's answers alone make the address.
        let typed = PostalAddress::of_applicant(form, answers, &Profile::default());
        assert_eq!(typed.one_line(), "Berta Muster, Hafenstraße 5, 20457 Hamburg");
        // A full profile: the form still wins, it is the newer word.
        assert_eq!(PostalAddress::of_applicant(form, answers, &profile()), typed);
        // Nothing typed: the profile's.
        assert_eq!(PostalAddress::of_applicant(form, &Map::new(), &profile()), known());
        // Only a street typed is no address: the profile's stays whole, not mixed.
        let half = serde_json::json!({ "address": { "street": "Hafenstraße 5", "postcode": "", "city": "" } });
        let mixed = PostalAddress::of_applicant(form, half.as_object().unwrap(), &profile());
        assert_eq!(mixed.street, "Musterweg 1");
        assert_eq!(mixed.city, "Hamburg");
    }

    #[test]
    fn nothing_given_takes_the_only_offer_or_download_and_the_profile_address() {
        let a = location_named("a");
        let post_only = Offer {
            methods: vec![Method::Post],
            locations: vec![],
        };
        let chosen = choose(&post_only, &ChoiceInput::default(), &known()).unwrap().unwrap();
        assert_eq!(chosen.method, Method::Post);
        assert_eq!(chosen.address.unwrap().one_line(), "Anna Beispiel, Musterweg 1, 20095 Hamburg");

        let all = Offer {
            methods: vec![Method::Post, Method::Download, Method::Pickup],
            locations: vec![&a],
        };
        assert_eq!(
            choose(&all, &ChoiceInput::default(), &known()).unwrap().unwrap().method,
            Method::Download
        );
        let pickup = Offer {
            methods: vec![Method::Pickup, Method::Post],
            locations: vec![&a],
        };
        assert_eq!(keys(choose(&pickup, &ChoiceInput::default(), &known())), ["delivery-error-method"]);
        let none = Offer {
            methods: vec![],
            locations: vec![],
        };
        assert_eq!(choose(&none, &ChoiceInput::default(), &PostalAddress::default()), Ok(None));
    }

    #[test]
    fn a_method_the_service_does_not_offer_is_refused() {
        let offer = Offer {
            methods: vec![Method::Download],
            locations: vec![],
        };
        let input = ChoiceInput {
            method: Some("post".into()),
            ..Default::default()
        };
        assert_eq!(keys(choose(&offer, &input, &known())), ["delivery-error-method"]);
    }

    #[test]
    fn typed_address_fields_win_and_empty_ones_are_named() {
        let offer = Offer {
            methods: vec![Method::Post],
            locations: vec![],
        };
        let input = ChoiceInput {
            method: Some("post".into()),
            name: Some(String::new()),
            street: Some("Elbchaussee 5".into()),
            postcode: Some("2 0 0".into()),
            city: Some(" ".into()),
            location: None,
        };
        assert_eq!(
            keys(choose(&offer, &input, &known())),
            ["delivery-error-name", "delivery-error-city"]
        );
        let abroad = ChoiceInput {
            postcode: Some("SW1A 1AA".into()),
            name: Some("Anna Beispiel".into()),
            city: Some("London".into()),
            ..input
        };
        let chosen = choose(&offer, &abroad, &known()).unwrap().unwrap();
        assert_eq!(chosen.address.unwrap().street, "Elbchaussee 5");
        let no_profile = choose(&offer, &ChoiceInput::default(), &PostalAddress::default());
        assert_eq!(keys(no_profile).len(), 4, "every missing line is named");
    }

    #[test]
    fn pickup_needs_one_of_the_services_locations() {
        let (a, b) = (location_named("a"), location_named("b"));
        let offer = Offer {
            methods: vec![Method::Pickup],
            locations: vec![&a, &b],
        };
        let at = |id: Option<&str>| ChoiceInput {
            method: Some("pickup".into()),
            location: id.map(str::to_string),
            ..Default::default()
        };
        assert_eq!(
            choose(&offer, &at(Some("b")), &known()).unwrap().unwrap().location.as_deref(),
            Some("b")
        );
        for wrong in [None, Some(""), Some("elsewhere")] {
            assert_eq!(keys(choose(&offer, &at(wrong), &known())), ["delivery-error-location"]);
        }
        let at_the_agency = Offer {
            methods: vec![Method::Pickup],
            locations: vec![],
        };
        assert_eq!(choose(&at_the_agency, &at(None), &known()).unwrap().unwrap().location, None);
    }

    proptest! {
        // Whatever is typed, an accepted address has every line filled, within the
        // length, without control characters that would break a label or a CSV row.
        #[test]
        fn an_accepted_address_is_printable(name in "\\PC{0,80}", street in "\\PC{0,80}", postcode in ".{0,12}", city in "\\PC{0,80}") {
            let offer = Offer { methods: vec![Method::Post], locations: vec![] };
            let input = ChoiceInput {
                method: Some("post".into()),
                name: Some(name), street: Some(street), postcode: Some(postcode), city: Some(city), location: None,
            };
            if let Ok(Some(choice)) = choose(&offer, &input, &PostalAddress::default()) {
                let a = choice.address.unwrap();
                for line in [&a.name, &a.street, &a.postcode, &a.city] {
                    prop_assert!(!line.is_empty() && line.chars().count() <= MAX_ADDRESS_LINE);
                    prop_assert!(!line.chars().any(char::is_control));
                }
            }
        }
    }
}
