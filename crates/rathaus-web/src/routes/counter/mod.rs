//! In the waiting room: the call display (`/standorte/{id}/aufruf`, live by server-sent
//! events), the kiosk (`/kiosk/{token}`: check in with the booking code or take a
//! number), and the counter staff's desk (`/verwaltung/schalter`).

mod desk;
mod display;
mod kiosk;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/standorte/{id}/aufruf", get(display::show))
        .route("/standorte/{id}/aufruf/live", get(display::live))
        .route("/kiosk/{token}", get(kiosk::show))
        .route("/kiosk/{token}/termin", post(kiosk::check_in))
        .route("/kiosk/{token}/nummer", post(kiosk::take_number))
        .route("/verwaltung/schalter", get(desk::show))
        .route("/verwaltung/schalter/aufrufen", post(desk::call_next))
        .route("/verwaltung/schalter/erneut", post(desk::recall))
        .route("/verwaltung/schalter/fertig", post(desk::finish))
        .route("/verwaltung/schalter/einchecken", post(desk::check_in))
        .route("/verwaltung/schalter/nummer", post(desk::take_number))
}
