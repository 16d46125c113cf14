use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::i18n::LANG_COOKIE;
use super::page;

#[derive(Deserialize)]
pub struct LangQuery {
    to: String,
    back: Option<String>,
}

/// Remembers the chosen language (a preference, not a secret) and returns to the page.
pub async fn switch(query: web::Query<LangQuery>) -> HttpResponse {
    let lang = if query.to == "en" { "en" } else { "ko" };
    let cookie = Cookie::build(LANG_COOKIE, lang)
        .path("/console")
        .same_site(SameSite::Lax)
        .max_age(time::Duration::days(365))
        .finish();
    HttpResponse::SeeOther()
        .cookie(cookie)
        .insert_header((header::LOCATION, page::local_path(query.back.as_deref())))
        .finish()
}
