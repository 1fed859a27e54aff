//! S1 over HTTP: every caller (anonymous, the owning developer, another developer, a reviewer,
//! an admin, an auditor) against every query and every mutation of `docs/schema.graphql`.
//!
//! The matrix is one table, [`rows`]: a row is an operation on some target, its GraphQL
//! document, how to build its variables, and the expected outcome for each of the six callers
//! (allowed, or the exact `extensions.code`). A new operation is one more row; a test fails
//! when the table and the schema's query and mutation fields differ.
//!
//! Rows run in table order, callers in [`CALLERS`] order, on one server. A row whose success
//! changes its target gets a fresh target per cell (`Target::Fresh*`); other rows use shared
//! fixtures that no earlier row changes in a way that matters to them. `signOut` runs last.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use domain::values::role::Role;
use serde_json::{json, Value};
use tests::http_client::{Client, TestServer};
use tests::journey::{
    decide, developer, fill_all_steps, profile, staff, start_draft, submitted_app, PASSWORD,
};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// Callers and expectations

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Caller {
    Anonymous,
    Owner,
    OtherDeveloper,
    Reviewer,
    Admin,
    Auditor,
}

use Caller::{Admin, Anonymous, Auditor, OtherDeveloper, Owner, Reviewer};

const CALLERS: [Caller; 6] = [Anonymous, Owner, OtherDeveloper, Reviewer, Admin, Auditor];

/// What a cell expects: the operation answers without error, or its first error has this code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    Code(&'static str),
}

const OK: Expect = Expect::Allowed;
const UNAUTHENTICATED: Expect = Expect::Code("UNAUTHENTICATED");
const FORBIDDEN: Expect = Expect::Code("FORBIDDEN");
const NOT_FOUND: Expect = Expect::Code("NOT_FOUND");
const INVALID_TRANSITION: Expect = Expect::Code("INVALID_TRANSITION");

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Allowed => f.write_str("allowed"),
            Self::Code(code) => f.write_str(code),
        }
    }
}

/// Per caller, in [`CALLERS`] order: anonymous, owner, other developer, reviewer, admin,
/// auditor.
type Expectations = [Expect; 6];

const EVERYONE: Expectations = [OK; 6];
const NOBODY_FINDS_IT: Expectations = [NOT_FOUND; 6];

/// Every signed-in caller gets `expect`; anonymous callers are asked to sign in.
const fn signed_in(expect: Expect) -> Expectations {
    [UNAUTHENTICATED, expect, expect, expect, expect, expect]
}

/// Reading a draft-only app: its developer alone; for everyone else it does not exist.
const ONLY_THE_OWNER_SEES: Expectations = [
    UNAUTHENTICATED,
    OK,
    NOT_FOUND,
    NOT_FOUND,
    NOT_FOUND,
    NOT_FOUND,
];
/// Reading a submitted app: its developer and every staff role; another developer is told it
/// does not exist.
const OWNER_AND_STAFF_SEE: Expectations = [UNAUTHENTICATED, OK, NOT_FOUND, OK, OK, OK];
/// Changing a draft-only app: its developer alone; invisible to everyone else.
const ONLY_THE_OWNER_CHANGES_A_DRAFT: Expectations = ONLY_THE_OWNER_SEES;
/// A command only the developer may issue on a submitted app: staff, who see it, are refused.
const ONLY_THE_OWNER_CHANGES_A_SUBMITTED_APP: Expectations = [
    UNAUTHENTICATED,
    OK,
    NOT_FOUND,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
];
/// The developer's command on a submitted version in the wrong status.
const OWNER_TOO_LATE: Expectations = [
    UNAUTHENTICATED,
    INVALID_TRANSITION,
    NOT_FOUND,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
];
/// Approving or rejecting: reviewers and admins; the owner sees the app but may not decide.
const REVIEWERS_DECIDE: Expectations = [UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, OK, OK, FORBIDDEN];
/// Suspending and reinstating: admins only.
const ADMINS_SUSPEND: Expectations = [
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    FORBIDDEN,
    OK,
    FORBIDDEN,
];
/// Managing accounts: admins only.
const ADMINS_ONLY: Expectations = [
    UNAUTHENTICATED,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    OK,
    FORBIDDEN,
];
/// Managing an account that does not exist: non-admins are refused before the id is read.
const ADMINS_ONLY_NOT_FOUND: Expectations = [
    UNAUTHENTICATED,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    NOT_FOUND,
    FORBIDDEN,
];
/// Reading the event history: auditors only.
const AUDITORS_ONLY: Expectations = [
    UNAUTHENTICATED,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    FORBIDDEN,
    OK,
];

// ---------------------------------------------------------------------------------------------
// Targets and the world they live in

/// What a row acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Nothing,
    /// The owner's app whose only version is a draft.
    DraftApp,
    /// The owner's app with version 1 in review.
    SubmittedApp,
    /// The owner's app with version 1 live.
    LiveApp,
    /// Another live app of the owner's, for `suspendVersion`.
    LiveAppToSuspend,
    /// The owner's app with version 1 suspended, for `reinstateVersion`.
    SuspendedApp,
    /// An app id nobody ever used.
    UnknownApp,
    /// A new draft-only app of the owner's, made for each cell.
    FreshDraftApp,
    /// A new draft-only app of the owner's with every step filled in, made for each cell.
    FreshFilledDraftApp,
    /// A new app of the owner's with version 1 in review, made for each cell.
    FreshSubmittedApp,
    /// The owner's account.
    OwnersAccount,
    /// A developer's account nobody acts as.
    SpareAccount,
    /// A developer's account an admin disables.
    VictimAccount,
    /// The caller's own account.
    OwnAccount,
    /// An account id nobody ever used.
    UnknownAccount,
}

struct World {
    _server: TestServer,
    clients: HashMap<Caller, Client>,
    ids: HashMap<Caller, Uuid>,
    spare: Uuid,
    spare_email: String,
    victim: Uuid,
    apps: HashMap<Target, Uuid>,
    unknown_account: Uuid,
}

/// One cell's view: who calls, the target's id and a word no other cell uses.
struct Cell<'a> {
    world: &'a World,
    id: Uuid,
    unique: String,
}

impl World {
    async fn new() -> Self {
        let server = TestServer::start().await;
        let (owner, owner_id) = developer(&server).await;
        let (other, other_id) = developer(&server).await;
        let (reviewer, reviewer_id) = staff(&server, &[Role::Reviewer]).await;
        let (admin, admin_id) = staff(&server, &[Role::Admin]).await;
        let (auditor, auditor_id) = staff(&server, &[Role::Auditor]).await;
        let (spare_client, spare) = developer(&server).await;
        let spare_email = spare_client.ok("query { me { email } }", json!({})).await["me"]["email"]
            .as_str()
            .expect("an email")
            .to_owned();
        let (_, victim) = developer(&server).await;

        let draft = start_draft(&owner, "Matrix Draft").await;
        let submitted = submitted_app(&owner, "Matrix Submitted").await;
        let mut live_apps = Vec::new();
        for name in ["Matrix Live", "Matrix To Suspend", "Matrix Suspended"] {
            let app = submitted_app(&owner, name).await;
            decide(&reviewer, app, 1, None).await;
            live_apps.push(app);
        }
        owner
            .ok(
                "mutation($appId: UUID!) { postMessage(appId: $appId, body: \"Thanks!\") }",
                json!({ "appId": live_apps[0] }),
            )
            .await;
        admin
            .ok(SUSPEND_VERSION, json!({ "appId": live_apps[2] }))
            .await;

        let apps = HashMap::from([
            (Target::DraftApp, draft),
            (Target::SubmittedApp, submitted),
            (Target::LiveApp, live_apps[0]),
            (Target::LiveAppToSuspend, live_apps[1]),
            (Target::SuspendedApp, live_apps[2]),
            (Target::UnknownApp, Uuid::now_v7()),
        ]);
        let clients = HashMap::from([
            (Anonymous, server.anonymous()),
            (Owner, owner),
            (OtherDeveloper, other),
            (Reviewer, reviewer),
            (Admin, admin),
            (Auditor, auditor),
        ]);
        let ids = HashMap::from([
            (Anonymous, Uuid::nil()),
            (Owner, owner_id),
            (OtherDeveloper, other_id),
            (Reviewer, reviewer_id),
            (Admin, admin_id),
            (Auditor, auditor_id),
        ]);
        Self {
            _server: server,
            clients,
            ids,
            spare,
            spare_email,
            victim,
            apps,
            unknown_account: Uuid::now_v7(),
        }
    }

    fn client(&self, caller: Caller) -> &Client {
        &self.clients[&caller]
    }

    /// The id a cell of `caller` acts on, making a fresh app when the target asks for one.
    async fn resolve(&self, target: Target, caller: Caller) -> Cell<'_> {
        let unique = Uuid::new_v4().simple().to_string()[..12].to_owned();
        let owner = self.client(Owner);
        let id = match target {
            Target::Nothing => Uuid::nil(),
            Target::FreshDraftApp => start_draft(owner, &format!("Fresh Draft {unique}")).await,
            Target::FreshFilledDraftApp => {
                let app = start_draft(owner, &format!("Fresh Filled {unique}")).await;
                fill_all_steps(owner, app, 1, "").await;
                app
            }
            Target::FreshSubmittedApp => {
                submitted_app(owner, &format!("Fresh Submitted {unique}")).await
            }
            Target::OwnersAccount => self.ids[&Owner],
            Target::SpareAccount => self.spare,
            Target::VictimAccount => self.victim,
            Target::OwnAccount => self.ids[&caller],
            Target::UnknownAccount => self.unknown_account,
            app => self.apps[&app],
        };
        Cell {
            world: self,
            id,
            unique,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The table

struct Row {
    /// The query or mutation field.
    op: &'static str,
    target: Target,
    document: &'static str,
    variables: fn(&Cell<'_>) -> Value,
    expect: Expectations,
}

fn row(
    op: &'static str,
    target: Target,
    document: &'static str,
    variables: fn(&Cell<'_>) -> Value,
    expect: Expectations,
) -> Row {
    Row {
        op,
        target,
        document,
        variables,
        expect,
    }
}

fn none(_: &Cell<'_>) -> Value {
    json!({})
}

fn app_id(cell: &Cell<'_>) -> Value {
    json!({ "appId": cell.id })
}

fn account_id(cell: &Cell<'_>) -> Value {
    json!({ "id": cell.id })
}

const APP_VERSION: &str =
    "query($appId: UUID!) { appVersion(appId: $appId, version: 1) { appId status } }";
const APP_VERSIONS: &str = "query($appId: UUID!) { appVersions(appId: $appId) { version status } }";
const MESSAGES: &str =
    "query($appId: UUID!) { messages(appId: $appId, first: 10) { nodes { body } } }";
const GALLERY_APP: &str = "query($appId: UUID!) { galleryApp(appId: $appId) { appId name } }";
const ACCOUNT: &str = "query($id: UUID!) { account(id: $id) { id email } }";
const APP_HISTORY: &str =
    "query($appId: UUID!) { appHistory(appId: $appId, first: 10) { nodes { eventType } } }";
const COMPLETE_PROFILE: &str =
    "mutation($input: ProfileInput!) { completeProfile(input: $input) { profileComplete } }";
const EDIT_PROFILE: &str =
    "mutation($input: ProfileInput!) { editProfile(input: $input) { profileComplete } }";
const GRANT_ROLE: &str =
    "mutation($id: UUID!, $role: Role!) { grantRole(accountId: $id, role: $role) { roles } }";
const REVOKE_ROLE: &str =
    "mutation($id: UUID!, $role: Role!) { revokeRole(accountId: $id, role: $role) { roles } }";
const DISABLE_ACCOUNT: &str =
    "mutation($id: UUID!) { disableAccount(accountId: $id) { disabled } }";
const RENAME_DRAFT: &str =
    "mutation($appId: UUID!, $name: String!) { renameDraft(appId: $appId, name: $name) { name } }";
const SAVE_DRAFT_STEP: &str = "mutation($appId: UUID!) { saveDraftStep(appId: $appId, version: 1, \
     step: { reviewerNotes: { notes: \"Sign in as demo.\" } }) { savedAt } }";
const DELETE_DRAFT: &str = "mutation($appId: UUID!) { deleteDraft(appId: $appId, version: 1) }";
const SUBMIT_VERSION: &str =
    "mutation($appId: UUID!) { submitVersion(appId: $appId, version: 1) { status } }";
const START_RE_REGISTRATION: &str = "mutation($appId: UUID!) { \
     startReRegistration(appId: $appId, fromVersion: 1) { version status } }";
const APPROVE_VERSION: &str =
    "mutation($appId: UUID!) { approveVersion(appId: $appId, version: 1) { status } }";
const REJECT_VERSION: &str = "mutation($appId: UUID!) { rejectVersion(appId: $appId, version: 1, \
     reason: \"The privacy policy is missing.\") { status } }";
const SUSPEND_VERSION: &str =
    "mutation($appId: UUID!) { suspendVersion(appId: $appId, version: 1, \
     reason: \"Leaks tokens in its logs.\") { status } }";
const REINSTATE_VERSION: &str =
    "mutation($appId: UUID!) { reinstateVersion(appId: $appId, version: 1) { status } }";
const POST_MESSAGE: &str =
    "mutation($appId: UUID!) { postMessage(appId: $appId, body: \"Any news?\") }";

/// Every query and mutation, in the order they run.
#[rustfmt::skip]
fn rows() -> Vec<Row> {
    use Target::*;
    vec![
        // Queries.
        row("me", Nothing, "query { me { id } }", none, signed_in(OK)),
        row("myRegistrations", Nothing, "query { myRegistrations(first: 10) { nodes { appId } } }", none, signed_in(OK)),
        row("myDrafts", Nothing, "query { myDrafts(first: 10) { nodes { appId } } }", none, signed_in(OK)),
        row("appVersion", DraftApp, APP_VERSION, app_id, ONLY_THE_OWNER_SEES),
        row("appVersion", SubmittedApp, APP_VERSION, app_id, OWNER_AND_STAFF_SEE),
        row("appVersion", LiveApp, APP_VERSION, app_id, OWNER_AND_STAFF_SEE),
        row("appVersion", UnknownApp, APP_VERSION, app_id, signed_in(NOT_FOUND)),
        row("appVersions", DraftApp, APP_VERSIONS, app_id, ONLY_THE_OWNER_SEES),
        row("appVersions", SubmittedApp, APP_VERSIONS, app_id, OWNER_AND_STAFF_SEE),
        row("appVersions", UnknownApp, APP_VERSIONS, app_id, signed_in(NOT_FOUND)),
        row("messages", DraftApp, MESSAGES, app_id, ONLY_THE_OWNER_SEES),
        row("messages", LiveApp, MESSAGES, app_id, OWNER_AND_STAFF_SEE),
        row("messages", UnknownApp, MESSAGES, app_id, signed_in(NOT_FOUND)),
        row("reviewQueue", Nothing, "query { reviewQueue(first: 10) { nodes { appId } } }", none,
            [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK, OK, OK]),
        row("gallery", Nothing, "query { gallery(first: 10) { nodes { appId } } }", none, EVERYONE),
        row("galleryApp", LiveApp, GALLERY_APP, app_id, EVERYONE),
        row("galleryApp", SubmittedApp, GALLERY_APP, app_id, NOBODY_FINDS_IT),
        row("galleryApp", UnknownApp, GALLERY_APP, app_id, NOBODY_FINDS_IT),
        row("users", Nothing, "query { users(first: 10) { nodes { id } } }", none,
            [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK]),
        row("account", OwnAccount, ACCOUNT, account_id, signed_in(OK)),
        row("account", OwnersAccount, ACCOUNT, account_id,
            [UNAUTHENTICATED, OK, NOT_FOUND, NOT_FOUND, OK, OK]),
        row("account", UnknownAccount, ACCOUNT, account_id, signed_in(NOT_FOUND)),
        row("history", Nothing, "query { history(first: 10) { nodes { eventType } } }", none, AUDITORS_ONLY),
        row("appHistory", LiveApp, APP_HISTORY, app_id, AUDITORS_ONLY),
        row("appHistory", UnknownApp, APP_HISTORY, app_id, AUDITORS_ONLY),

        // Mutations: accounts and sessions.
        row("signUp", Nothing,
            "mutation($input: SignUpInput!) { signUp(input: $input) { accepted } }",
            |c| json!({ "input": {
                "firstName": "Ada", "lastName": "Lovelace",
                "email": format!("matrix-{}@example.org", c.unique), "password": PASSWORD
            }}),
            EVERYONE),
        row("signIn", SpareAccount,
            "mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) { token } }",
            |c| json!({ "email": c.world.spare_email, "password": PASSWORD }),
            EVERYONE),
        // The vendor profile is a developer's (S3); staff have none.
        row("completeProfile", Nothing, COMPLETE_PROFILE, |_| json!({ "input": profile() }),
            [UNAUTHENTICATED, Expect::Code("PROFILE_ALREADY_COMPLETE"),
             Expect::Code("PROFILE_ALREADY_COMPLETE"), FORBIDDEN, FORBIDDEN, FORBIDDEN]),
        row("editProfile", Nothing, EDIT_PROFILE, |_| json!({ "input": profile() }),
            [UNAUTHENTICATED, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
        row("grantRole", SpareAccount, GRANT_ROLE, |c| json!({ "id": c.id, "role": "REVIEWER" }), ADMINS_ONLY),
        row("grantRole", OwnAccount, GRANT_ROLE, |c| json!({ "id": c.id, "role": "ADMIN" }),
            [UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, INVALID_TRANSITION, FORBIDDEN]),
        // Non-admins are refused before the id is looked at: nothing tells them it exists.
        row("grantRole", UnknownAccount, GRANT_ROLE, |c| json!({ "id": c.id, "role": "REVIEWER" }),
            ADMINS_ONLY_NOT_FOUND),
        row("revokeRole", SpareAccount, REVOKE_ROLE, |c| json!({ "id": c.id, "role": "DEVELOPER" }), ADMINS_ONLY),
        // Nobody may revoke their own ADMIN role (nor, of course, a role-less caller anyone's).
        row("revokeRole", OwnAccount, REVOKE_ROLE, |c| json!({ "id": c.id, "role": "ADMIN" }), signed_in(FORBIDDEN)),
        row("revokeRole", UnknownAccount, REVOKE_ROLE, |c| json!({ "id": c.id, "role": "REVIEWER" }),
            ADMINS_ONLY_NOT_FOUND),
        row("disableAccount", VictimAccount, DISABLE_ACCOUNT, account_id, ADMINS_ONLY),
        row("disableAccount", OwnAccount, DISABLE_ACCOUNT, account_id, signed_in(FORBIDDEN)),
        row("disableAccount", UnknownAccount, DISABLE_ACCOUNT, account_id, ADMINS_ONLY_NOT_FOUND),

        // Mutations: the developer's registrations.
        row("startDraft", Nothing,
            "mutation($name: String!) { startDraft(name: $name) { appId } }",
            |c| json!({ "name": format!("Matrix {}", c.unique) }),
            [UNAUTHENTICATED, OK, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
        row("renameDraft", DraftApp, RENAME_DRAFT,
            |c| json!({ "appId": c.id, "name": format!("Renamed {}", c.unique) }),
            ONLY_THE_OWNER_CHANGES_A_DRAFT),
        row("renameDraft", SubmittedApp, RENAME_DRAFT,
            |c| json!({ "appId": c.id, "name": format!("Renamed {}", c.unique) }),
            [UNAUTHENTICATED, Expect::Code("NAME_FIXED"), NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN]),
        row("renameDraft", UnknownApp, RENAME_DRAFT,
            |c| json!({ "appId": c.id, "name": format!("Renamed {}", c.unique) }),
            signed_in(NOT_FOUND)),
        row("saveDraftStep", DraftApp, SAVE_DRAFT_STEP, app_id, ONLY_THE_OWNER_CHANGES_A_DRAFT),
        row("saveDraftStep", SubmittedApp, SAVE_DRAFT_STEP, app_id, OWNER_TOO_LATE),
        row("saveDraftStep", UnknownApp, SAVE_DRAFT_STEP, app_id, signed_in(NOT_FOUND)),
        row("deleteDraft", FreshDraftApp, DELETE_DRAFT, app_id, ONLY_THE_OWNER_CHANGES_A_DRAFT),
        row("deleteDraft", SubmittedApp, DELETE_DRAFT, app_id, OWNER_TOO_LATE),
        row("deleteDraft", UnknownApp, DELETE_DRAFT, app_id, signed_in(NOT_FOUND)),
        row("submitVersion", FreshFilledDraftApp, SUBMIT_VERSION, app_id, ONLY_THE_OWNER_CHANGES_A_DRAFT),
        row("submitVersion", SubmittedApp, SUBMIT_VERSION, app_id, OWNER_TOO_LATE),
        row("submitVersion", UnknownApp, SUBMIT_VERSION, app_id, signed_in(NOT_FOUND)),
        row("startReRegistration", SubmittedApp, START_RE_REGISTRATION, app_id, OWNER_TOO_LATE),
        row("startReRegistration", LiveApp, START_RE_REGISTRATION, app_id, ONLY_THE_OWNER_CHANGES_A_SUBMITTED_APP),
        row("startReRegistration", UnknownApp, START_RE_REGISTRATION, app_id, signed_in(NOT_FOUND)),

        // Mutations: review decisions.
        row("approveVersion", FreshSubmittedApp, APPROVE_VERSION, app_id, REVIEWERS_DECIDE),
        row("approveVersion", LiveApp, APPROVE_VERSION, app_id,
            [UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INVALID_TRANSITION, INVALID_TRANSITION, FORBIDDEN]),
        row("approveVersion", UnknownApp, APPROVE_VERSION, app_id, signed_in(NOT_FOUND)),
        row("rejectVersion", FreshSubmittedApp, REJECT_VERSION, app_id, REVIEWERS_DECIDE),
        row("rejectVersion", UnknownApp, REJECT_VERSION, app_id, signed_in(NOT_FOUND)),
        row("suspendVersion", LiveAppToSuspend, SUSPEND_VERSION, app_id, ADMINS_SUSPEND),
        row("suspendVersion", SubmittedApp, SUSPEND_VERSION, app_id,
            [UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, FORBIDDEN, INVALID_TRANSITION, FORBIDDEN]),
        row("suspendVersion", UnknownApp, SUSPEND_VERSION, app_id, signed_in(NOT_FOUND)),
        row("reinstateVersion", SuspendedApp, REINSTATE_VERSION, app_id, ADMINS_SUSPEND),
        row("reinstateVersion", UnknownApp, REINSTATE_VERSION, app_id, signed_in(NOT_FOUND)),
        row("postMessage", LiveApp, POST_MESSAGE, app_id,
            [UNAUTHENTICATED, OK, NOT_FOUND, OK, OK, FORBIDDEN]),
        row("postMessage", DraftApp, POST_MESSAGE, app_id, ONLY_THE_OWNER_CHANGES_A_DRAFT),
        row("postMessage", UnknownApp, POST_MESSAGE, app_id, signed_in(NOT_FOUND)),

        // Last: it ends the callers' sessions.
        row("signOut", Nothing, "mutation { signOut }", none, EVERYONE),
    ]
}

// ---------------------------------------------------------------------------------------------
// Running the table

/// What the server answered: no error, or the first error's code.
fn outcome(response: &Value) -> Result<(), String> {
    match response.get("errors") {
        None if response["data"].is_object() => Ok(()),
        None => Err(format!("<no data, no errors: {response}>")),
        Some(errors) => Err(errors[0]["extensions"]["code"]
            .as_str()
            .unwrap_or("<no code>")
            .to_owned()),
    }
}

fn matches(expect: Expect, got: &Result<(), String>) -> bool {
    match (expect, got) {
        (Expect::Allowed, Ok(())) => true,
        (Expect::Code(code), Err(got)) => code == got,
        _ => false,
    }
}

type Answers = HashMap<(&'static str, Target, Caller), Value>;

/// Runs every cell in order; returns one line per failed cell and every answer.
async fn run(world: &World) -> (Vec<String>, Answers) {
    let mut failures = Vec::new();
    let mut answers = HashMap::new();
    let mut ran = 0;
    for row in rows() {
        for (column, caller) in CALLERS.into_iter().enumerate() {
            ran += 1;
            let cell = world.resolve(row.target, caller).await;
            let variables = (row.variables)(&cell);
            let response = world.client(caller).graphql(row.document, variables).await;
            let got = outcome(&response);
            let expect = row.expect[column];
            if !matches(expect, &got) {
                let got = got.map_or_else(|code| code, |()| "allowed".to_owned());
                failures.push(format!(
                    "{} on {:?} by {caller:?}: expected {expect}, got {got}\n    {response}",
                    row.op, row.target
                ));
            }
            answers.insert((row.op, row.target, caller), response);
        }
    }
    assert!(ran > 0, "no cell ran");
    (failures, answers)
}

/// For every operation tried both on one of the owner's objects and on an id nobody used, a
/// caller told `NOT_FOUND` for both gets word for word the same error: nothing tells "not
/// yours" from "does not exist".
fn compare_with_unknown_ids(answers: &Answers) -> (Vec<String>, usize) {
    let mut differences = Vec::new();
    let mut compared = 0;
    let rows = rows();
    for unknown in rows
        .iter()
        .filter(|r| matches!(r.target, Target::UnknownApp | Target::UnknownAccount))
    {
        for known in rows
            .iter()
            .filter(|r| r.op == unknown.op && r.target != unknown.target)
        {
            for (column, caller) in CALLERS.into_iter().enumerate() {
                if known.expect[column] != NOT_FOUND || unknown.expect[column] != NOT_FOUND {
                    continue;
                }
                let (Some(a), Some(b)) = (
                    answers.get(&(known.op, known.target, caller)),
                    answers.get(&(unknown.op, unknown.target, caller)),
                ) else {
                    continue;
                };
                let strip = |v: &Value| {
                    (
                        v["errors"][0]["message"].clone(),
                        v["errors"][0]["extensions"].clone(),
                        v["data"].clone(),
                    )
                };
                compared += 1;
                if strip(a) != strip(b) {
                    differences.push(format!(
                        "{} by {caller:?}: {:?} answers {a}, {:?} answers {b}",
                        known.op, known.target, unknown.target
                    ));
                }
            }
        }
    }
    (differences, compared)
}

fn report(title: &str, lines: &[String]) -> String {
    format!("{title} ({}):\n  {}", lines.len(), lines.join("\n  "))
}

// ---------------------------------------------------------------------------------------------
// The tests

#[tokio::test]
async fn every_caller_gets_the_expected_answer_from_every_query_and_mutation() {
    let world = World::new().await;
    let (failures, answers) = run(&world).await;
    assert!(failures.is_empty(), "{}", report("failed cells", &failures));

    let (differences, compared) = compare_with_unknown_ids(&answers);
    assert!(
        differences.is_empty(),
        "{}",
        report(
            "another's object answers unlike an unknown id",
            &differences
        )
    );
    // At least another developer on each app-scoped operation and on an account.
    assert!(compared >= 15, "only {compared} answers compared");

    // `signOut` ran last: every session of the matrix is over.
    for caller in CALLERS.into_iter().filter(|c| *c != Anonymous) {
        let code = world
            .client(caller)
            .error_code("query { me { id } }", json!({}))
            .await;
        assert_eq!(code, "UNAUTHENTICATED", "{caller:?} after signOut");
    }
}

#[tokio::test]
async fn a_reviewer_cannot_decide_on_a_version_they_submitted_themselves() {
    let server = TestServer::start().await;
    let (developing_reviewer, _) = staff(&server, &[Role::Developer, Role::Reviewer]).await;
    developing_reviewer
        .ok(COMPLETE_PROFILE, json!({ "input": profile() }))
        .await;
    let own = submitted_app(&developing_reviewer, "Reviewed By Myself").await;
    let (colleague, _) = staff(&server, &[Role::Reviewer]).await;

    for document in [APPROVE_VERSION, REJECT_VERSION] {
        assert_eq!(
            developing_reviewer
                .error_code(document, json!({ "appId": own }))
                .await,
            "FORBIDDEN",
            "{document}"
        );
    }
    // The version still waits for someone else, who may decide.
    let queue = colleague
        .ok(
            "query { reviewQueue(first: 10) { nodes { appId status } } }",
            json!({}),
        )
        .await;
    assert_eq!(queue["reviewQueue"]["nodes"][0]["appId"], own.to_string());
    let approved = colleague.ok(APPROVE_VERSION, json!({ "appId": own })).await;
    assert_eq!(approved["approveVersion"]["status"], "LIVE");
}

// ---------------------------------------------------------------------------------------------
// The table against the schema

/// The field names of `type <name> {` in SDL text.
fn fields_of(sdl: &str, type_name: &str) -> BTreeSet<String> {
    let header = format!("type {type_name} {{");
    let mut fields = BTreeSet::new();
    let mut inside = false;
    let mut in_description = false;
    for line in sdl.lines() {
        let line = line.trim();
        if !inside {
            inside = line == header;
            continue;
        }
        if line.starts_with("\"\"\"") {
            // A one-line description opens and closes on the same line.
            if !(line.len() > 3 && line.ends_with("\"\"\"")) {
                in_description = !in_description;
            }
            continue;
        }
        if in_description || line.is_empty() || line.starts_with('"') || line.starts_with('#') {
            continue;
        }
        if line == "}" {
            break;
        }
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        assert!(
            !name.is_empty(),
            "cannot read a field of {type_name}: {line}"
        );
        fields.insert(name);
    }
    fields
}

/// The names of the query and mutation root types, from `schema { query: … mutation: … }`.
fn root_type_names(sdl: &str) -> (String, String) {
    let mut query = "Query".to_owned();
    let mut mutation = "Mutation".to_owned();
    if let Some((_, rest)) = sdl.split_once("schema {") {
        let block = rest.split('}').next().unwrap_or_default();
        for line in block.lines() {
            match line.trim().split_once(':') {
                Some(("query", name)) => name.trim().clone_into(&mut query),
                Some(("mutation", name)) => name.trim().clone_into(&mut mutation),
                _ => {}
            }
        }
    }
    (query, mutation)
}

#[test]
fn the_matrix_covers_every_query_and_mutation_of_the_schema() {
    let sdl = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/schema.graphql"
    ))
    .expect("docs/schema.graphql");
    let (query, mutation) = root_type_names(&sdl);
    let queries = fields_of(&sdl, &query);
    let mutations = fields_of(&sdl, &mutation);
    assert!(queries.contains("me"), "{query}: {queries:?}");
    assert!(mutations.contains("signIn"), "{mutation}: {mutations:?}");
    let schema: BTreeSet<String> = queries.union(&mutations).cloned().collect();

    let table: BTreeSet<String> = rows().iter().map(|r| r.op.to_owned()).collect();
    let missing: Vec<_> = schema.difference(&table).collect();
    let unknown: Vec<_> = table.difference(&schema).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "operations in the schema but not in the matrix: {missing:?}; \
         in the matrix but not in the schema: {unknown:?}"
    );

    // Each row's document really calls its operation, as a query or a mutation accordingly.
    for row in rows() {
        let kind = if queries.contains(row.op) {
            "query"
        } else {
            "mutation"
        };
        assert!(
            row.document.starts_with(kind),
            "{} is a {kind}: {}",
            row.op,
            row.document
        );
        let called = row
            .document
            .split_once('{')
            .map(|(_, body)| body.trim_start())
            .unwrap_or_default();
        assert!(
            called.starts_with(&format!("{}(", row.op))
                || called.starts_with(&format!("{} ", row.op))
                || called.starts_with(&format!("{}}}", row.op)),
            "the document of {} calls something else: {}",
            row.op,
            row.document
        );
    }
}
