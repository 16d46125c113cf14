use checkpoint::auth::Role;
use serde_json::json;

use crate::both_backends;
use crate::helpers::{assert_error, spawn_app, Backend};

both_backends!(
    no_token_is_401,
    unknown_or_malformed_token_is_401,
    wrong_role_is_403,
    right_role_is_allowed,
    revoked_token_is_401,
);

async fn no_token_is_401(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/v1/me", None).await;
    assert_eq!(
        response.headers().get("www-authenticate").unwrap(),
        "Bearer"
    );
    assert_eq!(assert_error(response, 401).await, "unauthorized");
    let response = app
        .client
        .post(app.url("/v1/tokens"))
        .json(&json!({"name": "x", "role": "admin"}))
        .send()
        .await
        .unwrap();
    assert_eq!(assert_error(response, 401).await, "unauthorized");
}

async fn unknown_or_malformed_token_is_401(backend: Backend) {
    let app = spawn_app(backend).await;
    let forged = format!("{}x", &app.admin_token[..app.admin_token.len() - 1]);
    for header in [
        format!("Bearer {forged}"),
        "Bearer cpt_doesnotexist".to_owned(),
        "Bearer ".to_owned(),
        format!("Basic {}", app.admin_token),
        app.admin_token.clone(),
        format!("Bearer cpt_{}", "A".repeat(5000)),
    ] {
        let response = app
            .client
            .get(app.url("/v1/me"))
            .header("authorization", header.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(
            assert_error(response, 401).await,
            "unauthorized",
            "header {header:.40}"
        );
    }
}

async fn wrong_role_is_403(backend: Backend) {
    let app = spawn_app(backend).await;
    for role in [Role::Platform, Role::Reviewer, Role::Senior, Role::Ops] {
        let token = app.token(role).await;
        let response = app
            .post_json(
                "/v1/tokens",
                &token,
                &json!({"name": "sneaky", "role": "admin"}),
            )
            .await;
        assert_eq!(
            assert_error(response, 403).await,
            "forbidden",
            "{role} must not create tokens"
        );
        let response = app.get("/v1/audit", Some(&token)).await;
        assert_eq!(
            assert_error(response, 403).await,
            "forbidden",
            "{role} must not read the audit log"
        );
    }
    // Nothing was created by the refused calls: only the harness's admin and the four above.
    let tokens: Vec<serde_json::Value> = app
        .get("/v1/tokens", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tokens.len(), 5);
}

async fn right_role_is_allowed(backend: Backend) {
    let app = spawn_app(backend).await;
    for role in ["platform", "reviewer", "senior", "ops", "admin"] {
        let response = app
            .post_json(
                "/v1/tokens",
                &app.admin_token,
                &json!({"name": format!("svc {role}"), "role": role}),
            )
            .await;
        assert_eq!(response.status().as_u16(), 201);
        let created: serde_json::Value = response.json().await.unwrap();
        assert_eq!(created["role"], role);
        assert!(created.get("token_hash").is_none());
        let secret = created["secret"].as_str().unwrap();
        let me: serde_json::Value = app.get("/v1/me", Some(secret)).await.json().await.unwrap();
        assert_eq!(me["role"], role);
        assert_eq!(me["token_id"], created["id"]);
    }
    let listed: Vec<serde_json::Value> = app
        .get("/v1/tokens", Some(&app.admin_token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.len(), 6);
    assert!(listed
        .iter()
        .all(|t| t.get("secret").is_none() && t.get("token_hash").is_none()));
}

async fn revoked_token_is_401(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app
        .post_json(
            "/v1/tokens",
            &app.admin_token,
            &json!({"name": "temp", "role": "reviewer"}),
        )
        .await;
    let created: serde_json::Value = response.json().await.unwrap();
    let secret = created["secret"].as_str().unwrap();
    assert_eq!(app.get("/v1/me", Some(secret)).await.status().as_u16(), 200);

    let path = format!("/v1/tokens/{}", created["id"].as_str().unwrap());
    let response = app
        .client
        .delete(app.url(&path))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(
        assert_error(app.get("/v1/me", Some(secret)).await, 401).await,
        "unauthorized"
    );

    let again = app
        .client
        .delete(app.url(&path))
        .bearer_auth(&app.admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(assert_error(again, 404).await, "not_found");
}
