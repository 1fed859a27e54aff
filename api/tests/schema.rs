//! `docs/schema.graphql` must be what `portico export-schema` writes today.

#[test]
fn the_exported_schema_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/schema.graphql");
    let exported = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        exported == api::graphql::sdl(),
        "docs/schema.graphql is stale: run `cargo run -p api -- export-schema`"
    );
}
