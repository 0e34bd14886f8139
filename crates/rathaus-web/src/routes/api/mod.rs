//! The JSON API (`/api/v1`), described by the OpenAPI document at `/api/v1/openapi.json`.
//! Errors are RFC 9457 problem documents (rendered by the error middleware).

use axum::extract::{Path, Query, State};
mod applications;

use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::error::AppResult;
use crate::state::AppState;
use rathaus_core::catalog::{self, Agency, Fee, FeeTier, Location, OnlineAvailability, OpeningHours, Service};
use rathaus_platform::Error;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Rathaus API",
        description = "Service catalogue of the digital town hall, and applying online. Writes need the session cookie of a signed-in person and its CSRF token in the X-CSRF-Token header.",
        license(name = "EUPL-1.2")
    ),
    paths(
        list_services,
        get_service,
        search_services,
        list_agencies,
        get_agency,
        list_locations,
        get_location,
        applications::form_of_service,
        applications::create,
        applications::list,
        applications::get,
        applications::save_page,
        applications::upload,
        applications::download,
        applications::submit,
        applications::pay
    ),
    components(schemas(
        ServiceSummary,
        Service,
        Fee,
        FeeTier,
        OnlineAvailability,
        Agency,
        Location,
        OpeningHours,
        Problem,
        applications::ApplicationView,
        applications::NewApplication,
        applications::FieldProblem,
        applications::EventView,
        applications::FileView,
        applications::Submission,
        applications::SubmitRequest,
        applications::DeliveryRequest,
        applications::AddressRequest,
        applications::DeliveryView,
        applications::LetterView,
        applications::PaymentView,
        rathaus_core::cases::delivery::PostalAddress,
        rathaus_core::payments::fees::Fee,
        rathaus_core::payments::fees::FeeLine,
        rathaus_core::payments::fees::Due
    ))
)]
pub struct ApiDoc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/services", get(list_services))
        .route("/services/{id}", get(get_service))
        .route("/services/{id}/form", get(applications::form_of_service))
        .route("/applications", get(applications::list).post(applications::create))
        .route("/applications/{id}", get(applications::get))
        .route("/applications/{id}/pages/{page}", put(applications::save_page))
        .route("/applications/{id}/documents/{field}", post(applications::upload))
        .route("/applications/{id}/files/{file}", get(applications::download))
        .route("/applications/{id}/submit", post(applications::submit))
        .route("/applications/{id}/payment", post(applications::pay))
        .route("/search", get(search_services))
        .route("/agencies", get(list_agencies))
        .route("/agencies/{id}", get(get_agency))
        .route("/locations", get(list_locations))
        .route("/locations/{id}", get(get_location))
        .fallback(|| async { crate::error::Refusal::NotFound.status() })
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// An error as RFC 9457 describes it.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    #[schema(example = "https://rathaus.example.org/probleme/404")]
    pub r#type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub instance: String,
}

/// A service in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceSummary {
    pub id: String,
    pub name_de: String,
    pub name_en: String,
    pub agency: String,
    pub audience: Vec<String>,
    pub online_possible: bool,
    /// Where it is applied for online when not in Rathaus: the specialist procedure.
    pub online_procedure_url: Option<String>,
    pub assurance_level: String,
    /// The service's page for people.
    pub url: String,
}

impl From<&Service> for ServiceSummary {
    fn from(s: &Service) -> Self {
        Self {
            id: s.id.clone(),
            name_de: s.name_de.clone(),
            name_en: s.name_en.clone(),
            agency: s.agency.clone(),
            audience: s.audience.clone(),
            online_possible: s.online.possible,
            online_procedure_url: s.online.procedure_url.clone(),
            assurance_level: s.assurance_level.clone(),
            url: format!("/leistungen/{}", s.id),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ServiceParams {
    /// `resident` or `business`.
    pub audience: Option<String>,
    /// An agency id.
    pub agency: Option<String>,
}

fn check_audience(audience: &Option<String>) -> AppResult<()> {
    match audience.as_deref() {
        None | Some("resident") | Some("business") => Ok(()),
        Some(other) => Err(Error::Invalid(format!("audience must be \"resident\" or \"business\", not \"{other}\"")).into()),
    }
}

/// All services, optionally filtered.
#[utoipa::path(get, path = "/api/v1/services", params(ServiceParams),
    responses((status = 200, body = [ServiceSummary]), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn list_services(State(state): State<AppState>, Query(params): Query<ServiceParams>) -> AppResult<Json<Vec<ServiceSummary>>> {
    check_audience(&params.audience)?;
    let catalog = state.catalog().await?;
    Ok(Json(
        catalog
            .services()
            .iter()
            .filter(|s| params.audience.as_ref().is_none_or(|a| s.audience.contains(a)))
            .filter(|s| params.agency.as_ref().is_none_or(|a| &s.agency == a))
            .map(ServiceSummary::from)
            .collect(),
    ))
}

/// One service with everything the catalogue knows about it.
#[utoipa::path(get, path = "/api/v1/services/{id}", params(("id" = String, Path, description = "Service id")),
    responses((status = 200, body = Service), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_service(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Json<Service>> {
    let catalog = state.catalog().await?;
    Ok(Json(catalog.service(&id).cloned().ok_or(Error::NotFound)?))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct SearchParams {
    /// Words to look for.
    pub q: String,
    /// `resident` or `business`.
    pub audience: Option<String>,
    /// Only services of this agency (its id).
    pub agency: Option<String>,
}

/// Services matching the query, best first. Understands German: word stems, parts of
/// compound words, small typos, and the words residents use for official terms.
#[utoipa::path(get, path = "/api/v1/search", params(SearchParams),
    responses((status = 200, body = [ServiceSummary]), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn search_services(State(state): State<AppState>, Query(params): Query<SearchParams>) -> AppResult<Json<Vec<ServiceSummary>>> {
    check_audience(&params.audience)?;
    if params.q.chars().count() > 200 {
        return Err(Error::Invalid("q is longer than 200 characters".into()).into());
    }
    let catalog = state.catalog().await?;
    Ok(Json(
        catalog::search(
            &catalog,
            &params.q,
            catalog::SearchFilter {
                audience: params.audience.as_deref(),
                agency: params.agency.as_deref(),
            },
        )
        .into_iter()
        .map(ServiceSummary::from)
        .collect(),
    ))
}

/// All agencies.
#[utoipa::path(get, path = "/api/v1/agencies", responses((status = 200, body = [Agency])))]
async fn list_agencies(State(state): State<AppState>) -> AppResult<Json<Vec<Agency>>> {
    Ok(Json(state.catalog().await?.agencies().to_vec()))
}

/// One agency.
#[utoipa::path(get, path = "/api/v1/agencies/{id}", params(("id" = String, Path, description = "Agency id")),
    responses((status = 200, body = Agency), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_agency(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Json<Agency>> {
    Ok(Json(state.catalog().await?.agency(&id).cloned().ok_or(Error::NotFound)?))
}

/// All locations with opening hours and the services offered in person.
#[utoipa::path(get, path = "/api/v1/locations", responses((status = 200, body = [Location])))]
async fn list_locations(State(state): State<AppState>) -> AppResult<Json<Vec<Location>>> {
    Ok(Json(state.catalog().await?.locations().to_vec()))
}

/// One location.
#[utoipa::path(get, path = "/api/v1/locations/{id}", params(("id" = String, Path, description = "Location id")),
    responses((status = 200, body = Location), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_location(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Json<Location>> {
    Ok(Json(state.catalog().await?.location(&id).cloned().ok_or(Error::NotFound)?))
}
