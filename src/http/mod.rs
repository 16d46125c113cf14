//! HTTP: the route table, extractors and request/response types. Handlers live one per file,
//! `noun/verb.rs`; the route table checks the caller's role, the handler hands the work to
//! domain code.

pub mod access;
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

use crate::auth::Role::{Admin, Ops, Platform, Reviewer, Senior};
use access::Access;
use openapi::Described;

/// Declares the API once: each path, and for each of its methods the handler and who may call
/// it. Both the route table ([`routes`]) and the OpenAPI document ([`ApiDoc`]) are made
/// from it, so a route cannot be served undescribed (a handler without `#[utoipa::path]` does not
/// compile), and the roles are checked before the handler reads the request. A test checks that
/// each handler's description names the path and method it is declared under.
macro_rules! api {
    ($( $path:literal => { $( $method:ident $($handler:ident)::+ : $access:expr ),+ $(,)? } )+) => {
        /// Every API route as declared: (method, path, handler, who may call it).
        pub const API: &[(&str, &str, &str, Access)] =
            &[$($((stringify!($method), $path, stringify!($($handler)::+), $access)),+),+];

        /// Resources (not bare routes), so a known path with the wrong method answers 405.
        fn api_routes(cfg: &mut web::ServiceConfig) {
            $(cfg.service(web::resource($path)$(.route(web::$method().to($($handler)::+).wrap(access::Authorize($access))))+);)+
        }

        /// The OpenAPI document of the routes above (served at `/openapi.json`).
        #[derive(utoipa::OpenApi)]
        #[openapi(
            info(title = "Checkpoint", description = "Verification and trust-and-safety backend. Every /v1 route needs a bearer token."),
            paths($($($($handler)::+),+),+),
            modifiers(&Described)
        )]
        pub struct ApiDoc;
    };
}

api! {
    "/healthz" => { get health::healthz: Access::Public }
    "/readyz" => { get health::readyz: Access::Public }
    "/openapi.json" => { get openapi::serve: Access::Public }
    "/v1/me" => { get me::get: Access::Signed }
    "/v1/tokens" => {
        get tokens::list::list: Access::Roles(&[Admin]),
        post tokens::create::create: Access::Roles(&[Admin]),
    }
    "/v1/tokens/{id}" => { delete tokens::revoke::revoke: Access::Roles(&[Admin]) }
    "/v1/audit" => { get audit::list::list: Access::Roles(&[Admin]) }
    "/v1/verifications" => { post verifications::create::create: Access::Roles(&[Platform]) }
    "/v1/verifications/{id}" => { get verifications::get::get: Access::Roles(&[Platform, Reviewer]) }
    "/v1/verifications/{id}/file" => { get verifications::file::file: Access::Roles(&[Reviewer]) }
    "/v1/verifications/{id}/decision" => { post verifications::decide::decide: Access::Roles(&[Reviewer]) }
    "/v1/verification-reasons" => { get reasons::list::list: Access::Roles(&[Platform, Reviewer, Ops]) }
    "/v1/review/claim" => { post review::claim::claim: Access::Roles(&[Reviewer]) }
    "/v1/review/queue" => { get review::queue::queue: Access::Roles(&[Reviewer]) }
    "/v1/review/{id}/renew" => { post review::renew::renew: Access::Roles(&[Reviewer]) }
    "/v1/review/{id}/release" => { post review::release::release: Access::Roles(&[Reviewer]) }
    "/v1/second-reviews/claim" => { post second_reviews::claim::claim: Access::Roles(&[Senior]) }
    "/v1/second-reviews/{id}/decision" => { post second_reviews::decide::decide: Access::Roles(&[Senior]) }
    "/v1/second-reviews/{id}/release" => { post second_reviews::release::release: Access::Roles(&[Senior]) }
    "/v1/providers/{id}/verification" => {
        get providers::verification::verification: Access::Roles(&[Platform, Reviewer])
    }
    "/v1/stats/verification" => { get stats::verification::verification: Access::Roles(&[Senior]) }
    "/v1/stats/moderation" => { get stats::moderation::moderation: Access::Roles(&[Senior, Ops]) }
    "/v1/scan" => { post scans::create::create: Access::Roles(&[Platform]) }
    "/v1/reports" => { post reports::create::create: Access::Roles(&[Platform]) }
    "/v1/reports/{id}/attachments/{position}" => {
        get reports::attachment::attachment: Access::Roles(&[Senior])
    }
    "/v1/takedown-requests" => { post reports::takedown::takedown: Access::Roles(&[Platform]) }
    "/v1/users/{id}/standing" => { get users::standing::standing: Access::Roles(&[Platform]) }
    "/v1/users/{id}/history" => { get users::history::history: Access::Roles(&[Reviewer]) }
    "/v1/moderation/claim" => { post moderation::claim::claim: Access::Roles(&[Reviewer]) }
    "/v1/moderation/{id}/renew" => { post moderation::renew::renew: Access::Roles(&[Reviewer]) }
    "/v1/moderation/{id}/release" => { post moderation::release::release: Access::Roles(&[Reviewer]) }
    "/v1/moderation/{id}/action" => { post moderation::act::act: Access::Roles(&[Reviewer]) }
    "/v1/appeals" => { post appeals::create::create: Access::Roles(&[Platform]) }
    "/v1/appeals/claim" => { post appeals::claim::claim: Access::Roles(&[Senior]) }
    "/v1/appeals/{id}" => { get appeals::get::get: Access::Roles(&[Platform, Senior]) }
    "/v1/appeals/{id}/renew" => { post appeals::renew::renew: Access::Roles(&[Senior]) }
    "/v1/appeals/{id}/release" => { post appeals::release::release: Access::Roles(&[Senior]) }
    "/v1/appeals/{id}/decision" => { post appeals::decide::decide: Access::Roles(&[Senior]) }
    "/v1/appeals/{id}/evidence/{position}" => { get appeals::evidence::evidence: Access::Roles(&[Senior]) }
    "/v1/policies" => { get policies::list::list: Access::Roles(&[Ops, Reviewer]) }
    "/v1/policies/active" => { get policies::active::active: Access::Roles(&[Ops, Reviewer]) }
    "/v1/policies/reload" => { post policies::reload::reload: Access::Roles(&[Ops]) }
    "/v1/policies/proposals" => {
        get policies::list_proposals::list_proposals: Access::Roles(&[Ops]),
        post policies::propose::propose: Access::Roles(&[Ops]),
    }
    "/v1/policies/proposals/{id}" => { get policies::get_proposal::get_proposal: Access::Roles(&[Ops]) }
    "/v1/policies/proposals/{id}/approve" => {
        post policies::approve_proposal::approve_proposal: Access::Roles(&[Ops])
    }
    "/v1/policies/proposals/{id}/reject" => {
        post policies::close_proposal::reject_proposal: Access::Roles(&[Ops])
    }
    "/v1/policies/proposals/{id}/withdraw" => {
        post policies::close_proposal::withdraw_proposal: Access::Roles(&[Ops])
    }
    "/v1/policies/proposals/{id}/shadow" => {
        post policies::shadow_proposal::start_shadow: Access::Roles(&[Ops]),
        delete policies::shadow_proposal::stop_shadow: Access::Roles(&[Ops]),
    }
    "/v1/policies/{version}/activate" => { post policies::activate::activate: Access::Roles(&[Ops]) }
}

/// Every route the service answers: the console's pages and the API declared above. `/metrics`
/// is served by the metrics middleware.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(console::routes).configure(api_routes);
}
