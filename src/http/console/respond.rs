//! Fits every console answer to who asked, in the page's language. A page's script (it sends
//! `X-CSRF-Token`) gets JSON: a redirect becomes `{"location"}` for it to follow, an error
//! `{"error", "message"}` to show beside the form it sent, which stays as the user left it. A
//! browser navigating gets an error as a page it can read and leave.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;
use serde_json::json;

use super::i18n::{error_text, Lang, Texts};
use super::page::ConsoleError;
use crate::error::AppError;
use crate::http::error::ErrorBody;

#[derive(Template)]
#[template(path = "console/error.html")]
struct ErrorPage<'a> {
    t: &'static Texts,
    lang: Lang,
    /// Staff pages link back to the console; the users' appeal form does not.
    staff: bool,
    status: u16,
    code: &'a str,
    message: &'a str,
}

pub async fn respond(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let lang = Lang::of(req.request());
    let script = req.headers().contains_key("x-csrf-token");
    let staff = req.path().starts_with("/console");
    let res = next.call(req).await?.map_into_boxed_body();
    let signing_in = res.response().error().is_some_and(|e| {
        matches!(
            e.as_error::<ConsoleError>(),
            Some(ConsoleError::SignIn { .. })
        )
    });
    if script && signing_in {
        let body = ErrorBody {
            error: "unauthorized".to_owned(),
            message: lang.pick("다시 로그인하세요.", "Sign in again.").to_owned(),
        };
        return Ok(res.into_response(HttpResponse::Unauthorized().json(body)));
    }
    if script && res.status() == StatusCode::SEE_OTHER {
        let location = res
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .unwrap_or("/console")
            .to_owned();
        let mut answer = HttpResponse::Ok().json(json!({ "location": location }));
        // A sign-out's cookie removal (and any cookie set on the way) still reaches the browser.
        for cookie in res.headers().get_all(header::SET_COOKIE) {
            answer
                .headers_mut()
                .append(header::SET_COOKIE, cookie.clone());
        }
        return Ok(res.into_response(answer));
    }
    let Some((status, code, detail)) = failure(&res) else {
        return Ok(res);
    };
    let message = match (error_text(lang, &code), code_has_details(&code)) {
        // The known words; for some codes, the server's specifics (a policy file's lines) after them.
        (Some(text), true) => format!("{text} {detail}"),
        (Some(text), false) => text.to_owned(),
        (None, _) if lang == Lang::En && !detail.is_empty() => detail,
        (None, _) => format!("{} ({code})", generic(lang, status)),
    };
    let response = if script {
        HttpResponse::build(status).json(ErrorBody {
            error: code,
            message,
        })
    } else {
        let page = ErrorPage {
            t: lang.texts(),
            lang,
            staff,
            status: status.as_u16(),
            code: &code,
            message: &message,
        };
        match page.render() {
            Ok(html) => HttpResponse::build(status)
                .insert_header((
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .body(html),
            Err(_) => HttpResponse::build(status).json(ErrorBody {
                error: code,
                message,
            }),
        }
    };
    Ok(res.into_response(response))
}

/// The failure a response reports, as (status, code, the server's message), unless it is a page
/// rendered on purpose (the sign-in form's 401) or the sign-in redirect.
fn failure(res: &ServiceResponse<BoxBody>) -> Option<(StatusCode, String, String)> {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    match res.response().error() {
        Some(error) => {
            let app = match error.as_error::<ConsoleError>() {
                Some(ConsoleError::App(error)) => Some(error),
                Some(ConsoleError::SignIn { .. }) => return None,
                None => error.as_error::<AppError>(),
            };
            Some(match app {
                Some(app) => (app.status_code(), app.code.to_owned(), app.message.clone()),
                None => (
                    status,
                    status_code_name(status).to_owned(),
                    error.to_string(),
                ),
            })
        }
        None if res
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/html")) =>
        {
            None
        }
        None => Some((status, status_code_name(status).to_owned(), String::new())),
    }
}

/// Codes whose server message carries specifics worth keeping after the translated words.
fn code_has_details(code: &str) -> bool {
    matches!(
        code,
        "invalid_policy" | "version_exists" | "policy_file_unreadable"
    )
}

fn status_code_name(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    }
}

fn generic(lang: Lang, status: StatusCode) -> &'static str {
    if status.is_server_error() {
        lang.pick(
            "일시적인 오류로 처리하지 못했습니다. 잠시 후 다시 시도하세요.",
            "Something went wrong on our side; try again in a moment.",
        )
    } else {
        lang.pick(
            "요청을 처리할 수 없습니다.",
            "The request could not be handled.",
        )
    }
}
