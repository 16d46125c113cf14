use crate::both_backends;
use crate::helpers::{spawn_app, Backend};

both_backends!(
    health_ready_and_request_id,
    metrics_count_routes_and_pool,
    openapi_describes_every_route
);

async fn health_ready_and_request_id(backend: Backend) {
    let app = spawn_app(backend).await;
    let health = app.get("/healthz", None).await;
    assert_eq!(health.status().as_u16(), 200);
    let first = health
        .headers()
        .get("x-request-id")
        .expect("request id header")
        .to_str()
        .unwrap()
        .to_owned();
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status().as_u16(), 200);
    let second = ready
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(first, second);
    assert!(uuid::Uuid::parse_str(&first).is_ok());
}

async fn metrics_count_routes_and_pool(backend: Backend) {
    let app = spawn_app(backend).await;
    for _ in 0..3 {
        app.get("/v1/me", Some(&app.admin_token)).await;
    }
    app.get("/v1/tokens/whatever/else", None).await;
    let text = app.get("/metrics", None).await.text().await.unwrap();
    let line = text
        .lines()
        .find(|l| {
            l.starts_with("checkpoint_http_requests_total{")
                && l.contains("endpoint=\"/v1/me\"")
                && l.contains("status=\"200\"")
        })
        .unwrap_or_else(|| panic!("no /v1/me counter in:\n{text}"));
    assert!(line.ends_with(" 3"), "{line}");
    assert!(text.contains("checkpoint_http_requests_duration_seconds_bucket{endpoint=\"/v1/me\""));
    assert!(
        text.contains("endpoint=\"UNMATCHED\""),
        "unknown paths are folded into one label"
    );
    assert!(text.contains("checkpoint_db_pool_max_connections 4"));
    assert!(text.contains("checkpoint_db_pool_connections "));
    assert!(
        text.contains("checkpoint_scan_allowed_dropped_total 0"),
        "{text}"
    );
}

async fn openapi_describes_every_route(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc: serde_json::Value = app.get("/openapi.json", None).await.json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/openapi.json", "get"),
        ("/v1/me", "get"),
        ("/v1/tokens", "get"),
        ("/v1/tokens", "post"),
        ("/v1/tokens/{id}", "delete"),
        ("/v1/audit", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing from openapi.json"
        );
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}
