//! Who is issuing a command, as the domain needs to know it.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::values::role::Role;

/// The signed-in account behind a command, with the roles it held when the command was issued.
///
/// The API resolves the session into an `Actor`; aggregates use it to enforce S1 per object
/// (ownership, roles, separation of duties) so that no caller can bypass the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The account issuing the command.
    pub account_id: Uuid,
    /// The roles that account holds.
    pub roles: BTreeSet<Role>,
}

impl Actor {
    /// An actor holding exactly `roles`.
    pub fn new(account_id: Uuid, roles: impl IntoIterator<Item = Role>) -> Self {
        Self {
            account_id,
            roles: roles.into_iter().collect(),
        }
    }

    /// Whether the actor holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Reviewers and admins (an admin has every reviewer right) may decide on submissions.
    pub fn may_review(&self) -> bool {
        self.has(Role::Reviewer) || self.has(Role::Admin)
    }

    /// Whether the actor may see every app read-only (reviewers, admins and auditors).
    pub fn sees_all_apps(&self) -> bool {
        self.may_review() || self.has(Role::Auditor)
    }
}
