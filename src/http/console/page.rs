//! What every console page shares: the frame (navigation by role, language, CSRF token), rendering,
//! errors as pages, and the checks every form post passes.

use actix_web::body::BoxBody;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use super::i18n::{Lang, Texts};
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::error::AppError;
use crate::http::error::ErrorBody;

pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// The frame around every page: who is signed in, what they may open, the words to use.
pub struct Chrome {
    pub t: &'static Texts,
    pub lang: Lang,
    pub user: Option<(String, Role)>,
    pub csrf: String,
    pub nav: Vec<NavLink>,
    /// This page's path and query, for the language switch to come back to.
    pub here: String,
}

impl Chrome {
    pub fn new(req: &HttpRequest, session: Option<&Session>, current: &str) -> Self {
        let lang = Lang::of(req);
        let t = lang.texts();
        let nav = session
            .map(|s| {
                let role = s.principal.role;
                let links: [(&'static str, &'static str, &[Role]); 7] = [
                    ("/console", t.home, &[]),
                    ("/console/review", t.review, &[Role::Reviewer]),
                    ("/console/moderation", t.moderation, &[Role::Reviewer]),
                    ("/console/second-reviews", t.second_reviews, &[Role::Senior]),
                    ("/console/appeals", t.appeals, &[Role::Senior]),
                    ("/console/dashboard", t.dashboard, &[Role::Reviewer, Role::Ops]),
                    ("/console/policy", t.policy, &[Role::Ops]),
                ];
                links
                    .into_iter()
                    .filter(|(_, _, roles)| roles.is_empty() || roles.iter().any(|r| role.grants(*r)))
                    .map(|(href, label, _)| NavLink { href, label, current: href == current })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            t,
            lang,
            user: session.map(|s| (s.principal.name.clone(), s.principal.role)),
            csrf: session.map(|s| s.csrf_token.clone()).unwrap_or_default(),
            nav,
            // A page answering a post (a backtest) comes back as its section's page, since the
            // form's address may take no GET.
            here: match req.uri().path_and_query() {
                Some(p) if req.method() == actix_web::http::Method::GET => p.as_str().to_owned(),
                Some(p) if current.is_empty() => p.path().to_owned(),
                _ => current.to_owned(),
            },
        }
    }
}

/// The form every post without other fields sends.
#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

/// `?empty=1`: the queue page after a claim found nothing.
#[derive(Deserialize)]
pub struct EmptyQuery {
    pub empty: Option<u8>,
}

/// A lease-held queue's page: its size and the claim button.
#[derive(Template)]
#[template(path = "console/queue.html")]
pub struct QueuePage {
    pub chrome: Chrome,
    pub title: &'static str,
    pub claim_action: &'static str,
    pub waiting: i64,
    pub in_review: i64,
    pub empty: bool,
}

/// A rendered page, never cached: pages show personal data and queue state.
pub fn render(page: &impl Template) -> Result<HttpResponse, ConsoleError> {
    render_with(StatusCode::OK, page)
}

pub fn render_with(status: StatusCode, page: &impl Template) -> Result<HttpResponse, ConsoleError> {
    let html = page.render().map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(html))
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish()
}

/// Only console paths are followed after sign-in or a language switch, so a link cannot send a
/// signed-in member of staff to another site.
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(p) if p.starts_with("/console") && !p.contains("//") && !p.contains('\\') => p,
        _ => "/console",
    }
}

/// Refuses a form post that did not come from a console page: the CSRF token must match the
/// session's, and a browser's `Origin`, when sent, must be this host.
pub fn check_post(req: &HttpRequest, session: &Session, token: &str) -> Result<(), AppError> {
    check_origin(req)?;
    if !constant_time_eq(token.as_bytes(), session.csrf_token.as_bytes()) {
        return Err(AppError::forbidden("the form is stale or came from another site; reload the page and try again"));
    }
    Ok(())
}

/// `check_post` for a page's script, which sends the token as `X-CSRF-Token`.
pub fn check_script_post(req: &HttpRequest, session: &Session) -> Result<(), AppError> {
    let token = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
    check_post(req, session, token)
}

/// A form's day count, read only where the chosen action takes one (`wanted`); blank is none.
pub fn form_days(text: Option<&str>, wanted: bool) -> Result<Option<u32>, AppError> {
    match text.map(str::trim).filter(|d| !d.is_empty()) {
        Some(days) if wanted => Ok(Some(days.parse().map_err(|_| AppError::bad_request("invalid_duration", "the duration is a number of days"))?)),
        _ => Ok(None),
    }
}

pub fn check_origin(req: &HttpRequest) -> Result<(), AppError> {
    let Some(origin) = req.headers().get(header::ORIGIN) else { return Ok(()) };
    let host = req.connection_info().host().to_owned();
    let same = origin.to_str().ok().and_then(|o| o.split_once("://")).is_some_and(|(_, rest)| rest == host);
    if !same {
        return Err(AppError::forbidden("cross-site form posts are refused"));
    }
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// A console failure: sign-in needed (a redirect for pages, 401 for scripts) or an error shown as
/// a page (for scripts, the API's JSON body).
#[derive(Debug)]
pub enum ConsoleError {
    SignIn { next: String, script: bool },
    App { error: AppError, script: bool },
}

impl From<AppError> for ConsoleError {
    fn from(error: AppError) -> Self {
        ConsoleError::App { error, script: false }
    }
}

impl ConsoleError {
    /// For handlers that scripts call (`fetch`): errors answer in JSON.
    pub fn for_script(self) -> Self {
        match self {
            ConsoleError::SignIn { next, .. } => ConsoleError::SignIn { next, script: true },
            ConsoleError::App { error, .. } => ConsoleError::App { error, script: true },
        }
    }
}

impl std::fmt::Display for ConsoleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConsoleError::SignIn { .. } => f.write_str("sign-in required"),
            ConsoleError::App { error, .. } => error.fmt(f),
        }
    }
}

#[derive(Template)]
#[template(path = "console/error.html")]
struct ErrorPage<'a> {
    status: u16,
    code: &'a str,
    message: &'a str,
}

impl ResponseError for ConsoleError {
    fn status_code(&self) -> StatusCode {
        match self {
            ConsoleError::SignIn { script: false, .. } => StatusCode::SEE_OTHER,
            ConsoleError::SignIn { script: true, .. } => StatusCode::UNAUTHORIZED,
            ConsoleError::App { error, .. } => error.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        match self {
            ConsoleError::SignIn { next, script: false } => {
                let query: String = url_encode(next);
                see_other(&format!("/console/login?next={query}"))
            }
            ConsoleError::SignIn { script: true, .. } => {
                HttpResponse::Unauthorized().json(ErrorBody { error: "unauthorized".to_owned(), message: "sign in again".to_owned() })
            }
            ConsoleError::App { error, script: true } => error.error_response(),
            ConsoleError::App { error, script: false } => {
                let status = error.status_code();
                let page = ErrorPage { status: status.as_u16(), code: error.code, message: &error.message };
                match page.render() {
                    Ok(html) => {
                        let mut response = HttpResponse::build(status);
                        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")));
                        response.body(html)
                    }
                    Err(_) => error.error_response(),
                }
            }
        }
    }
}

/// Unreserved characters and `/` stay as they are: a path stays readable in the address bar.
const NEXT_PATH: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

fn url_encode(text: &str) -> String {
    utf8_percent_encode(text, NEXT_PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_console_paths_are_followed() {
        assert_eq!(local_path(Some("/console/review")), "/console/review");
        for hostile in ["https://evil.example", "//evil.example", "/console//evil.example", "/consolé\\x", "/v1/tokens"] {
            assert_eq!(local_path(Some(hostile)), "/console", "{hostile}");
        }
        assert_eq!(local_path(None), "/console");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn next_is_encoded() {
        assert_eq!(url_encode("/console/review?x=1&y"), "/console/review%3Fx%3D1%26y");
    }
}
