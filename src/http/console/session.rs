//! Resolves the console's session cookie into the signed-in staff member.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};

use super::page::ConsoleError;
use crate::auth::staff::{self, Session};
use crate::db::Db;
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "cp_session";

impl FromRequest for Session {
    type Error = ConsoleError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ConsoleError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let secret = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned());
        let db = req.app_data::<web::Data<Db>>().cloned();
        let sign_in = ConsoleError::SignIn {
            next: req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
        };
        Box::pin(async move {
            let Some(secret) = secret else {
                return Err(sign_in);
            };
            let db =
                db.ok_or_else(|| AppError::internal("database handle missing from app data"))?;
            let session = db
                .run(move |conn| staff::resolve(conn, &secret))
                .await?
                .ok_or(sign_in)?;
            tracing::Span::current().record("principal", session.principal.actor());
            Ok(session)
        })
    }
}

/// The session cookie: unreadable by scripts, never sent with another site's requests.
pub fn cookie(secret: String, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, secret)
        .path("/console")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(time::Duration::seconds(
            staff::SESSION_LIFETIME.num_seconds(),
        ))
        .finish()
}

pub fn removal(secure: bool) -> Cookie<'static> {
    let mut cookie = cookie(String::new(), secure);
    cookie.make_removal();
    cookie
}
