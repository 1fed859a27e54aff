//! The `portico` binary.

use std::collections::BTreeSet;
use std::io::Read;
use std::sync::Arc;

use anyhow::{bail, Context};
use api::cli::{AdminCommand, Cli, Command, ProjectionsCommand};
use api::clock::{Clock, SystemClock};
use api::commands::accounts::SignUpForm;
use api::event_log::CommitMetadata;
use api::{database, graphql, http, AppState};
use clap::Parser;
use domain::values::role::Role;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(&cli.log).context("invalid --log filter")?;
    if cli.log_json {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    if let Command::ExportSchema { output } = &cli.command {
        std::fs::write(output, graphql::sdl())
            .with_context(|| format!("writing {}", output.display()))?;
        println!("wrote {}", output.display());
        return Ok(());
    }

    let pool = database::prepare(&cli.database_url, cli.db_max_connections)
        .await
        .context("preparing the database")?;
    match cli.command {
        Command::Migrate => {
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Serve(args) => {
            let state = AppState::with(pool, args.settings(), Arc::new(SystemClock));
            let runner =
                Arc::clone(&state.projections).spawn(state.settings.projection_poll_interval);
            let listener = tokio::net::TcpListener::bind(args.listen)
                .await
                .with_context(|| format!("binding {}", args.listen))?;
            tracing::info!(listen = %args.listen, "portico is serving");
            let served = axum::serve(
                listener,
                http::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("serving HTTP");
            runner.abort();
            served
        }
        Command::Admin(AdminCommand::Create {
            email,
            roles,
            first_name,
            last_name,
        }) => {
            let roles = roles
                .iter()
                .map(|r| Role::parse(r).map_err(|e| anyhow::anyhow!("--role {r}: {e}")))
                .collect::<anyhow::Result<BTreeSet<Role>>>()?;
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("reading the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']).to_owned();
            let state = AppState::new(pool);
            let form = SignUpForm {
                first_name,
                last_name,
                email: email.clone(),
                password,
            };
            let account_id = uuid::Uuid::now_v7();
            let metadata = CommitMetadata::new(None, SystemClock.now());
            if let Err(error) = state
                .accounts
                .sign_up(&metadata, account_id, &form, roles)
                .await
            {
                let fields: Vec<String> = error.fields().iter().map(|f| f.to_string()).collect();
                if fields.is_empty() {
                    bail!("{} ({})", error, error.code());
                }
                bail!("{}", fields.join("; "));
            }
            state.projections.catch_up().await?;
            println!("created account {account_id} for {email}");
            Ok(())
        }
        Command::Projections(ProjectionsCommand::Rebuild { name }) => {
            let state = AppState::new(pool);
            state.projections.rebuild(name.as_deref()).await?;
            println!("rebuilt {}", name.as_deref().unwrap_or("every projector"));
            Ok(())
        }
        Command::ExportSchema { .. } => Ok(()),
    }
}

/// Ends serving on ctrl-c or SIGTERM (what process managers send), letting requests finish.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
