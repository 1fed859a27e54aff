//! Mutations: each issues one domain command, then waits until the read models show it.

use std::collections::BTreeSet;

use async_graphql::{Context, ErrorExtensions, Object, Result, SimpleObject};
use axum::http::header::SET_COOKIE;
use domain::app_registration::VersionStatus;
use domain::values::email_address::EmailAddress;
use domain::values::icon::{Icon, IconFacts};
use domain::values::invalid_value::InvalidValue;
use domain::values::role::Role as DomainRole;
use projections::read_models::accounts;
use uuid::Uuid;

use super::enums::Role;
use super::inputs::{ProfileInput, SignUpInput, WizardStepInput};
use super::types::{Account, AppVersion};
use super::{account, app_version, caller, errors, me, metadata, signed_in, state, Answer};
use crate::auth::passwords::{self, PasswordWorkError};
use crate::commands::accounts::SignUpForm;
use crate::commands::CommandError;
use crate::files::UploadedPng;
use crate::http::SESSION_COOKIE;

/// The portal's mutations.
pub struct MutationRoot;

/// The answer to a sign-up. It is the same whether or not the email was registered already,
/// so sign-up cannot be used to find out who has an account (S2).
#[derive(SimpleObject)]
pub struct SignUpPayload {
    /// Always true: sign in next.
    pub accepted: bool,
}

/// A new session.
#[derive(SimpleObject)]
pub struct SignInPayload {
    /// The session token, for `Authorization: Bearer <token>`; browsers also get it as an
    /// HttpOnly cookie.
    pub token: String,
    /// The signed-in account.
    pub account: Account,
}

#[Object(name = "Mutation")]
impl MutationRoot {
    /// Creates a developer account (S2).
    async fn sign_up(&self, ctx: &Context<'_>, input: SignUpInput) -> Result<SignUpPayload> {
        let state = state(ctx);
        let caller = caller(ctx);
        let wait = state
            .throttle
            .sign_up_attempt(caller.address)
            .await
            .map_err(|e| errors::internal(&e, caller.request_id))?;
        if let Some(seconds) = wait {
            return Err(throttled(seconds));
        }
        let form = SignUpForm {
            first_name: input.first_name,
            last_name: input.last_name,
            email: input.email,
            password: input.password,
        };
        let outcome = state
            .accounts
            .sign_up(
                &metadata(ctx),
                Uuid::now_v7(),
                &form,
                BTreeSet::from([DomainRole::Developer]),
            )
            .await;
        // No waiting for the read models here: a new email would then answer measurably
        // later than a taken one. Sign-in waits instead.
        match outcome {
            Ok(()) => Ok(SignUpPayload { accepted: true }),
            Err(error) if error.code() == "EMAIL_TAKEN" => Ok(SignUpPayload { accepted: true }),
            Err(error) => Err(errors::command(error, caller.request_id)),
        }
    }

    /// Signs in with email and password; a new session token each time (S2).
    async fn sign_in(
        &self,
        ctx: &Context<'_>,
        email: String,
        password: String,
    ) -> Result<SignInPayload> {
        let state = state(ctx);
        let caller = caller(ctx);
        let internal = |e: &dyn std::fmt::Display| errors::internal(e, caller.request_id);
        let invalid = || errors::coded("INVALID_CREDENTIALS", "the email or password is incorrect");
        // No account can have an address that does not parse: refuse it without the work.
        let Ok(email) = EmailAddress::parse(&email) else {
            return Err(invalid());
        };
        let normalized = email.normalized();
        let wait = state
            .throttle
            .sign_in_attempt(&normalized, caller.address)
            .await
            .map_err(|e| internal(&e))?;
        if let Some(seconds) = wait {
            return Err(throttled(seconds));
        }
        settle(ctx).await;
        let account = accounts::account_by_email(&state.pool, &normalized)
            .await
            .map_err(|e| internal(&e))?;
        let hash = account.as_ref().map(|a| a.password_hash.clone());
        let matches = passwords::verify(password, hash)
            .await
            .map_err(|e| match e {
                PasswordWorkError::Busy => errors::coded("THROTTLED", e.to_string()),
                PasswordWorkError::Failed(_) => internal(&e),
            })?;
        let Some(account) = account.filter(|_| matches) else {
            return Err(invalid());
        };
        if account.disabled {
            return Err(errors::coded(
                "ACCOUNT_DISABLED",
                "this account is disabled",
            ));
        }
        state
            .throttle
            .sign_in_succeeded(&normalized, caller.address)
            .await
            .map_err(|e| internal(&e))?;
        let token = state
            .sessions
            .start(account.account_id)
            .await
            .map_err(|e| internal(&e))?;
        let secure = if state.settings.cookie_secure {
            "; Secure"
        } else {
            ""
        };
        ctx.insert_http_header(
            SET_COOKIE,
            format!(
                "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}{secure}",
                state.settings.session_lifetime.whole_seconds()
            ),
        );
        Ok(SignInPayload {
            token,
            account: Account(account),
        })
    }

    /// Ends the current session on the server (S2).
    async fn sign_out(&self, ctx: &Context<'_>) -> Result<bool> {
        let caller = caller(ctx);
        if let Some(token) = &caller.token {
            state(ctx)
                .sessions
                .end(token)
                .await
                .map_err(|e| errors::internal(&e, caller.request_id))?;
        }
        ctx.insert_http_header(
            SET_COOKIE,
            format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"),
        );
        Ok(true)
    }

    /// Completes the signed-in developer's vendor profile (S3).
    async fn complete_profile(&self, ctx: &Context<'_>, input: ProfileInput) -> Result<Account> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .accounts
            .complete_profile(&metadata(ctx), &input.into())
            .await;
        finish(ctx, outcome).await?;
        me(ctx).await
    }

    /// Edits the signed-in developer's vendor profile; the kind stays as chosen (S3).
    async fn edit_profile(&self, ctx: &Context<'_>, input: ProfileInput) -> Result<Account> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .accounts
            .edit_profile(&metadata(ctx), &input.into())
            .await;
        finish(ctx, outcome).await?;
        me(ctx).await
    }

    /// An admin grants a role.
    async fn grant_role(&self, ctx: &Context<'_>, account_id: Uuid, role: Role) -> Result<Account> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .accounts
            .grant_role(&metadata(ctx), account_id, role.into())
            .await;
        finish(ctx, outcome).await?;
        account(ctx, account_id).await
    }

    /// An admin revokes a role.
    async fn revoke_role(
        &self,
        ctx: &Context<'_>,
        account_id: Uuid,
        role: Role,
    ) -> Result<Account> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .accounts
            .revoke_role(&metadata(ctx), account_id, role.into())
            .await;
        finish(ctx, outcome).await?;
        account(ctx, account_id).await
    }

    /// An admin disables an account; its sessions end at once (S2).
    async fn disable_account(&self, ctx: &Context<'_>, account_id: Uuid) -> Result<Account> {
        signed_in(ctx)?;
        state(ctx)
            .accounts
            .disable(&metadata(ctx), account_id)
            .await
            .answer(ctx)?;
        // Sessions end before anything else happens: the account must not act again.
        state(ctx)
            .sessions
            .end_all(account_id)
            .await
            .map_err(|e| errors::internal(&e, caller(ctx).request_id))?;
        settle(ctx).await;
        account(ctx, account_id).await
    }

    /// Step 1 of a new app: creates the app with a draft of version 1.
    async fn start_draft(&self, ctx: &Context<'_>, name: String) -> Result<AppVersion> {
        signed_in(ctx)?;
        let app_id = Uuid::now_v7();
        let outcome = state(ctx)
            .app_registrations
            .start_draft(&metadata(ctx), app_id, &name)
            .await;
        finish(ctx, outcome).await?;
        app_version(ctx, app_id, 1).await
    }

    /// Step 1 again: renames a first draft.
    async fn rename_draft(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        name: String,
    ) -> Result<AppVersion> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .app_registrations
            .rename_draft(&metadata(ctx), app_id, &name)
            .await;
        finish(ctx, outcome).await?;
        app_version(ctx, app_id, 1).await
    }

    /// Saves one of steps 2–8 of a draft; incomplete data is kept as typed.
    async fn save_draft_step(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        version: u32,
        step: WizardStepInput,
    ) -> Result<AppVersion> {
        signed_in(ctx)?;
        let state = state(ctx);
        let icon = match &step {
            WizardStepInput::Description(description) => {
                step_three_icon(ctx, app_id, version, description.icon_png_base64.as_deref())
                    .await?
            }
            _ => None,
        };
        let outcome = state
            .app_registrations
            .save_draft_step(&metadata(ctx), app_id, version, step.into_step(icon))
            .await;
        finish(ctx, outcome).await?;
        app_version(ctx, app_id, version).await
    }

    /// Discards a draft; a first draft's name becomes free again.
    async fn delete_draft(&self, ctx: &Context<'_>, app_id: Uuid, version: u32) -> Result<bool> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .app_registrations
            .delete_draft(&metadata(ctx), app_id, version)
            .await;
        finish(ctx, outcome).await?;
        Ok(true)
    }

    /// Submits a draft for review; every failure of every step comes back at once.
    async fn submit_version(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        version: u32,
    ) -> Result<AppVersion> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .app_registrations
            .submit_version(&metadata(ctx), app_id, version)
            .await;
        finish(ctx, outcome).await?;
        app_version(ctx, app_id, version).await
    }

    /// Opens a draft of the next version from the most recently submitted one (S4).
    async fn start_re_registration(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        from_version: u32,
    ) -> Result<AppVersion> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .app_registrations
            .start_re_registration(&metadata(ctx), app_id, from_version)
            .await;
        finish(ctx, outcome).await?;
        app_version(ctx, app_id, from_version + 1).await
    }

    /// A reviewer approves a version; the previous live one retires.
    async fn approve_version(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        version: u32,
    ) -> Result<AppVersion> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .app_registrations
            .approve_version(&metadata(ctx), app_id, version)
            .await;
        finish(ctx, outcome).await?;
        app_version(ctx, app_id, version).await
    }

    /// A reviewer rejects a version, with a reason sent to the developer.
    async fn reject_version(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        version: u32,
        reason: String,
    ) -> Result<AppVersion> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .app_registrations
            .reject_version(&metadata(ctx), app_id, version, &reason)
            .await;
        finish(ctx, outcome).await?;
        app_version(ctx, app_id, version).await
    }

    /// An admin suspends a live version, with a reason.
    async fn suspend_version(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        version: u32,
        reason: String,
    ) -> Result<AppVersion> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .app_registrations
            .suspend_version(&metadata(ctx), app_id, version, &reason)
            .await;
        finish(ctx, outcome).await?;
        app_version(ctx, app_id, version).await
    }

    /// An admin puts a suspended version back live.
    async fn reinstate_version(
        &self,
        ctx: &Context<'_>,
        app_id: Uuid,
        version: u32,
    ) -> Result<AppVersion> {
        signed_in(ctx)?;
        let outcome = state(ctx)
            .app_registrations
            .reinstate_version(&metadata(ctx), app_id, version)
            .await;
        finish(ctx, outcome).await?;
        app_version(ctx, app_id, version).await
    }

    /// Posts a message on an app (S6); returns the new message's id.
    async fn post_message(&self, ctx: &Context<'_>, app_id: Uuid, body: String) -> Result<Uuid> {
        signed_in(ctx)?;
        let message_id = Uuid::now_v7();
        let outcome = state(ctx)
            .app_registrations
            .post_message(&metadata(ctx), app_id, message_id, &body)
            .await;
        finish(ctx, outcome).await?;
        Ok(message_id)
    }
}

/// The icon step 3 saves: a new upload, checked by content and by S4's rules and stored only
/// for the owner of an open draft, or else the draft's current icon. For anyone else nothing
/// is stored and the command itself gives the refusal.
async fn step_three_icon(
    ctx: &Context<'_>,
    app_id: Uuid,
    version: u32,
    upload: Option<&str>,
) -> Result<Option<IconFacts>> {
    let state = state(ctx);
    let actor = signed_in(ctx)?;
    let app = state.app_registrations.load_app(app_id).await.answer(ctx)?;
    let app = app.state();
    let draft = app
        .version(version)
        .filter(|v| v.status() == VersionStatus::Draft && app.owner() == Some(actor.account_id));
    let Some(draft) = draft else {
        return Ok(None);
    };
    let Some(upload) = upload else {
        return Ok(draft.draft().icon.clone());
    };
    let invalid = |e: InvalidValue| {
        errors::command(
            CommandError::validation(vec![e.at("iconPngBase64")]),
            caller(ctx).request_id,
        )
    };
    let png = UploadedPng::decode(upload).map_err(invalid)?;
    let icon = Icon::check(png.facts()).map_err(invalid)?;
    state
        .files
        .store(&png)
        .await
        .map_err(|e| errors::internal(&e, caller(ctx).request_id))?;
    Ok(Some(icon.facts().clone()))
}

/// `THROTTLED`, with the seconds to wait.
fn throttled(seconds: i64) -> async_graphql::Error {
    errors::coded(
        "THROTTLED",
        format!("too many attempts; try again in {seconds} seconds"),
    )
    .extend_with(|_, extensions| extensions.set("retryAfterSeconds", seconds))
}

/// Maps a command's refusal, or waits for the read models to show its events.
async fn finish(ctx: &Context<'_>, outcome: Result<(), CommandError>) -> Result<()> {
    outcome.answer(ctx)?;
    settle(ctx).await;
    Ok(())
}

/// Read-your-writes: returns once the projectors have applied what was just committed.
async fn settle(ctx: &Context<'_>) {
    let state = state(ctx);
    if let Err(error) = state
        .projections
        .wait_for_tail(state.settings.read_your_writes_timeout)
        .await
    {
        tracing::warn!(%error, request_id = %caller(ctx).request_id, "read models lag behind");
    }
}
