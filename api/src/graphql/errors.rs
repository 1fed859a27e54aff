//! Turning refusals into GraphQL errors with `extensions.code` (DESIGN.md's list).

use async_graphql::{Error, ErrorExtensions};

use crate::access::AccessError;
use crate::auth::AuthError;
use crate::commands::CommandError;

/// A GraphQL error carrying `code` and a message for people.
pub fn coded(code: &'static str, message: impl Into<String>) -> Error {
    Error::new(message.into()).extend_with(|_, extensions| extensions.set("code", code))
}

/// An internal failure: logged with the request id, never shown.
pub fn internal(error: &dyn std::fmt::Display, request_id: uuid::Uuid) -> Error {
    tracing::error!(%error, %request_id, "internal error");
    coded("INTERNAL", format!("internal error (request {request_id})"))
}

/// The GraphQL form of a command's refusal: `VALIDATION` lists every `{field, message}`.
pub fn command(error: CommandError, request_id: uuid::Uuid) -> Error {
    if error.code() == "INTERNAL" {
        return internal(&error, request_id);
    }
    let code = error.code();
    let message = error.to_string();
    let fields: Vec<async_graphql::Value> = error
        .fields()
        .iter()
        .map(|f| {
            let mut object = async_graphql::indexmap::IndexMap::new();
            object.insert(
                async_graphql::Name::new("field"),
                async_graphql::Value::from(f.field.clone()),
            );
            object.insert(
                async_graphql::Name::new("message"),
                async_graphql::Value::from(f.message.clone()),
            );
            async_graphql::Value::Object(object)
        })
        .collect();
    let details: Vec<(String, String)> = match &error {
        CommandError::Rejected { details, .. } => details
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        CommandError::Log(_) | CommandError::Internal(_) => Vec::new(),
    };
    Error::new(message).extend_with(move |_, extensions| {
        extensions.set("code", code);
        if !fields.is_empty() {
            extensions.set("fields", async_graphql::Value::List(fields.clone()));
        }
        for (key, value) in &details {
            extensions.set(key.as_str(), value.as_str());
        }
    })
}

/// The GraphQL form of a refused read.
pub fn access(error: AccessError, request_id: uuid::Uuid) -> Error {
    match error {
        AccessError::ReadModel(inner) => internal(&inner, request_id),
        AccessError::NotFound => coded("NOT_FOUND", "not found"),
        AccessError::Forbidden(message) => coded("FORBIDDEN", message),
    }
}

/// The GraphQL form of a missing or expired session.
pub fn auth(error: AuthError) -> Error {
    coded(error.code(), error.to_string())
}
