//! Finding or starting the PostgreSQL server the tests run against.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use tokio::sync::OnceCell;

/// Where a throwaway server lives and listens when no server is running.
const THROWAWAY_DIR: &str = "/tmp/portico-test-postgres";
const THROWAWAY_PORT: u16 = 54329;
const LOCAL_SERVER: &str = "postgres://postgres@127.0.0.1:5432";

static SERVER: OnceCell<String> = OnceCell::const_new();
static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// The URL of the server (without a database name).
pub async fn server_url() -> String {
    SERVER
        .get_or_init(|| async {
            if let Ok(url) = std::env::var("DATABASE_URL") {
                return strip_database(&url);
            }
            if reachable(LOCAL_SERVER).await {
                return LOCAL_SERVER.to_owned();
            }
            start_throwaway_server().await
        })
        .await
        .clone()
}

/// `server` with `database` as its database.
pub fn database_url(server: &str, database: &str) -> String {
    format!("{server}/{database}")
}

/// A small pool on the server's maintenance database, for CREATE and DROP DATABASE.
pub async fn admin_pool(server: &str) -> PgPool {
    PgPoolOptions::new()
        .max_connections(1)
        .connect(&database_url(server, "postgres"))
        .await
        .expect("connect to the postgres maintenance database")
}

/// The name of a database migrated to the current schema, to copy test databases from.
/// It is named after the migrations, so a schema change makes a new template.
pub async fn migrated_template(server: &str) -> String {
    TEMPLATE
        .get_or_init(|| async {
            let fingerprint = api::database::MIGRATOR.iter().fold(
                0xcbf2_9ce4_8422_2325_u64,
                |hash, migration| {
                    migration.checksum.iter().fold(hash, |h, byte| {
                        (h ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
                    })
                },
            );
            let name = format!("portico_template_{fingerprint:016x}");
            let admin = admin_pool(server).await;
            // Test binaries run at once; one of them builds the template, the others wait.
            let mut lock = admin.acquire().await.expect("a maintenance connection");
            sqlx::query("SELECT pg_advisory_lock(727001)")
                .execute(&mut *lock)
                .await
                .expect("take the template lock");
            let exists: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
                    .bind(&name)
                    .fetch_one(&mut *lock)
                    .await
                    .expect("look for the template");
            if !exists {
                let building = format!("{name}_building");
                sqlx::query(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
                    .execute(&mut *lock)
                    .await
                    .expect("drop a half-built template");
                sqlx::query(&format!("CREATE DATABASE {building}"))
                    .execute(&mut *lock)
                    .await
                    .expect("create the template");
                let pool = api::database::connect(&database_url(server, &building), 2)
                    .await
                    .expect("connect to the template");
                api::database::migrate(&pool)
                    .await
                    .expect("migrate the template");
                pool.close().await;
                sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {name}"))
                    .execute(&mut *lock)
                    .await
                    .expect("publish the template");
                // Templates of earlier schemas are of no further use.
                let stale: Vec<String> = sqlx::query_scalar(
                    "SELECT datname FROM pg_database \
                     WHERE datname LIKE 'portico\\_template\\_%' AND datname <> $1",
                )
                .bind(&name)
                .fetch_all(&mut *lock)
                .await
                .unwrap_or_default();
                for old in stale {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {old} WITH (FORCE)"))
                        .execute(&mut *lock)
                        .await;
                }
            }
            sqlx::query("SELECT pg_advisory_unlock(727001)")
                .execute(&mut *lock)
                .await
                .expect("release the template lock");
            drop(lock);
            admin.close().await;
            name
        })
        .await
        .clone()
}

fn strip_database(url: &str) -> String {
    match url.rfind('/') {
        Some(slash) if slash > "postgres://".len() => url[..slash].to_owned(),
        _ => url.to_owned(),
    }
}

async fn reachable(server: &str) -> bool {
    PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(3))
        .connect(&database_url(server, "postgres"))
        .await
        .map(drop)
        .is_ok()
}

/// Starts (or reuses) a private server from the installed binaries; it outlives the tests so
/// that the next run starts at once.
async fn start_throwaway_server() -> String {
    let url = format!("postgres://postgres@127.0.0.1:{THROWAWAY_PORT}");
    if reachable(&url).await {
        return url;
    }
    let bin = postgres_bin_dir().unwrap_or_else(|| {
        panic!(
            "no PostgreSQL found: set DATABASE_URL, start one on 127.0.0.1:5432, or install \
             it (apt-get install postgresql)"
        )
    });
    let data = Path::new(THROWAWAY_DIR).join("data");
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false);
    // PostgreSQL refuses to run as root; Debian's package always creates the postgres user.
    let run = |program: &str, args: &[&str]| {
        let program = bin.join(program);
        let status = if as_root {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&program)
                .args(args)
                .status()
        } else {
            Command::new(&program).args(args).status()
        };
        status.map(|s| s.success()).unwrap_or(false)
    };
    std::fs::create_dir_all(THROWAWAY_DIR).expect("create the throwaway server's folder");
    if as_root {
        let _ = Command::new("chown")
            .args(["-R", "postgres", THROWAWAY_DIR])
            .status();
    }
    let data_arg = data.to_string_lossy().into_owned();
    if !data.join("PG_VERSION").exists() {
        assert!(
            run(
                "initdb",
                &["-D", &data_arg, "-U", "postgres", "-A", "trust"]
            ),
            "initdb failed for the throwaway test server in {THROWAWAY_DIR}"
        );
    }
    let options = format!("-p {THROWAWAY_PORT} -c listen_addresses=127.0.0.1 -k {THROWAWAY_DIR}");
    let log = format!("{THROWAWAY_DIR}/server.log");
    run(
        "pg_ctl",
        &["-D", &data_arg, "-o", &options, "-l", &log, "-w", "start"],
    );
    assert!(
        reachable(&url).await,
        "the throwaway test server did not start; see {log}"
    );
    url
}

fn postgres_bin_dir() -> Option<PathBuf> {
    let from_path = Command::new("sh")
        .args(["-c", "command -v initdb"])
        .output()
        .ok()
        .and_then(|out| {
            let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            Path::new(&path).parent().map(Path::to_path_buf)
        })
        .filter(|dir| dir.join("pg_ctl").exists());
    from_path.or_else(|| {
        let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
            .filter(|bin| bin.join("initdb").exists())
            .collect();
        versions.sort();
        versions.pop()
    })
}
