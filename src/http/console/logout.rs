use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::page::{self, ConsoleError};
use super::session;
use super::ConsoleSettings;
use crate::audit::Actor;
use crate::auth::staff::{self, Session};
use crate::db::Db;
use crate::lease;

#[derive(Deserialize)]
pub struct LogoutForm {
    csrf: String,
}

/// Ends the session on the server (the cookie alone would not do), hands back every item the
/// member holds, and clears the cookie.
pub async fn logout(
    req: HttpRequest,
    session: Session,
    db: web::Data<Db>,
    settings: web::Data<ConsoleSettings>,
    form: web::Form<LogoutForm>,
) -> Result<HttpResponse, ConsoleError> {
    page::check_post(&req, &session, &form.csrf)?;
    let actor = Actor::from(&session.principal);
    db.run(move |conn| {
        lease::release_all(conn, &actor, chrono::Utc::now().naive_utc())?;
        staff::logout(conn, &session)
    })
    .await?;
    Ok(HttpResponse::SeeOther()
        .cookie(session::removal(settings.secure_cookie))
        .insert_header((header::LOCATION, "/console/login"))
        .finish())
}
