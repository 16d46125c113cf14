//! HTTP: the route table, extractors and request/response types. Handlers live one per file,
//! `noun/verb.rs`; they check the caller's role, then hand the work to domain code.

mod appeals;
mod audit;
pub mod console;
pub mod error;
pub(crate) mod extract;
mod files;
mod form;
mod health;
mod me;
pub mod metrics;
mod moderation;
pub mod openapi;
mod policies;
mod providers;
mod reasons;
mod reports;
mod review;
mod scans;
mod second_reviews;
mod stats;
mod tokens;
mod users;
mod verifications;

use actix_web::web;

/// Every route the service answers, in one place. `/metrics` is served by the metrics middleware.
/// Resources (not bare routes) so that a known path with the wrong method answers 405.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(console::routes)
        .service(web::resource("/healthz").get(health::healthz))
        .service(web::resource("/readyz").get(health::readyz))
        .service(web::resource("/openapi.json").get(openapi::serve))
        .service(
            web::scope("/v1")
                .service(web::resource("/me").get(me::get))
                .service(
                    web::resource("/tokens")
                        .get(tokens::list::list)
                        .post(tokens::create::create),
                )
                .service(web::resource("/tokens/{id}").delete(tokens::revoke::revoke))
                .service(web::resource("/audit").get(audit::list::list))
                .service(web::resource("/verifications").post(verifications::create::create))
                .service(web::resource("/verifications/{id}").get(verifications::get::get))
                .service(web::resource("/verifications/{id}/file").get(verifications::file::file))
                .service(
                    web::resource("/verifications/{id}/decision")
                        .post(verifications::decide::decide),
                )
                .service(web::resource("/verification-reasons").get(reasons::list::list))
                .service(web::resource("/review/claim").post(review::claim::claim))
                .service(web::resource("/review/queue").get(review::queue::queue))
                .service(web::resource("/review/{id}/renew").post(review::renew::renew))
                .service(web::resource("/review/{id}/release").post(review::release::release))
                .service(web::resource("/second-reviews/claim").post(second_reviews::claim::claim))
                .service(
                    web::resource("/second-reviews/{id}/decision")
                        .post(second_reviews::decide::decide),
                )
                .service(
                    web::resource("/second-reviews/{id}/release")
                        .post(second_reviews::release::release),
                )
                .service(
                    web::resource("/providers/{id}/verification")
                        .get(providers::verification::verification),
                )
                .service(
                    web::resource("/stats/verification").get(stats::verification::verification),
                )
                .service(web::resource("/stats/moderation").get(stats::moderation::moderation))
                .service(web::resource("/scan").post(scans::create::create))
                .service(web::resource("/reports").post(reports::create::create))
                .service(
                    web::resource("/reports/{id}/attachments/{position}")
                        .get(reports::attachment::attachment),
                )
                .service(web::resource("/takedown-requests").post(reports::takedown::takedown))
                .service(web::resource("/users/{id}/standing").get(users::standing::standing))
                .service(web::resource("/users/{id}/history").get(users::history::history))
                .service(web::resource("/moderation/claim").post(moderation::claim::claim))
                .service(web::resource("/moderation/{id}/renew").post(moderation::renew::renew))
                .service(
                    web::resource("/moderation/{id}/release").post(moderation::release::release),
                )
                .service(web::resource("/moderation/{id}/action").post(moderation::act::act))
                .service(web::resource("/appeals").post(appeals::create::create))
                .service(web::resource("/appeals/claim").post(appeals::claim::claim))
                .service(web::resource("/appeals/{id}").get(appeals::get::get))
                .service(web::resource("/appeals/{id}/renew").post(appeals::renew::renew))
                .service(web::resource("/appeals/{id}/release").post(appeals::release::release))
                .service(web::resource("/appeals/{id}/decision").post(appeals::decide::decide))
                .service(
                    web::resource("/appeals/{id}/evidence/{position}")
                        .get(appeals::evidence::evidence),
                )
                .service(web::resource("/policies").get(policies::list::list))
                .service(web::resource("/policies/active").get(policies::active::active))
                .service(web::resource("/policies/reload").post(policies::reload::reload))
                .service(
                    web::resource("/policies/{version}/activate")
                        .post(policies::activate::activate),
                ),
        );
}
