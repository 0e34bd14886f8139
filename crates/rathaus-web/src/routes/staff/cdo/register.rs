//! `/verwaltung/cdo/verfahren`: the register of IT procedures, riskiest first, for the
//! CDO office (every agency) and agency administrators (their own); one page per entry
//! with its components' support, its risk and what it changed; the register as CSV and
//! XLSX; what changed since a day. Every read is audited by the register.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::auth::Staff;
use crate::error::AppResult;
use crate::page::Page;
use crate::routes::staff::sheets::{csv_download, neutralise, xlsx_download};
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::catalog::Catalog;
use rathaus_core::cockpit::ageing::{Assessed, Counts, assess_all, changed_fields};
use rathaus_core::cockpit::end_of_support::{Support, Unknown};
use rathaus_core::cockpit::register::{self, Office};
use rathaus_core::cockpit::{sheet, store};
use rathaus_platform::i18n::{Lang, date, date_time};

pub fn office_of(staff: &Staff) -> Office {
    Office::of(staff.account.id, &staff.account.display_name, &staff.grants)
}

pub fn today(state: &AppState) -> NaiveDate {
    rathaus_core::cases::due::local_date(state.clock.now())
}

pub fn agency_name(page: &Page, catalog: &Catalog, id: &str) -> String {
    catalog
        .agency(id)
        .map(|a| a.name(page.lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// A decimal as the language writes it: "12,5" or "12.5".
pub fn decimal(lang: Lang, value: f64) -> String {
    let text = format!("{value:.1}");
    if lang == Lang::En { text } else { text.replace('.', ",") }
}

/// A component's support in words, and its class for the eye (the words carry it alone).
pub fn support_text(page: &Page, support: &Support) -> (String, &'static str) {
    let on = |d: &NaiveDate| vec![("date", date(page.lang, *d))];
    match support {
        Support::Supported { until: Some(d) } => (page.lang.t_args("cockpit-support-until", &on(d)), "ok"),
        Support::Supported { until: None } => (page.t("cockpit-support-open"), "ok"),
        Support::EndsSoon { on: d } => (page.lang.t_args("cockpit-support-soon", &on(d)), "warn"),
        Support::Ended { on: Some(d) } => (page.lang.t_args("cockpit-support-ended-on", &on(d)), "bad"),
        Support::Ended { on: None } => (page.t("cockpit-support-ended"), "bad"),
        Support::Unknown { why: Unknown::Product } => (page.t("cockpit-support-unknown-product"), "unknown"),
        Support::Unknown { why: Unknown::Version } => (page.t("cockpit-support-unknown-version"), "unknown"),
        Support::Unknown { why: Unknown::Unreadable } => (page.t("cockpit-support-unknown-own"), "unknown"),
    }
}

/// One line of the register.
pub struct Line {
    pub id: String,
    pub name: String,
    pub agency: String,
    pub score: String,
    pub worst: String,
    pub worst_class: &'static str,
    pub findings: String,
}

fn line(page: &Page, catalog: &Catalog, a: &Assessed) -> Line {
    let (worst, worst_class) = match a.worst {
        Some(i) => {
            let (text, class) = support_text(page, &a.components[i].support);
            let c = &a.procedure.components[i];
            (format!("{} {}: {text}", c.name, c.version), class)
        }
        None => (page.t("cockpit-no-components"), "unknown"),
    };
    let counts = Counts::of(&a.components);
    Line {
        id: a.procedure.id.clone(),
        name: a.procedure.name.clone(),
        agency: agency_name(page, catalog, &a.procedure.owner),
        score: decimal(page.lang, a.risk.score),
        worst,
        worst_class,
        findings: page.lang.t_args(
            "cockpit-findings",
            &[
                ("ended", counts.ended.to_string()),
                ("soon", counts.ends_soon.to_string()),
                ("unknown", counts.unknown.to_string()),
            ],
        ),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    behoerde: String,
}

impl ListQuery {
    /// The agency asked for; empty for all the person reads.
    pub fn agency(&self) -> &str {
        &self.behoerde
    }
}

pub struct Choice {
    pub id: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/register.html")]
pub struct RegisterPage {
    page: Page,
    lines: Vec<Line>,
    agencies: Vec<Choice>,
    totals: String,
    can_edit: bool,
}

/// The entries the person reads (of one agency when asked), assessed today, and the
/// agencies among all they read.
async fn assessed(state: &AppState, office: &Office, agency: &str, what: &str) -> AppResult<(Vec<Assessed>, Vec<String>)> {
    let (mut visible, graph) = register::list_with_graph(&state.db, &*state.clock, office, what).await?;
    let mut owners: Vec<String> = visible.iter().map(|p| p.owner.clone()).collect();
    owners.sort();
    owners.dedup();
    if !agency.is_empty() {
        visible.retain(|p| p.owner == agency);
    }
    let table = register::table(&state.db).await?;
    Ok((assess_all(visible, &graph, &table, today(state)), owners))
}

/// The register for the cockpit: its totals in a sentence, its `n` riskiest entries,
/// and how many procedures need doing (an end of support no measure answers, an unknown
/// end, a measure too late).
pub struct ForCockpit {
    pub totals: String,
    pub riskiest: Vec<Line>,
    pub needs_doing: usize,
}

pub async fn for_cockpit(state: &AppState, page: &Page, staff: &Staff, catalog: &Catalog, n: usize) -> AppResult<ForCockpit> {
    let office = office_of(staff);
    let (all, _) = assessed(state, &office, "", "it_register:cockpit").await?;
    let measures = rathaus_core::cockpit::measure::all(state.db.read()).await?;
    Ok(ForCockpit {
        totals: totals(page, &all),
        riskiest: all.iter().take(n).map(|a| line(page, catalog, a)).collect(),
        needs_doing: rathaus_core::cockpit::roadmap::needs_doing(&all, &measures).len(),
    })
}

fn totals(page: &Page, all: &[Assessed]) -> String {
    let counts = Counts::of(all.iter().flat_map(|a| &a.components));
    page.lang.t_args(
        "cockpit-register-totals",
        &[
            ("count", all.len().to_string()),
            ("ended", counts.ended.to_string()),
            ("soon", counts.ends_soon.to_string()),
            ("unknown", counts.unknown.to_string()),
        ],
    )
}

pub async fn list(State(state): State<AppState>, page: Page, staff: Staff, Query(q): Query<ListQuery>) -> AppResult<RegisterPage> {
    let office = office_of(&staff);
    let (all, owners) = assessed(&state, &office, &q.behoerde, "it_register").await?;
    let catalog = state.catalog().await?;
    let totals = totals(&page, &all);
    Ok(RegisterPage {
        lines: all.iter().map(|a| line(&page, &catalog, a)).collect(),
        agencies: owners
            .into_iter()
            .map(|id| Choice {
                label: agency_name(&page, &catalog, &id),
                selected: id == q.behoerde,
                id,
            })
            .collect(),
        totals,
        can_edit: !office.admin_of.is_empty(),
        page,
    })
}

/// The register as it leaves the system: the sheet the import reads, plus the risk.
async fn export_rows(state: &AppState, staff: &Staff) -> AppResult<Vec<Vec<String>>> {
    let office = office_of(staff);
    let (all, _) = assessed(state, &office, "", "it_register:export").await?;
    let register: Vec<_> = all.iter().map(|a| a.procedure.clone()).collect();
    let mut rows = sheet::rows(&register);
    rows[0].push("risk_score".into());
    for (row, a) in rows.iter_mut().skip(1).zip(&all) {
        row.push(format!("{:.1}", a.risk.score));
    }
    Ok(rows.into_iter().map(|r| r.iter().map(|c| neutralise(c)).collect()).collect())
}

pub async fn csv(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    csv_download(&export_rows(&state, &staff).await?, "it-verfahren.csv")
}

pub async fn xlsx(State(state): State<AppState>, staff: Staff) -> AppResult<Response> {
    xlsx_download(&export_rows(&state, &staff).await?, "it-verfahren.xlsx")
}

pub struct ComponentLine {
    pub name: String,
    pub version: String,
    pub matched: String,
    pub support: String,
    pub class: &'static str,
    pub source: String,
}

pub struct Link {
    pub href: Option<String>,
    pub label: String,
    pub note: String,
}

pub struct RevisionLine {
    pub number: i32,
    pub at: String,
    pub actor: String,
    pub change: String,
    pub fields: String,
}

pub struct MeasureLine {
    pub href: String,
    pub title: String,
    pub target: String,
    pub date: String,
    pub status: String,
    pub budget: String,
    pub milestones: Vec<String>,
    pub late: bool,
}

pub struct Factor {
    pub label: String,
    pub value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/procedure.html")]
pub struct ProcedurePage {
    page: Page,
    id: String,
    name: String,
    facts: Vec<Factor>,
    components: Vec<ComponentLine>,
    score: String,
    factors: Vec<Factor>,
    needs: Vec<Link>,
    needed_by: Vec<Link>,
    services: Vec<Link>,
    revisions: Vec<RevisionLine>,
    measures: Vec<MeasureLine>,
    deadline: Option<String>,
    can_edit: bool,
    done: String,
    sbom_error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    hinweis: String,
    /// After an SBOM: how many of its components had no version and were left out.
    #[serde(default)]
    ohne_version: usize,
}

/// The notices a change leaves on the entry's page.
pub const DONE: [&str; 4] = ["angelegt", "gespeichert", "sbom", "massnahme"];

pub fn change_text(page: &Page, change: &str) -> String {
    if rathaus_core::cockpit::register::CHANGES.contains(&change) {
        page.t(&format!("cockpit-change-{change}"))
    } else {
        change.to_string()
    }
}

pub fn field_names(page: &Page, fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| page.t(&format!("cockpit-field-{f}")))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    staff: Staff,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<ProcedurePage> {
    let mut notice = if DONE.contains(&done.hinweis.as_str()) {
        page.t(&format!("cockpit-done-{}", done.hinweis))
    } else {
        String::new()
    };
    if done.hinweis == "sbom" && done.ohne_version > 0 {
        notice = format!("{notice} {}", page.t1("cockpit-sbom-without-version", "count", done.ohne_version));
    }
    procedure_page(&state, (page, &session), &office_of(&staff), &id, (notice, None)).await
}

/// The entry's page, with a notice of what was just done or the refusal of an SBOM.
pub async fn procedure_page(
    state: &AppState,
    (mut page, session): (Page, &SessionHandle),
    office: &Office,
    id: &str,
    (done, sbom_error): (String, Option<String>),
) -> AppResult<ProcedurePage> {
    let state = state.clone();
    let office = office.clone();
    let id = id.to_string();
    let procedure = register::read(&state.db, &*state.clock, &office, &id).await?;
    let graph = register::graph(&state.db).await?;
    let table = register::table(&state.db).await?;
    let catalog = state.catalog().await?;
    let day = today(&state);
    let assessed = assess_all(vec![procedure.clone()], &graph, &table, day).remove(0);
    let p = &assessed.procedure;
    let l = page.lang;
    let level = |lv: rathaus_core::cockpit::it_procedure::Level| page.t(lv.label_key());
    let facts = vec![
        ("cockpit-field-owner", agency_name(&page, &catalog, &p.owner)),
        ("cockpit-field-purpose_de", p.purpose_de.clone()),
        (
            "cockpit-field-responsible",
            format!("{} ({})", p.responsible.name, p.responsible.email),
        ),
        ("cockpit-field-vendor", p.vendor.clone()),
        (
            "cockpit-field-contract_end",
            p.contract_end.map(|d| date(l, d)).unwrap_or_else(|| page.t("cockpit-none")),
        ),
        ("cockpit-field-hosting", page.t(p.hosting.label_key())),
        ("cockpit-field-users", p.users.to_string()),
        (
            "cockpit-field-protection",
            format!(
                "{}: {} · {}: {} · {}: {}",
                page.t("cockpit-field-confidentiality"),
                level(p.protection.confidentiality),
                page.t("cockpit-field-integrity"),
                level(p.protection.integrity),
                page.t("cockpit-field-availability"),
                level(p.protection.availability)
            ),
        ),
        (
            "cockpit-field-data_classes",
            if p.data_classes.is_empty() {
                page.t("cockpit-none")
            } else {
                p.data_classes.iter().map(|c| page.t(c.label_key())).collect::<Vec<_>>().join(", ")
            },
        ),
        (
            "cockpit-field-yearly_cost_eur",
            rathaus_platform::i18n::money(l, p.yearly_cost_eur.saturating_mul(100)),
        ),
        (
            "cockpit-field-years",
            format!(
                "{} / {}",
                p.introduced.map(|y| y.to_string()).unwrap_or_else(|| "–".into()),
                p.last_major_update.map(|y| y.to_string()).unwrap_or_else(|| "–".into())
            ),
        ),
    ]
    .into_iter()
    .map(|(key, value)| Factor { label: page.t(key), value })
    .collect();
    let components = p
        .components
        .iter()
        .zip(&assessed.components)
        .map(|(c, a)| {
            let (mut support, class) = support_text(&page, &a.support);
            if let Some(extended) = a.extended {
                support = format!("{support} · {}", page.t1("cockpit-support-extended", "date", date(l, extended)));
            }
            ComponentLine {
                name: c.name.clone(),
                version: c.version.clone(),
                matched: match (&a.product, &a.cycle) {
                    (Some(p), Some(cy)) => format!("{p} {cy}"),
                    (Some(p), None) => p.clone(),
                    _ => "–".into(),
                },
                support,
                class,
                source: page.t(if a.own_date {
                    "cockpit-source-own"
                } else if c.from_sbom {
                    "cockpit-source-sbom"
                } else {
                    "cockpit-source-table"
                }),
            }
        })
        .collect();
    let r = &assessed.risk;
    let factors = vec![
        ("cockpit-risk-urgency", decimal(l, r.urgency)),
        ("cockpit-risk-protection", decimal(l, r.protection)),
        ("cockpit-risk-data", decimal(l, r.data)),
        ("cockpit-risk-users", decimal(l, r.users)),
        (
            "cockpit-risk-dependents",
            format!("{} ({})", decimal(l, r.dependents), r.dependent_count),
        ),
    ]
    .into_iter()
    .map(|(key, value)| Factor { label: page.t(key), value })
    .collect();
    let by_id: HashMap<&str, &rathaus_core::cockpit::it_procedure::ItProcedure> = graph.iter().map(|g| (g.id.as_str(), g)).collect();
    // Another agency's procedure is named (as the form's list of keys names it) but not
    // linked: its entry is that agency's to read.
    let link_to = |other: &str, note: String| match by_id.get(other) {
        Some(o) if office.reads(&o.owner) => Link {
            href: Some(format!("/verwaltung/cdo/verfahren/{other}")),
            label: o.name.clone(),
            note,
        },
        Some(o) => Link {
            href: None,
            label: format!("{} ({})", o.name, agency_name(&page, &catalog, &o.owner)),
            note,
        },
        None => Link {
            href: None,
            label: other.to_string(),
            note,
        },
    };
    let needs = p.interfaces.iter().map(|i| link_to(&i.procedure, i.purpose_de.clone())).collect();
    let needed_by = graph
        .iter()
        .filter_map(|g| {
            g.interfaces
                .iter()
                .find(|i| i.procedure == p.id)
                .map(|i| link_to(&g.id, i.purpose_de.clone()))
        })
        .collect();
    let services = p
        .services
        .iter()
        .map(|s| Link {
            href: Some(format!("/leistungen/{s}")),
            label: catalog.service(s).map(|s| s.name(l).to_string()).unwrap_or_else(|| s.clone()),
            note: String::new(),
        })
        .collect();
    let history = register::revisions(&state.db, &office, &id).await?;
    let revisions = history
        .iter()
        .enumerate()
        .map(|(i, rev)| RevisionLine {
            number: rev.number,
            at: date_time(l, rev.at),
            actor: rev.actor_name.clone(),
            change: change_text(&page, &rev.change),
            fields: history
                .get(i + 1)
                .map(|before| field_names(&page, &changed_fields(&before.snapshot, &rev.snapshot)))
                .unwrap_or_default(),
        })
        .collect();
    let deadline = rathaus_core::cockpit::roadmap::deadline(&assessed);
    let measures = rathaus_core::cockpit::measure::of_procedure(state.db.read(), &id)
        .await?
        .into_iter()
        .map(|m| MeasureLine {
            href: format!("/verwaltung/cdo/verfahren/{}/massnahmen/{}", id, m.id),
            late: m.is_late(deadline),
            target: m.target.clone(),
            date: date(l, m.target_date),
            status: page.t(m.status.label_key()),
            budget: rathaus_platform::i18n::money(l, m.budget_eur.saturating_mul(100)),
            milestones: m
                .milestones
                .iter()
                .map(|s| {
                    let state = page.t(if s.done {
                        "cockpit-milestone-done"
                    } else {
                        "cockpit-milestone-open"
                    });
                    format!("{}: {} ({state})", date(l, s.due), s.title)
                })
                .collect(),
            title: m.title,
        })
        .collect();
    let can_edit = office.edits(&p.owner);
    if can_edit {
        page.csrf = Some(session.csrf_token().await?);
    }
    Ok(ProcedurePage {
        id: p.id.clone(),
        name: p.name.clone(),
        facts,
        components,
        score: decimal(l, r.score),
        factors,
        needs,
        needed_by,
        services,
        revisions,
        measures,
        deadline: deadline.map(|d| date(l, d)),
        can_edit,
        done,
        sbom_error,
        page,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct SinceQuery {
    #[serde(default)]
    seit: String,
}

pub struct ChangeLine {
    pub href: String,
    pub name: String,
    pub at: String,
    pub actor: String,
    pub change: String,
    pub fields: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/cdo/changes.html")]
pub struct ChangesPage {
    page: Page,
    since: String,
    since_text: String,
    error: Option<String>,
    lines: Vec<ChangeLine>,
}

/// What changed in the entries the person reads since a day (by default the start of
/// last quarter), each change with the fields it touched.
pub async fn changes(State(state): State<AppState>, page: Page, staff: Staff, Query(q): Query<SinceQuery>) -> AppResult<ChangesPage> {
    let office = office_of(&staff);
    let default = register::last_quarter_start(state.clock.now());
    let (since, error) = match q.seit.trim() {
        "" => (default, None),
        text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => (d, None),
            Err(_) => (default, Some(page.t("cockpit-error-date"))),
        },
    };
    let visible = register::list(&state.db, &*state.clock, &office, "it_register:changes").await?;
    let readable: HashMap<&str, &str> = visible.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    let start = rathaus_core::cases::due::start_of_local_day(since);
    let revisions = store::revisions_since(state.db.read(), start).await?;
    let mut lines = Vec::new();
    for (i, rev) in revisions.iter().enumerate() {
        let Some(name) = readable.get(rev.procedure.as_str()) else {
            continue;
        };
        if rev.at < start {
            continue;
        }
        let before = i.checked_sub(1).map(|j| &revisions[j]).filter(|b| b.procedure == rev.procedure);
        lines.push((
            rev.at,
            ChangeLine {
                href: format!("/verwaltung/cdo/verfahren/{}", rev.procedure),
                name: name.to_string(),
                at: date_time(page.lang, rev.at),
                actor: rev.actor_name.clone(),
                change: change_text(&page, &rev.change),
                fields: before
                    .map(|b| field_names(&page, &changed_fields(&b.snapshot, &rev.snapshot)))
                    .unwrap_or_default(),
            },
        ));
    }
    lines.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let lines = lines.into_iter().map(|(_, line)| line).collect();
    Ok(ChangesPage {
        since: since.to_string(),
        since_text: date(page.lang, since),
        error,
        lines,
        page,
    })
}
