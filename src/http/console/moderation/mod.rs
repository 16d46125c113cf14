//! The moderation queue in the console: flagged and reported content with the matches marked, the
//! author's history and standing, and one-key actions.

pub mod act;
pub mod claim;
pub mod index;
pub mod show;

use actix_web::HttpResponse;

use super::page::see_other;
use crate::audit::Actor;
use crate::auth::staff::Session;
use crate::auth::Role;
use crate::error::AppError;
use crate::moderation::Moderation;

fn moderator(session: &Session) -> Result<Actor, AppError> {
    session.principal.require(&[Role::Reviewer])?;
    Ok(Actor::from(&session.principal))
}

/// Claims the next item (seniors also get takedown requests) and shows it.
async fn claim_and_show(moderation: &Moderation, session: &Session) -> Result<HttpResponse, AppError> {
    let actor = moderator(session)?;
    Ok(match moderation.claim(&actor, session.principal.role.grants(Role::Senior)).await? {
        Some(item) => see_other(&format!("/console/moderation/{}", item.id)),
        None => see_other("/console/moderation?empty=1"),
    })
}
