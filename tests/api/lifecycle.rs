use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use crate::both_backends;
use crate::helpers::{assert_error, cli_token, spawn_app, Backend, ServerProcess, TestDatabase};

both_backends!(
    readiness_fails_when_database_is_gone,
    sigterm_lets_in_flight_requests_finish
);

async fn readiness_fails_when_database_is_gone(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(app.get("/readyz", None).await.status().as_u16(), 200);
    app.database.destroy();
    let code = assert_error(app.get("/readyz", None).await, 503).await;
    assert!(
        [
            "database_missing",
            "database_unavailable",
            "migrations_pending"
        ]
        .contains(&code.as_str()),
        "{code}"
    );
    // Liveness is about the process, not the database.
    assert_eq!(app.get("/healthz", None).await.status().as_u16(), 200);
}

/// Starts the real binary, begins a request, sends SIGTERM mid-body, and checks that the request
/// still completes while new connections are refused and the process exits cleanly.
async fn sigterm_lets_in_flight_requests_finish(backend: Backend) {
    let database = tokio::task::spawn_blocking(move || TestDatabase::create(backend))
        .await
        .unwrap();
    tokio::task::spawn_blocking(move || {
        let token = cli_token(&database, "admin");
        let mut server = ServerProcess::start(&database, &[]);
        let address = server.address.clone();

        let body = r#"{"name": "made during shutdown", "role": "reviewer"}"#;
        let mut stream = TcpStream::connect(&address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "POST /v1/tokens HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            body.len(),
            &body[..10]
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        kill(Pid::from_raw(server.child.id() as i32), Signal::SIGTERM).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            TcpStream::connect(&address).is_err(),
            "no new connections after SIGTERM"
        );
        stream.write_all(&body.as_bytes()[10..]).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(
            response.starts_with("HTTP/1.1 201"),
            "in-flight request was cut off: {response:?}"
        );

        let status = server.child.wait().unwrap();
        assert!(status.success(), "exit status {status}");
    })
    .await
    .unwrap();
}
