//! What every console page shares: the frame (navigation by role, language, CSRF token), rendering,
//! errors as pages, and the checks every form post passes.

use actix_web::body::BoxBody;
use actix_web::http::header;
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
    /// For the item pages' script: stop renewing the lease after this long idle.
    pub idle_secs: u64,
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
                    (
                        "/console/dashboard",
                        t.dashboard,
                        &[Role::Reviewer, Role::Ops],
                    ),
                    ("/console/policy", t.policy, &[Role::Ops]),
                ];
                links
                    .into_iter()
                    .filter(|(_, _, roles)| {
                        roles.is_empty() || roles.iter().any(|r| role.grants(*r))
                    })
                    .map(|(href, label, _)| NavLink {
                        href,
                        label,
                        current: href == current,
                    })
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
            idle_secs: req
                .app_data::<actix_web::web::Data<super::ConsoleSettings>>()
                .map_or(300, |s| s.idle_secs),
            here: match req.uri().path_and_query() {
                Some(p) if req.method() == actix_web::http::Method::GET => p.as_str().to_owned(),
                Some(p) if current.is_empty() => p.path().to_owned(),
                _ => current.to_owned(),
            },
        }
    }
}

impl Chrome {
    /// A code (document type, status, report reason, action, outcome, category) in the page's
    /// words; a code without words shows as it is.
    pub fn word<'a>(&self, code: &'a str) -> &'a str {
        super::i18n::in_words(self.lang, code)
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
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// Where a claim leads: the item now held (resumed or just claimed), or the queue's page saying
/// nothing waits.
pub fn show_claimed(queue_path: &str, held: Option<impl std::fmt::Display>) -> HttpResponse {
    match held {
        Some(id) => see_other(&format!("{queue_path}/{id}")),
        None => see_other(&format!("{queue_path}?empty=1")),
    }
}

/// Only console paths are followed after sign-in or a language switch, so a link cannot send a
/// signed-in member of staff to another site; one with a control character (CR/LF would split the
/// `Location` header) leads home.
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(p)
            if p.starts_with("/console")
                && !p.contains("//")
                && !p.contains('\\')
                && !p.contains(char::is_control) =>
        {
            p
        }
        _ => "/console",
    }
}

/// Refuses a form post that did not come from a console page: the CSRF token must match the
/// session's, and a browser's `Origin`, when sent, must be this host.
pub fn check_post(req: &HttpRequest, session: &Session, token: &str) -> Result<(), AppError> {
    check_origin(req)?;
    if !constant_time_eq(token.as_bytes(), session.csrf_token.as_bytes()) {
        return Err(AppError::forbidden(
            "the form is stale or came from another site; reload the page and try again",
        ));
    }
    Ok(())
}

/// `check_post` for a page's script, which sends the token as `X-CSRF-Token`.
pub fn check_script_post(req: &HttpRequest, session: &Session) -> Result<(), AppError> {
    let token = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    check_post(req, session, token)
}

/// A form's day count, read only where the chosen action takes one (`wanted`); blank is none.
pub fn form_days(text: Option<&str>, wanted: bool) -> Result<Option<u32>, AppError> {
    match text.map(str::trim).filter(|d| !d.is_empty()) {
        Some(days) if wanted => Ok(Some(days.parse().map_err(|_| {
            AppError::bad_request("invalid_duration", "the duration is a number of days")
        })?)),
        _ => Ok(None),
    }
}

pub fn check_origin(req: &HttpRequest) -> Result<(), AppError> {
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return Ok(());
    };
    let host = req.connection_info().host().to_owned();
    let same = origin
        .to_str()
        .ok()
        .and_then(|o| o.split_once("://"))
        .is_some_and(|(_, rest)| rest == host);
    if !same {
        return Err(AppError::forbidden("cross-site form posts are refused"));
    }
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// A console failure: sign-in needed (a redirect to the sign-in page) or an error. Both are
/// shaped for who asked, page or script, in the page's language, by [`super::respond`].
#[derive(Debug)]
pub enum ConsoleError {
    SignIn { next: String },
    App(AppError),
}

impl From<AppError> for ConsoleError {
    fn from(error: AppError) -> Self {
        ConsoleError::App(error)
    }
}

impl std::fmt::Display for ConsoleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConsoleError::SignIn { .. } => f.write_str("sign-in required"),
            ConsoleError::App(error) => error.fmt(f),
        }
    }
}

impl ResponseError for ConsoleError {
    fn status_code(&self) -> StatusCode {
        match self {
            ConsoleError::SignIn { .. } => StatusCode::SEE_OTHER,
            ConsoleError::App(error) => error.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        match self {
            ConsoleError::SignIn { next } => {
                see_other(&format!("/console/login?next={}", url_encode(next)))
            }
            ConsoleError::App(error) => error.error_response(),
        }
    }
}

/// Unreserved characters and `/` stay as they are: a path stays readable in the address bar.
const NEXT_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

fn url_encode(text: &str) -> String {
    utf8_percent_encode(text, NEXT_PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_console_paths_are_followed() {
        assert_eq!(local_path(Some("/console/review")), "/console/review");
        for hostile in [
            "https://evil.example",
            "//evil.example",
            "/console//evil.example",
            "/consolé\\x",
            "/v1/tokens",
            "/console\r\nSet-Cookie: x=1",
            "/console\n",
            "/console\0",
            "/console\u{7f}",
            "/console\u{85}",
        ] {
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
        assert_eq!(
            url_encode("/console/review?x=1&y"),
            "/console/review%3Fx%3D1%26y"
        );
    }
}
