//! Verification review in the console: the queue, one item with its document and pre-check, and
//! decisions that take the reviewer straight to the next item.

pub mod claim;
pub mod decide;
pub mod file;
pub mod index;
pub mod renew;
pub mod show;
pub mod skip;
pub mod view;

use actix_web::HttpResponse;

use super::page::see_other;
use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::error::AppError;
use crate::verification::review::{QueueFilter, Review};

fn reviewer(session: &Session) -> Result<Actor, AppError> {
    session.principal.require(&[Role::Reviewer])?;
    Ok(Actor::from(&session.principal))
}

/// Claims the next item and shows it, or the queue page saying nothing is waiting.
async fn claim_and_show(review: &Review, actor: &Actor, filter: QueueFilter) -> Result<HttpResponse, AppError> {
    Ok(match review.claim(actor, filter).await? {
        Some(item) => see_other(&format!("/console/review/{}", item.id)),
        None => see_other("/console/review?empty=1"),
    })
}
