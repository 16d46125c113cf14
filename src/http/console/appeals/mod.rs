//! Appeals (소명) in the console, for seniors: the case, the evidence and the rules that applied
//! side by side, and uphold / overturn / reduce.

pub mod claim;
pub mod decide;
pub mod evidence;
pub mod index;
pub mod show;

use actix_web::HttpResponse;

use super::page::show_claimed;
use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::error::AppError;
use crate::moderation::appeals::Appeals;

fn senior(session: &Session) -> Result<Actor, AppError> {
    session.principal.require(&[Role::Senior])?;
    Ok(Actor::from(&session.principal))
}

/// Shows the appeal the senior already holds, else claims the next one.
async fn claim_and_show(appeals: &Appeals, actor: &Actor) -> Result<HttpResponse, AppError> {
    let held = match appeals.held(actor).await? {
        Some(id) => Some(id),
        None => appeals.claim(actor).await?.map(|case| case.appeal.id),
    };
    Ok(show_claimed("/console/appeals", held))
}
