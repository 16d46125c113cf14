use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::reviewer;
use super::view::ItemView;
use crate::auth::names::Names;
use crate::auth::staff::Session;
use crate::http::console::page::{self, Chrome, ConsoleError};
use crate::http::extract::path_id;
use crate::verification::items;
use crate::verification::review::Review;

#[derive(Template)]
#[template(path = "console/review_item.html")]
pub struct ItemPage {
    pub chrome: Chrome,
    pub item: ItemView,
}

/// One item: the document with the OCR boxes over it, claimed against read values, the flags,
/// the provider's earlier submissions and, for its holder, the decision forms.
pub async fn show(
    req: HttpRequest,
    session: Session,
    review: web::Data<Review>,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = reviewer(&session)?;
    let verification = items::find(&review.db, &actor, path_id(&path, "verification")?).await?;
    let chrome = Chrome::new(&req, Some(&session), "/console/review");
    let names = Names::load(&review.db).await?;
    let item = ItemView::new(verification, &actor, chrome.lang, &names);
    page::render(&ItemPage { chrome, item })
}
