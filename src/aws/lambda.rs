//! `sma simulate --function-name`: the handler is a Lambda function, invoked through the
//! Invoke API (a deployed function, or a local server through `--endpoint-url`, such as
//! `sam local start-lambda`). A `FunctionError` is a failed invocation, as the SMA sees it.
use std::time::Duration;

use aws_sdk_lambda::primitives::Blob;

use super::cap::CapBodies;
use super::s3::{Connection, Trace, call_error, check_endpoint, configure};
use crate::simulate::handler::{CannotStart, Handler, MAX_RESPONSE, Reply};

/// Invokes one function, one event at a time.
pub struct Function {
    name: String,
    client: aws_sdk_lambda::Client,
    runtime: tokio::runtime::Runtime,
    timeout: Duration,
}

impl Function {
    /// Resolves the configuration and credentials once (`--profile`, `--region`,
    /// `--endpoint-url` as for check-bucket).
    pub fn connect(name: &str, conn: &Connection) -> Result<Function, CannotStart> {
        if let Some(url) = &conn.endpoint_url {
            check_endpoint(url).map_err(|e| CannotStart(e.to_string()))?;
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| CannotStart(format!("could not start the async runtime: {e}")))?;
        let trace = Trace::default();
        let (shared, creds, region) = runtime
            .block_on(async { tokio::time::timeout(conn.timeout, configure(conn, &trace)).await })
            .map_err(|_| CannotStart("the AWS configuration did not load in time".into()))?
            .map_err(|e| CannotStart(e.to_string()))?;
        let client = aws_sdk_lambda::Client::from_conf(
            aws_sdk_lambda::config::Builder::from(&shared)
                .credentials_provider(creds)
                .region(aws_sdk_lambda::config::Region::new(region))
                // a little over Lambda's 6 MB limit, so a response over it is named below;
                // past this it is cut (a server that never ends its answer)
                .interceptor(CapBodies {
                    limit: MAX_RESPONSE as u64 + 64 * 1024,
                })
                .build(),
        );
        Ok(Function {
            name: name.to_string(),
            client,
            runtime,
            timeout: conn.timeout,
        })
    }
}

impl Handler for Function {
    fn invoke(&mut self, event: &[u8]) -> Result<Reply, CannotStart> {
        let sent = self.runtime.block_on(async {
            tokio::time::timeout(
                self.timeout,
                self.client
                    .invoke()
                    .function_name(&self.name)
                    .payload(Blob::new(event.to_vec()))
                    .send(),
            )
            .await
        });
        let out = match sent {
            Err(_) => {
                return Ok(Reply {
                    error: Some(format!(
                        "timed out after {} s (the SMA waits 20 s)",
                        self.timeout.as_secs_f64()
                    )),
                    ..Reply::default()
                });
            }
            Ok(Err(e)) => {
                let err = call_error(&e);
                let status = e.raw_response().map(|r| r.status().as_u16());
                // a function that is not there, or may not be called: nothing to simulate
                if matches!(status, Some(403 | 404)) {
                    return Err(CannotStart(format!(
                        "Lambda function `{}`: {err}",
                        self.name
                    )));
                }
                return Ok(Reply {
                    error: Some(format!("the Invoke call failed: {err}")),
                    ..Reply::default()
                });
            }
            Ok(Ok(out)) => out,
        };
        let payload = out
            .payload()
            .map(|b| b.as_ref().to_vec())
            .unwrap_or_default();
        if let Some(kind) = out.function_error() {
            return Ok(Reply {
                stdout: None,
                stderr: String::from_utf8_lossy(&payload).into_owned(),
                error: Some(format!("the function failed (FunctionError: {kind})")),
            });
        }
        if payload.len() > MAX_RESPONSE {
            return Ok(Reply {
                error: Some(format!(
                    "response of {} bytes is over Lambda's 6 MB limit",
                    payload.len()
                )),
                ..Reply::default()
            });
        }
        Ok(Reply {
            stdout: Some(payload),
            stderr: String::new(),
            error: None,
        })
    }
}
