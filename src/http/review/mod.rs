//! The verification review queue: claim the next item, renew or release the claim, see what waits.

pub mod claim;
pub mod queue;
pub mod release;
pub mod renew;

use crate::error::AppError;

/// A JSON body that may also be empty (meaning "the defaults").
pub fn optional_json<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, AppError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => {
            AppError::bad_request("invalid_body", format!("the body has the wrong shape: {e}"))
        }
        _ => AppError::bad_request("invalid_json", format!("the body is not valid JSON: {e}")),
    })
}
