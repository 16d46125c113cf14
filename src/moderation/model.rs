//! The names of moderation: why users report, and what staff do about it.

use crate::policy::model::{SanctionKind, Severity};

crate::named_enum!(
    /// Why a user reported content.
    ReportReason {
        OffPlatform => "off_platform",
        Fraud => "fraud",
        Abuse => "abuse",
        SexualContent => "sexual_content",
        Spam => "spam",
        FakeReview => "fake_review",
        Other => "other",
        /// A provider asks for a customer's review to be taken down; needs a signed request and
        /// evidence as attachments, and only seniors decide it.
        ReviewTakedown => "review_takedown",
    }
);

impl ReportReason {
    /// How bad the content would be if the report is right, on the scanner's scale.
    pub fn severity(self) -> Severity {
        match self {
            Self::Fraud | Self::SexualContent => Severity::Critical,
            Self::OffPlatform | Self::Abuse | Self::ReviewTakedown => Severity::High,
            Self::Spam | Self::FakeReview => Severity::Medium,
            Self::Other => Severity::Low,
        }
    }

    /// The shipped policy's category for what the reporter describes, where there is one.
    pub fn category(self) -> Option<&'static str> {
        match self {
            Self::OffPlatform => Some("off_platform_contact"),
            Self::Fraud => Some("fraud"),
            Self::Abuse => Some("harassment"),
            Self::SexualContent => Some("sexual"),
            Self::Spam | Self::FakeReview | Self::Other | Self::ReviewTakedown => None,
        }
    }
}

crate::named_enum!(
    /// What the claimer of a moderation item does with it.
    StaffAction {
        Dismiss => "dismiss",
        Warn => "warn",
        Hide => "hide",
        Restrict => "restrict",
        Suspend => "suspend",
        Ban => "ban",
    }
);

impl StaffAction {
    /// The sanction the action imposes on the author, if any.
    pub fn sanction(self) -> Option<SanctionKind> {
        match self {
            Self::Dismiss | Self::Hide => None,
            Self::Warn => Some(SanctionKind::Warn),
            Self::Restrict => Some(SanctionKind::Restrict),
            Self::Suspend => Some(SanctionKind::Suspend),
            Self::Ban => Some(SanctionKind::Ban),
        }
    }

    /// Whether the action needs a duration (restrict and suspend end by themselves).
    pub fn needs_duration(self) -> bool {
        matches!(self, Self::Restrict | Self::Suspend)
    }
}

crate::named_enum!(
    /// What an appeal asks to be looked at again.
    CaseType {
        Sanction => "sanction",
        Verification => "verification",
    }
);

crate::named_enum!(
    /// A senior's answer to an appeal.
    AppealOutcome {
        /// The decision stands.
        Uphold => "uphold",
        /// The sanction is lifted, or the verification goes back to the review queue.
        Overturn => "overturn",
        /// The sanction ends sooner.
        Reduce => "reduce",
    }
);
