//! Resolves `Authorization: Bearer <token>` into the calling [`Principal`].

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::auth::cache::TokenCache;
use crate::auth::{self, Principal};
use crate::db::types::Id;
use crate::db::Db;
use crate::error::AppError;

impl FromRequest for Principal {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // Routes with an `Access` found the caller before the handler ran.
        match req.extensions().get::<Principal>() {
            Some(principal) => Box::pin(std::future::ready(Ok(principal.clone()))),
            None => Box::pin(authenticate(req)),
        }
    }
}

/// The caller of `req`, from its bearer token: the token cache first, else the database.
pub fn authenticate(
    req: &HttpRequest,
) -> impl Future<Output = Result<Principal, AppError>> + 'static {
    let secret = bearer_secret(req);
    let db = req.app_data::<web::Data<Db>>().cloned();
    let cache = req.app_data::<web::Data<TokenCache>>().cloned();
    async move {
        let secret = secret?;
        let key = auth::tokens::hash(&secret);
        let cached = cache.as_ref().and_then(|c| c.get(&key));
        let principal = match cached {
            Some(principal) => principal,
            None => {
                let db =
                    db.ok_or_else(|| AppError::internal("database handle missing from app data"))?;
                let found = db
                    .run(move |conn| auth::tokens::authenticate(conn, &secret))
                    .await?;
                let principal = found
                    .ok_or_else(|| AppError::unauthorized("the token is unknown or revoked"))?;
                if let Some(cache) = &cache {
                    cache.put(key, principal.clone());
                }
                principal
            }
        };
        tracing::Span::current().record("principal", principal.actor());
        Ok(principal)
    }
}

fn bearer_secret(req: &HttpRequest) -> Result<String, AppError> {
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .ok_or_else(|| AppError::unauthorized("send Authorization: Bearer <token>"))?;
    let value = header
        .to_str()
        .map_err(|_| AppError::unauthorized("the Authorization header is not text"))?;
    let secret = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AppError::unauthorized("the Authorization header must be Bearer <token>"))?;
    Ok(secret.to_owned())
}

/// The id in a path such as `/v1/tokens/{id}`; `noun` names it in the error.
pub fn path_id(text: &str, noun: &str) -> Result<Id, AppError> {
    Id::parse(text)
        .ok_or_else(|| AppError::bad_request("invalid_id", format!("the {noun} id is not a UUID")))
}

/// A 1-based position of an attachment in a path.
pub fn path_position(text: &str) -> Result<i32, AppError> {
    text.parse::<i32>().ok().filter(|p| *p >= 1).ok_or_else(|| {
        AppError::bad_request(
            "invalid_position",
            "the attachment position is a number from 1",
        )
    })
}

/// Refuses a path whose percent-encoded bytes are not UTF-8 (`/v1/users/%ff%fe/history`): decoded
/// lossily, different byte strings would meet as one id.
pub fn check_path(path: &str) -> Result<(), AppError> {
    match percent_encoding::percent_decode_str(path).decode_utf8() {
        Ok(_) => Ok(()),
        Err(_) => Err(AppError::bad_request(
            "invalid_id",
            "the path holds percent-encoded bytes that are not UTF-8",
        )),
    }
}
