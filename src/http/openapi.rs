use actix_web::web::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    appeals, audit, health, me, moderation, policies, providers, reasons, reports, review, scans,
    second_reviews, stats, tokens, users, verifications,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Checkpoint", description = "Verification and trust-and-safety backend. Every /v1 route needs a bearer token."),
    paths(
        health::healthz,
        health::readyz,
        serve,
        me::get,
        tokens::create::create,
        tokens::list::list,
        tokens::revoke::revoke,
        audit::list::list,
        verifications::create::create,
        verifications::get::get,
        verifications::file::file,
        verifications::decide::decide,
        reasons::list::list,
        review::claim::claim,
        review::queue::queue,
        review::renew::renew,
        review::release::release,
        second_reviews::claim::claim,
        second_reviews::decide::decide,
        second_reviews::release::release,
        providers::verification::verification,
        stats::verification::verification,
        scans::create::create,
        reports::create::create,
        reports::takedown::takedown,
        reports::attachment::attachment,
        users::standing::standing,
        users::history::history,
        moderation::claim::claim,
        moderation::renew::renew,
        moderation::release::release,
        moderation::act::act,
        appeals::create::create,
        appeals::get::get,
        appeals::claim::claim,
        appeals::renew::renew,
        appeals::release::release,
        appeals::decide::decide,
        appeals::evidence::evidence,
        stats::moderation::moderation,
        policies::list::list,
        policies::active::active,
        policies::reload::reload,
        policies::activate::activate,
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
