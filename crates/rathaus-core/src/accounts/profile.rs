//! Stammdaten: name, date of birth, address, phone, preferred language. Forms prefill
//! from here with consent. A field confirmed by an eID provider is `verified` and
//! cannot be overwritten by typing; everything else is self-entered.

use chrono::{Datelike, NaiveDate};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::accounts::store::{Account, AccountKind};
use rathaus_platform::Result;
use rathaus_platform::audit::{self, AuditEvent};
use rathaus_platform::clock::Clock;
use rathaus_platform::db::{Db, Json, stmt};
use rathaus_platform::i18n::Lang;

pub const FIELDS: [&str; 8] = [
    "given_name",
    "family_name",
    "birth_date",
    "street",
    "postcode",
    "city",
    "phone",
    "preferred_lang",
];

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Option<NaiveDate>,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub preferred_lang: Lang,
    pub verified_fields: Vec<String>,
}

impl Profile {
    pub fn is_verified(&self, field: &str) -> bool {
        self.verified_fields.iter().any(|f| f == field)
    }

    /// A first draft from the name a person gave when registering: the last word as
    /// the family name, the rest as given names (the person corrects it in their
    /// profile). Accounts of organisations and staff get an empty one.
    pub fn draft(account: &Account) -> Self {
        if account.kind != AccountKind::Person.as_str() {
            return Self::default();
        }
        let name = account.display_name.trim();
        let (given, family) = name.rsplit_once(' ').unwrap_or(("", name));
        Self {
            given_name: given.trim().to_string(),
            family_name: family.to_string(),
            ..Self::default()
        }
    }
}

/// The stored profile, or the draft from the account's name, so that forms can offer
/// the name before the person has ever opened their profile.
pub async fn load_or_draft(db: &Db, account: &Account) -> Result<Profile> {
    Ok(match load(db, account.id).await? {
        Some(stored) => stored,
        None => Profile::draft(account),
    })
}

/// The form as typed; the date comes as three fields (day, month, year), as people
/// write it and as screen readers announce it best.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub family_name: String,
    #[serde(default)]
    pub birth_day: String,
    #[serde(default)]
    pub birth_month: String,
    #[serde(default)]
    pub birth_year: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub preferred_lang: String,
}

impl ProfileForm {
    pub fn from_profile(p: &Profile) -> Self {
        let (d, m, y) = p
            .birth_date
            .map(|d| (d.day().to_string(), d.month().to_string(), d.year().to_string()))
            .unwrap_or_default();
        Self {
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            birth_day: d,
            birth_month: m,
            birth_year: y,
            street: p.street.clone(),
            postcode: p.postcode.clone(),
            city: p.city.clone(),
            phone: p.phone.clone(),
            preferred_lang: p.preferred_lang.code().to_string(),
        }
    }

    /// Checks every field against `today`; verified fields keep their current values.
    pub fn parse(&self, current: &Profile, today: NaiveDate) -> std::result::Result<Profile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field: &'static str, value: &str, max: usize, required: bool| {
            let value = value.trim();
            if required && value.is_empty() {
                errors.push(FieldError {
                    field,
                    key: "profile-error-required",
                });
            } else if value.chars().count() > max || value.chars().any(char::is_control) {
                errors.push(FieldError {
                    field,
                    key: "profile-error-too-long",
                });
            }
            value.to_string()
        };
        let given_name = text("given_name", &self.given_name, 100, true);
        let family_name = text("family_name", &self.family_name, 100, true);
        let street = text("street", &self.street, 200, false);
        let city = text("city", &self.city, 100, false);
        let postcode = self.postcode.trim().to_string();
        if !postcode.is_empty() && !is_postcode(&postcode) {
            errors.push(FieldError {
                field: "postcode",
                key: "profile-error-postcode",
            });
        }
        let phone = self.phone.trim().to_string();
        if !phone.is_empty() && !is_phone(&phone) {
            errors.push(FieldError {
                field: "phone",
                key: "profile-error-phone",
            });
        }
        let birth_date = match parse_birth_date(&self.birth_day, &self.birth_month, &self.birth_year, today) {
            Ok(d) => d,
            Err(key) => {
                errors.push(FieldError { field: "birth_day", key });
                None
            }
        };
        let preferred_lang = Lang::parse(&self.preferred_lang).unwrap_or_default();
        if !errors.is_empty() {
            return Err(errors);
        }
        let keep = |field: &str, new: String, old: &String| if current.is_verified(field) { old.clone() } else { new };
        Ok(Profile {
            given_name: keep("given_name", given_name, &current.given_name),
            family_name: keep("family_name", family_name, &current.family_name),
            birth_date: if current.is_verified("birth_date") {
                current.birth_date
            } else {
                birth_date
            },
            street: keep("street", street, &current.street),
            postcode: keep("postcode", postcode, &current.postcode),
            city: keep("city", city, &current.city),
            phone,
            preferred_lang,
            verified_fields: current.verified_fields.clone(),
        })
    }
}

/// German postcodes: five digits.
pub fn is_postcode(text: &str) -> bool {
    text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Digits with the usual separators, an optional leading `+`, 6 to 15 digits.
pub fn is_phone(text: &str) -> bool {
    let body = text.strip_prefix('+').unwrap_or(text);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars().all(|c| c.is_ascii_digit() || " /-()".contains(c)) && (6..=15).contains(&digits)
}

/// An empty date is allowed; a partial, impossible or future one is not.
pub fn parse_birth_date(day: &str, month: &str, year: &str, today: NaiveDate) -> std::result::Result<Option<NaiveDate>, &'static str> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Ok(None);
    }
    let (Ok(d), Ok(m), Ok(y)) = (day.parse::<u32>(), month.parse::<u32>(), year.parse::<i32>()) else {
        return Err("profile-error-date");
    };
    if year.len() != 4 {
        return Err("profile-error-date-year");
    }
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or("profile-error-date")?;
    if date > today {
        return Err("profile-error-date-future");
    }
    if today.year() - y > 130 {
        return Err("profile-error-date");
    }
    Ok(Some(date))
}

pub async fn load(db: &Db, account: Uuid) -> Result<Option<Profile>> {
    let conn = db.write();
    #[derive(FromQueryResult)]
    struct Row {
        given_name: String,
        family_name: String,
        birth_date: Option<NaiveDate>,
        street: String,
        postcode: String,
        city: String,
        phone: String,
        preferred_lang: Lang,
        verified_fields: Json<Vec<String>>,
    }
    let row = Row::find_by_statement(stmt(
        conn,
        "SELECT given_name, family_name, birth_date, street, postcode, city, phone, preferred_lang, verified_fields FROM profiles WHERE account_id = $1",
        vec![account.into()],
    ))
    .one(conn)
    .await?;
    Ok(row.map(|r| Profile {
        given_name: r.given_name,
        family_name: r.family_name,
        birth_date: r.birth_date,
        street: r.street,
        postcode: r.postcode,
        city: r.city,
        phone: r.phone,
        preferred_lang: r.preferred_lang,
        verified_fields: r.verified_fields.0,
    }))
}

/// Stores the profile as the person edited it (verified fields stay as they were, see
/// [`ProfileForm::parse`]) and audits which fields changed (names only, never values).
pub async fn save(db: &Db, clock: &dyn Clock, account: Uuid, before: &Profile, after: &Profile) -> Result<Vec<&'static str>> {
    store(db, clock, account, before, after, "profile.changed").await
}

/// Stores attributes confirmed by an eID provider, with their verified marks.
pub async fn save_verified(db: &Db, clock: &dyn Clock, account: Uuid, before: &Profile, after: &Profile) -> Result<()> {
    store(db, clock, account, before, after, "profile.verified").await.map(|_| ())
}

async fn store(db: &Db, clock: &dyn Clock, account: Uuid, before: &Profile, after: &Profile, action: &str) -> Result<Vec<&'static str>> {
    let changed: Vec<&'static str> = [
        ("given_name", before.given_name != after.given_name),
        ("family_name", before.family_name != after.family_name),
        ("birth_date", before.birth_date != after.birth_date),
        ("street", before.street != after.street),
        ("postcode", before.postcode != after.postcode),
        ("city", before.city != after.city),
        ("phone", before.phone != after.phone),
        ("preferred_lang", before.preferred_lang != after.preferred_lang),
        ("verified_fields", before.verified_fields != after.verified_fields),
    ]
    .into_iter()
    .filter_map(|(f, c)| c.then_some(f))
    .collect();
    let tx = db.begin().await?;
    tx.execute_raw(stmt(
        &tx,
        "INSERT INTO profiles (account_id, given_name, family_name, birth_date, street, postcode, city, phone, preferred_lang, verified_fields, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (account_id) DO UPDATE SET given_name = excluded.given_name, family_name = excluded.family_name, \
         birth_date = excluded.birth_date, street = excluded.street, postcode = excluded.postcode, city = excluded.city, \
         phone = excluded.phone, preferred_lang = excluded.preferred_lang, verified_fields = excluded.verified_fields, \
         updated_at = excluded.updated_at",
        vec![
            account.into(),
            after.given_name.clone().into(),
            after.family_name.clone().into(),
            after.birth_date.into(),
            after.street.clone().into(),
            after.postcode.clone().into(),
            after.city.clone().into(),
            after.phone.clone().into(),
            after.preferred_lang.code().into(),
            serde_json::to_string(&after.verified_fields)?.into(),
            clock.now().into(),
        ],
    ))
    .await?;
    if !changed.is_empty() {
        audit::record(
            &tx,
            clock,
            AuditEvent::new(format!("account:{account}"), action, format!("account:{account}"))
                .with_details(serde_json::json!({ "fields": changed })),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn dates() {
        assert_eq!(parse_birth_date("", "", "", today()), Ok(None));
        assert_eq!(
            parse_birth_date("29", "2", "2024", today()),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29))
        );
        assert_eq!(parse_birth_date("29", "2", "2025", today()), Err("profile-error-date"));
        assert_eq!(parse_birth_date("1", "1", "85", today()), Err("profile-error-date-year"));
        assert_eq!(parse_birth_date("24", "11", "2026", today()), Err("profile-error-date-future"));
        assert_eq!(parse_birth_date("12", "", "1990", today()), Err("profile-error-date"));
    }

    #[test]
    fn postcodes_and_phones() {
        assert!(is_postcode("20095") && !is_postcode("2009") && !is_postcode("2009a"));
        assert!(is_phone("040 555 1100") && is_phone("+49 (40) 555-1100") && !is_phone("call me") && !is_phone("12"));
    }

    #[test]
    fn verified_fields_cannot_be_overwritten() {
        let current = Profile {
            given_name: "Anna".into(),
            family_name: "Beispiel".into(),
            verified_fields: vec!["family_name".into()],
            ..Default::default()
        };
        let form = ProfileForm {
            given_name: "Anne".into(),
            family_name: "Fälschung".into(),
            ..Default::default()
        };
        let saved = form.parse(&current, today()).unwrap();
        assert_eq!(saved.given_name, "Anne");
        assert_eq!(saved.family_name, "Beispiel");
    }

    proptest! {
        #[test]
        fn any_accepted_date_is_real_and_not_in_the_future(d in "[0-9]{0,3}", m in "[0-9]{0,3}", y in "[0-9]{0,5}") {
            if let Ok(Some(date)) = parse_birth_date(&d, &m, &y, today()) {
                prop_assert!(date <= today());
                prop_assert_eq!(date.day(), d.parse::<u32>().unwrap());
            }
        }

        #[test]
        fn accepted_phones_have_six_to_fifteen_digits(p in "\\PC{0,30}") {
            if is_phone(&p) {
                let n = p.chars().filter(char::is_ascii_digit).count();
                prop_assert!((6..=15).contains(&n));
            }
        }
    }
}
