//! The staff console: server-rendered pages under `/console`, signed in with a staff account.
//! Pages call the same domain code as the JSON API; forms carry the session's CSRF token.

mod appeals;
mod assets;
mod chart;
mod dashboard;
mod held;
mod home;
pub mod i18n;
mod lang;
mod login;
mod logout;
mod marks;
mod moderation;
mod page;
mod policy;
mod respond;
mod review;
mod second_reviews;
mod session;
mod time;
mod user_appeal;

use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::web;

use self::held::{AppealQueue, ModerationQueue, ReviewQueue, SecondReviewQueue};
use crate::moderation::appeal_link::AppealLinks;

pub use page::ConsoleError;

/// The console's own settings, shared with its handlers.
#[derive(Clone)]
pub struct ConsoleSettings {
    pub secure_cookie: bool,
    /// How long an item page keeps its lease without the reviewer doing anything.
    pub idle_secs: u64,
    /// How long an item stays with its reviewer after its page closes, for a reload to keep it.
    pub leave_grace_secs: u64,
    /// Verifies the links of the users' appeal form; none when no secret is configured.
    pub appeal_links: Option<std::sync::Arc<AppealLinks>>,
}

/// Pages may load only this origin's scripts, styles and images, and may not be framed.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Frame-Options", "DENY"))
        .add(("X-Content-Type-Options", "nosniff"))
        // The appeal form's address is a credential: it must not leak to other sites.
        .add(("Referrer-Policy", "same-origin"))
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/appeal/{token}")
            .wrap(from_fn(respond::respond))
            .wrap(security_headers())
            .get(user_appeal::form)
            .post(user_appeal::submit),
    );
    cfg.service(
        web::scope("/console")
            .wrap(from_fn(respond::respond))
            .wrap(security_headers())
            .service(web::resource("").get(home::show))
            .service(web::resource("/login").get(login::form).post(login::submit))
            .service(web::resource("/logout").post(logout::logout))
            .service(web::resource("/lang").get(lang::switch))
            .service(web::resource("/static/{name}").get(assets::serve))
            .service(web::resource("/review").get(review::index::index))
            .service(web::resource("/review/claim").post(review::claim::claim))
            .service(web::resource("/review/{id}").get(review::show::show))
            .service(web::resource("/review/{id}/decision").post(review::decide::decide))
            .service(web::resource("/review/{id}/skip").post(review::skip::skip))
            .service(web::resource("/review/{id}/renew").post(held::renew::<ReviewQueue>))
            .service(web::resource("/review/{id}/leave").post(held::leave::<ReviewQueue>))
            .service(web::resource("/review/{id}/file").get(review::file::file))
            .service(web::resource("/review/{id}/pages/{page}").get(review::file::page))
            .service(web::resource("/moderation").get(moderation::index::index))
            .service(web::resource("/moderation/claim").post(moderation::claim::claim))
            .service(web::resource("/moderation/{id}").get(moderation::show::show))
            .service(
                web::resource("/moderation/reports/{id}/attachments/{position}")
                    .get(moderation::attachment::attachment),
            )
            .service(web::resource("/moderation/{id}/action").post(moderation::act::act))
            .service(web::resource("/moderation/{id}/renew").post(held::renew::<ModerationQueue>))
            .service(web::resource("/moderation/{id}/leave").post(held::leave::<ModerationQueue>))
            .service(web::resource("/appeals").get(appeals::index::index))
            .service(web::resource("/appeals/claim").post(appeals::claim::claim))
            .service(web::resource("/appeals/{id}").get(appeals::show::show))
            .service(web::resource("/appeals/{id}/decision").post(appeals::decide::decide))
            .service(web::resource("/appeals/{id}/renew").post(held::renew::<AppealQueue>))
            .service(web::resource("/appeals/{id}/leave").post(held::leave::<AppealQueue>))
            .service(
                web::resource("/appeals/{id}/evidence/{position}").get(appeals::evidence::evidence),
            )
            .service(web::resource("/second-reviews").get(second_reviews::index::index))
            .service(web::resource("/second-reviews/claim").post(second_reviews::claim::claim))
            .service(web::resource("/second-reviews/{id}").get(second_reviews::show::show))
            .service(
                web::resource("/second-reviews/{id}/decision").post(second_reviews::decide::decide),
            )
            .service(web::resource("/second-reviews/{id}/skip").post(second_reviews::skip::skip))
            .service(
                web::resource("/second-reviews/{id}/renew").post(held::renew::<SecondReviewQueue>),
            )
            .service(
                web::resource("/second-reviews/{id}/leave").post(held::leave::<SecondReviewQueue>),
            )
            .service(web::resource("/dashboard").get(dashboard::show))
            .service(web::resource("/policy").get(policy::show::show))
            .service(web::resource("/policy/reload").post(policy::change::reload))
            .service(
                web::resource("/policy/backtest")
                    // A bundled policy (term files and score weights) up to its own limit, which
                    // percent-encoding of Korean text makes up to three times larger.
                    .app_data(
                        web::FormConfig::default().limit(3 * crate::policy::file::MAX_POLICY_BYTES),
                    )
                    .post(policy::backtest::backtest),
            )
            .service(
                web::resource("/policy/proposals")
                    .app_data(
                        web::FormConfig::default().limit(3 * crate::policy::file::MAX_POLICY_BYTES),
                    )
                    .post(policy::backtest::propose),
            )
            .service(
                web::resource("/policy/proposals/{id}/approve").post(policy::proposals::approve),
            )
            .service(web::resource("/policy/proposals/{id}/reject").post(policy::proposals::reject))
            .service(
                web::resource("/policy/proposals/{id}/withdraw").post(policy::proposals::withdraw),
            )
            .service(web::resource("/policy/proposals/{id}/shadow").post(policy::proposals::shadow))
            .service(web::resource("/policy/{version}/activate").post(policy::change::activate)),
    );
}
