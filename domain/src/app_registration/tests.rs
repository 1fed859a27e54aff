//! Filled in by the test writer.
