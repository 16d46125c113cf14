//! The OpenAPI document, made from the one declaration of the API in `http/mod.rs`: each
//! handler's `#[utoipa::path]` says what it takes and answers; [`Described`] adds what the route
//! table itself decides for every route alike, so no handler can forget it: who may call it (the
//! bearer scheme, 401, 403 and the roles), 400 for a malformed path id or body, 413 and 415 for a
//! body, 431 for headers too large (answered by the HTTP parser), and a unique operation id.

use actix_web::web::Json;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::access::Access;
use super::{ApiDoc, API};

pub struct Described;

impl Modify for Described {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        for &(method, path, handler, access) in API {
            if let Some(operation) = openapi
                .paths
                .paths
                .get_mut(path)
                .and_then(|item| operation_mut(item, method))
            {
                describe(operation, path, handler, access);
            }
        }
    }
}

/// The operation for `method` (as the route table spells it: `get`, `post`, `delete`).
fn operation_mut<'a>(item: &'a mut PathItem, method: &str) -> Option<&'a mut Operation> {
    match method {
        "get" => item.get.as_mut(),
        "post" => item.post.as_mut(),
        "put" => item.put.as_mut(),
        "delete" => item.delete.as_mut(),
        "patch" => item.patch.as_mut(),
        _ => None,
    }
}

/// `tokens::create::create` → `tokens_create`: the handler's folder and name (a file is named
/// after its handler, or holds a few handlers that share its code).
pub fn operation_id(handler: &str) -> String {
    let parts: Vec<&str> = handler.split("::").map(str::trim).collect();
    match parts.as_slice() {
        [folder, .., _, name] => format!("{folder}_{name}"),
        parts => parts.join("_"),
    }
}

fn describe(operation: &mut Operation, path: &str, handler: &str, access: Access) {
    operation.operation_id = Some(operation_id(handler));
    let mut add = |status: &str, why: &str| {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| error_response(why));
    };
    if access != Access::Public {
        add(
            "401",
            "no bearer token, or one unknown or revoked (`unauthorized`)",
        );
    }
    if let Access::Roles(roles) = access {
        add(
            "403",
            "the token's role may not call this route (`forbidden`)",
        );
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        let who = format!("Roles: {}.", names.join(", "));
        operation.description = Some(match operation.description.take() {
            Some(text) if !text.is_empty() => format!("{text}\n\n{who}"),
            _ => who,
        });
    }
    add(
        "431",
        "the request's headers are too large or too many (`headers_too_large`)",
    );
    if path.contains('{') {
        add(
            "400",
            "a malformed id in the path (`invalid_id`) or other bad input",
        );
    }
    if operation.request_body.is_some() {
        add(
            "400",
            "a malformed body (`invalid_json`, `invalid_body`) or other bad input",
        );
        add(
            "413",
            "the body is larger than allowed (`payload_too_large`)",
        );
        add(
            "415",
            "the body is not of the documented content type (`unsupported_media_type`)",
        );
    }
    if access != Access::Public {
        operation.security = Some(vec![SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
    }
}

fn error_response(why: &str) -> RefOr<utoipa::openapi::Response> {
    let body = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ErrorBody")))
        .build();
    RefOr::T(
        ResponseBuilder::new()
            .description(why)
            .content("application/json", body)
            .build(),
    )
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// (method, path) of every operation the document describes.
    fn described() -> BTreeSet<(String, String)> {
        let doc = ApiDoc::openapi();
        let mut found = BTreeSet::new();
        for (path, item) in doc.paths.paths {
            for (method, operation) in [
                ("get", item.get),
                ("post", item.post),
                ("put", item.put),
                ("delete", item.delete),
                ("patch", item.patch),
            ] {
                if operation.is_some() {
                    found.insert((method.to_owned(), path.clone()));
                }
            }
        }
        found
    }

    #[test]
    fn every_declared_route_is_described_under_its_own_path_and_method() {
        let declared: BTreeSet<(String, String)> = API
            .iter()
            .map(|(m, p, _, _)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(
            declared.len(),
            API.len(),
            "a path and method declared twice"
        );
        assert_eq!(
            described(),
            declared,
            "a handler's #[utoipa::path] names another path or method than the route table"
        );
    }

    #[test]
    fn operation_ids_are_unique_and_routes_document_their_guard() {
        let doc = ApiDoc::openapi();
        let mut ids = BTreeSet::new();
        for &(method, path, _, access) in API {
            let mut item = doc.paths.paths[path].clone();
            let operation = operation_mut(&mut item, method).unwrap();
            let id = operation.operation_id.clone().unwrap();
            assert!(ids.insert(id.clone()), "{id} twice");
            let statuses: Vec<&str> = operation
                .responses
                .responses
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                statuses.contains(&"401"),
                access != Access::Public,
                "{method} {path}: {statuses:?}"
            );
            assert_eq!(
                statuses.contains(&"403"),
                matches!(access, Access::Roles(_)),
                "{method} {path}: {statuses:?}"
            );
            if path.contains('{') || operation.request_body.is_some() {
                assert!(statuses.contains(&"400"), "{method} {path}: {statuses:?}");
            }
        }
        assert_eq!(operation_id("tokens :: create :: create"), "tokens_create");
        assert_eq!(operation_id("health :: healthz"), "health_healthz");
        assert_eq!(
            operation_id("policies :: close_proposal :: reject_proposal"),
            "policies_reject_proposal"
        );
    }

    #[test]
    fn documented_limits_are_the_ones_enforced() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let max_length = |schema: &str, field: &str| {
            doc["components"]["schemas"][schema]["properties"][field]["maxLength"].as_u64()
        };
        let limit = |n: usize| Some(n as u64);
        assert_eq!(
            max_length("ActionRequest", "reason"),
            limit(crate::moderation::queue::MAX_REASON_CHARS)
        );
        assert_eq!(
            max_length("ActionRequest", "rule"),
            limit(crate::moderation::queue::MAX_RULE_CHARS)
        );
        assert_eq!(
            max_length("AppealDecision", "note"),
            limit(crate::moderation::appeals::MAX_NOTE_CHARS)
        );
        assert_eq!(
            max_length("DecisionRequest", "note"),
            limit(crate::verification::review::MAX_NOTE)
        );
        assert_eq!(
            max_length("CreateToken", "name"),
            limit(crate::auth::tokens::MAX_NAME_CHARS)
        );
        for schema in ["ProposeRequest", "ReasonRequest"] {
            assert_eq!(
                max_length(schema, "reason"),
                limit(crate::policy::proposals::MAX_REASON_CHARS),
                "{schema}"
            );
        }
        assert_eq!(
            max_length("ProposeRequest", "source"),
            limit(crate::policy::file::MAX_POLICY_BYTES)
        );
    }
}
