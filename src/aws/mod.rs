//! Networked calls: what sma asks AWS (S3 bucket settings and KMS key policies for
//! `check-bucket`; Lambda functions for `simulate --function-name`). The SDK parts are the
//! `live` feature (default on); without it, `check-bucket` checks policy files only.
#[cfg(feature = "live")]
pub mod cap;
#[cfg(feature = "live")]
pub mod lambda;
pub mod s3;
