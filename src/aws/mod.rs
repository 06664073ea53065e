//! Networked calls: what sma asks AWS (S3 bucket settings and KMS key policies for
//! `check-bucket`; Lambda functions for `simulate --function-name`, with the `live` feature).
pub mod cap;
#[cfg(feature = "live")]
pub mod lambda;
pub mod s3;
