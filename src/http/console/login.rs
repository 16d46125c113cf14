use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::page::{self, Chrome, ConsoleError};
use super::session;
use super::ConsoleSettings;
use crate::auth::staff;
use crate::db::Db;
use crate::error::ErrorKind;

#[derive(Template)]
#[template(path = "console/login.html")]
struct LoginPage {
    chrome: Chrome,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(
    req: HttpRequest,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, ConsoleError> {
    let next = page::local_path(query.next.as_deref()).to_owned();
    page::render(&LoginPage {
        chrome: Chrome::new(&req, None, ""),
        next,
        username: String::new(),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

/// Signs in and sets the session cookie; a wrong password shows the form again (401), a locked
/// account says until when (403).
pub async fn submit(
    req: HttpRequest,
    db: web::Data<Db>,
    settings: web::Data<ConsoleSettings>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, ConsoleError> {
    page::check_origin(&req)?;
    let LoginForm {
        username,
        password,
        next,
    } = form.into_inner();
    let next = page::local_path(next.as_deref()).to_owned();
    let attempt = username.clone();
    match db
        .run(move |conn| staff::login(conn, &attempt, &password))
        .await
    {
        Ok(signed_in) => Ok(HttpResponse::SeeOther()
            .cookie(session::cookie(signed_in.secret, settings.secure_cookie))
            .insert_header((actix_web::http::header::LOCATION, next))
            .finish()),
        Err(error) if matches!(error.kind, ErrorKind::Unauthorized | ErrorKind::Forbidden) => {
            let status = if error.kind == ErrorKind::Forbidden {
                StatusCode::FORBIDDEN
            } else {
                StatusCode::UNAUTHORIZED
            };
            let page = LoginPage {
                chrome: Chrome::new(&req, None, ""),
                next,
                username,
                error: Some(error.message),
            };
            page::render_with(status, &page)
        }
        Err(error) => Err(error.into()),
    }
}
