//! The real `portico` binary against a server with no Portico database yet.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await.ok()?;
    Some(response)
}

#[tokio::test]
async fn serve_creates_its_database_and_answers_healthz_and_readyz() {
    let server = tests::postgres::server_url().await;
    let database = format!("portico_serve_{}", uuid::Uuid::new_v4().simple());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let mut portico = tokio::process::Command::new(env!("CARGO_BIN_EXE_portico"))
        .arg("serve")
        .env(
            "DATABASE_URL",
            tests::postgres::database_url(&server, &database),
        )
        .env("PORTICO_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start portico");

    let mut health = None;
    for _ in 0..100 {
        health = get(port, "/healthz").await;
        if health.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ready = get(port, "/readyz").await;
    portico.kill().await.expect("stop portico");

    let admin = tests::postgres::admin_pool(&server).await;
    let created: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&database)
            .fetch_one(&admin)
            .await
            .expect("look for the database");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        .execute(&admin)
        .await
        .expect("drop the database");

    let health = health.expect("portico answered /healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with("ok"), "{health}");
    let ready = ready.expect("portico answered /readyz");
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    assert!(created, "serve created the database");
}
