use actix_web::{web, HttpRequest, HttpResponse};

use super::senior;
use crate::auth::names::Names;
use crate::auth::staff::Session;
use crate::http::console::page::{self, Chrome, ConsoleError};
use crate::http::console::review::show::ItemPage;
use crate::http::console::review::view::ItemView;
use crate::http::extract::path_id;
use crate::verification::review::Review;
use crate::verification::second_review;

/// The item page of verification review, blind: no status, no earlier decision on it.
pub async fn show(
    req: HttpRequest,
    session: Session,
    review: web::Data<Review>,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = senior(&session)?;
    let id = path_id(&path, "second review")?;
    let verification = second_review::held_item(&review.db, &actor, id.clone()).await?;
    let chrome = Chrome::new(&req, Some(&session), "/console/second-reviews");
    let names = Names::load(&review.db).await?;
    let mut item = ItemView::new(verification, &actor, chrome.lang, &names);
    item.held = true;
    item.blind = true;
    item.base = format!("/console/second-reviews/{id}");
    item.queue = "/console/second-reviews";
    page::render(&ItemPage { chrome, item })
}
