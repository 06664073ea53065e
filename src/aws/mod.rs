//! Networked reads: what sma asks AWS (S3 bucket settings for `check-bucket`).
pub mod s3;
