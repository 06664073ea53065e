//! The codes that the pipeline's stages find themselves (parsing, document shape, schema,
//! configuration, bucket policy), declared apart from the code that emits them.
pub mod config;
pub mod policy;
pub mod schema;
pub mod shape;
pub mod syntax;
