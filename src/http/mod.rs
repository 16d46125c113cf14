//! HTTP: the route table, extractors and request/response types. Handlers live one per file,
//! `noun/verb.rs`; they check the caller's role, then hand the work to domain code.

mod audit;
pub mod error;
mod extract;
mod health;
mod me;
pub mod metrics;
pub mod openapi;
mod tokens;
mod verifications;

use actix_web::web;

/// Every route the service answers, in one place. `/metrics` is served by the metrics middleware.
/// Resources (not bare routes) so that a known path with the wrong method answers 405.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").get(health::healthz))
        .service(web::resource("/readyz").get(health::readyz))
        .service(web::resource("/openapi.json").get(openapi::serve))
        .service(
            web::scope("/v1")
                .service(web::resource("/me").get(me::get))
                .service(web::resource("/tokens").get(tokens::list::list).post(tokens::create::create))
                .service(web::resource("/tokens/{id}").delete(tokens::revoke::revoke))
                .service(web::resource("/audit").get(audit::list::list))
                .service(web::resource("/verifications").post(verifications::create::create))
                .service(web::resource("/verifications/{id}").get(verifications::get::get))
                .service(web::resource("/verifications/{id}/file").get(verifications::file::file)),
        );
}
