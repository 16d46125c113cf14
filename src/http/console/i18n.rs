//! The console's words in Korean (the default) and English. One struct per language, so a missing
//! translation is a compile error rather than a blank on the page.

use actix_web::HttpRequest;

use crate::verification::precheck::checks::Flag;

pub const LANG_COOKIE: &str = "cp_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    pub fn of(req: &HttpRequest) -> Lang {
        match req.cookie(LANG_COOKIE) {
            Some(c) if c.value() == "en" => Lang::En,
            _ => Lang::Ko,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Ko => &KO,
            Lang::En => &EN,
        }
    }

    /// Picks the Korean or English of a pair kept elsewhere (reason catalogue, flags).
    pub fn pick<'a>(self, ko: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }
}

macro_rules! texts {
    ($($field:ident: $ko:literal, $en:literal;)*) => {
        pub struct Texts { $(pub $field: &'static str,)* }
        static KO: Texts = Texts { $($field: $ko,)* };
        static EN: Texts = Texts { $($field: $en,)* };
    };
}

texts! {
    product: "체크포인트", "Checkpoint";
    language_name: "한국어", "English";
    switch_language: "English", "한국어";
    sign_in: "로그인", "Sign in";
    sign_out: "로그아웃", "Sign out";
    username: "아이디", "Username";
    password: "비밀번호", "Password";
    home: "홈", "Home";
    review: "서류 검수", "Verification review";
    policy: "정책", "Policy";
    error: "오류", "Error";
    back: "돌아가기", "Go back";
    waiting: "대기", "Waiting";
    in_review: "검수 중", "In review";
    oldest_waiting: "가장 오래 기다린 항목", "Oldest waiting";
    by_document_type: "서류 종류별", "By document type";
    by_flag: "사전 점검 플래그별", "By pre-check flag";
    by_category: "분류별", "By category";
    category: "분류", "Category";
    claim_next: "다음 항목 가져오기", "Claim next";
    queue_empty: "대기 중인 항목이 없습니다.", "Nothing is waiting.";
    queue_empty_but_skipped: "건너뛴 항목 말고는 대기 중인 항목이 없습니다.", "Nothing is waiting but what you just skipped.";
    queue_empty_for_you: "지금 가져갈 수 있는 항목이 없습니다. 남은 대기 항목은 선임 검수자 전용이거나 당신이 처리한 건에 대한 것입니다.", "Nothing you may take is waiting: the items left are for seniors, or concern your own decisions.";
    document: "제출 서류", "Document";
    zoom_in: "확대", "Zoom in";
    zoom_out: "축소", "Zoom out";
    rotate: "회전", "Rotate";
    word_boxes: "인식 영역 표시", "Show OCR boxes";
    field: "항목", "Field";
    claimed_value: "신청 내용", "Claimed";
    extracted_value: "서류에서 읽은 값", "Read from the document";
    mismatch: "불일치", "Mismatch";
    not_read: "읽지 못함", "not read";
    flags: "사전 점검 결과", "Pre-check findings";
    no_flags: "특이 사항 없음", "Nothing flagged";
    risk: "위험도", "Risk";
    risk_from_flags: "(아래 점검 결과 점수의 합, 최대 100)", "(the findings' points below added up, at most 100)";
    earlier_submissions: "같은 고수의 이전 제출", "Earlier submissions by this provider";
    none: "없음", "None";
    decision: "결정", "Decision";
    approve: "승인", "Approve";
    reject: "반려", "Reject";
    request_more: "추가 서류 요청", "Request more";
    skip: "건너뛰기", "Skip";
    next: "다음", "Next";
    note: "메모 (고수에게 표시)", "Note (shown to the provider)";
    documents_requested: "요청할 서류 (한 줄에 하나, 고수에게 표시)", "Documents to ask for (one a line, shown to the provider)";
    choose_reason: "사유를 숫자 키로 고르세요", "Pick a reason by its number key";
    shortcuts: "단축키", "Shortcuts";
    shortcut_help: "A 승인 · R 반려 후 숫자 · M 추가 요청 후 숫자 · S 건너뛰기 · N 다음 · +/− 확대 · O 회전 · B 인식 영역", "A approve · R reject, then a number · M request more, then a number · S skip · N next · +/− zoom · O rotate · B OCR boxes";
    lease_until: "배정 만료", "Lease until";
    lease_lost: "배정이 만료되어 이 항목을 결정할 수 없습니다. 다음 항목을 가져오세요.", "Your lease ran out, so you can no longer decide this item. Claim the next one.";
    idle_notice: "한동안 입력이 없어 배정 연장을 멈췄습니다. 계속하려면 아무 키나 누르세요.", "Nothing happened here for a while, so the lease is no longer renewed. Press any key to keep it.";
    network_error: "서버에 연결할 수 없습니다. 입력한 내용은 그대로 있습니다. 잠시 후 다시 보내세요.", "The server cannot be reached. What you entered is kept; send it again in a moment.";
    provider: "고수", "Provider";
    document_type: "서류 종류", "Document type";
    submitted_at: "제출 시각", "Submitted";
    status: "상태", "Status";
    ocr_confidence: "OCR 신뢰도", "OCR confidence";
    active_policy: "적용 중인 정책", "Active policy";
    policy_history: "정책 이력", "Policy history";
    version: "버전", "Version";
    activated_at: "적용 시각", "Activated";
    activated_by: "적용한 사람", "Activated by";
    terms: "금칙어", "Terms";
    rules: "규칙", "Rules";
    forbidden: "이 페이지를 볼 권한이 없습니다.", "You may not open this page.";
    not_found: "찾을 수 없습니다.", "Not found.";
    signed_in_as: "로그인 사용자", "Signed in as";
    business_number: "사업자등록번호", "Business number";
    business_name: "상호", "Business name";
    representative: "대표자", "Representative";
    opened_on: "개업연월일", "Opened on";
    license_name: "면허·자격 종류", "Licence";
    license_number: "면허·신고 번호", "Licence number";
    valid_until: "유효기간", "Valid until";
    not_held: "이 항목은 지금 당신에게 배정되어 있지 않아 볼 수만 있습니다.", "You do not hold this item; you can only look at it.";
    open_document: "서류 열기", "Open the document";
    decisions_made: "결정 이력", "Decisions";
    my_work_today: "오늘 나의 처리 건수", "My decisions today";
    moderation: "모니터링", "Moderation";
    content: "내용", "Content";
    reports: "신고", "Reports";
    reporters: "신고자 수", "Reporters";
    source: "출처", "Source";
    author: "작성자", "Author";
    user_history: "이용자 이력", "The user's history";
    standing: "현재 이용 가능 여부", "Standing now";
    may_chat: "채팅", "Chat";
    may_quote: "견적 발송", "Send quotes";
    may_list: "노출", "Be listed";
    allowed: "가능", "allowed";
    blocked: "제한", "blocked";
    violations: "위반 횟수 (분류별)", "Violations per category";
    sanctions: "제재 이력", "Sanctions";
    prior_items: "이전 모니터링 항목", "Earlier moderation items";
    appeals_made: "소명 이력", "Appeals made";
    lifted: "해제됨", "lifted";
    action: "조치", "Action";
    dismiss: "문제 없음", "Dismiss";
    score_why: "학습 점수를 높인 글자쌍 (␣ 는 낱말의 처음이나 끝)", "Letter pairs that raised the learned score (␣ marks a word's start or end)";
    warn: "경고", "Warn";
    hide: "숨김", "Hide";
    restrict: "이용 제한", "Restrict";
    suspend: "정지", "Suspend";
    ban: "영구 정지", "Ban";
    rule: "적용 규칙", "Rule";
    reason: "사유 (이용자에게 표시)", "Reason (shown to the user)";
    default_reason: "운영정책 위반", "Breach of the marketplace policy";
    duration_days: "기간 (일)", "Days";
    confirm_ban: "영구 정지합니까?", "Ban permanently?";
    appeals: "소명 검토", "Appeals";
    appeal: "소명", "Appeal";
    appeal_pending: "검토 대기", "waiting for a senior";
    appeals_on_item: "이 서류에 대한 고수의 소명", "The provider's appeals against this item";
    second_reviews: "2차 검수", "Second reviews";
    dashboard: "현황", "Dashboard";
    appeal_title: "소명하기", "Appeal a decision";
    appeal_intro_sanction: "받으신 제재에 대해 사정을 설명하고 증빙 자료를 올려 주세요. 담당자가 검토 후 결과를 알려 드립니다.", "Tell us your side of the sanction and attach evidence. A member of staff will review it and let you know.";
    appeal_intro_verification: "서류 반려에 대해 사정을 설명하고 증빙 자료를 올려 주세요. 담당자가 검토 후 결과를 알려 드립니다.", "Tell us why the rejection of your document was wrong and attach evidence. A member of staff will review it and let you know.";
    submit_appeal: "소명 제출", "Submit the appeal";
    appeal_filed: "소명이 접수되었습니다. 검토 결과는 알림으로 알려 드립니다.", "Your appeal has been received. We will notify you of the outcome.";
    reload_policy: "정책 파일 다시 읽기", "Reload the policy file";
    compare_versions: "버전 비교", "Compare versions";
    compare: "비교", "Compare";
    no_changes: "바뀐 것이 없습니다.", "Nothing changed.";
    backtest: "후보 정책 시험 (백테스트)", "Backtest a candidate policy";
    backtest_help: "후보 정책 파일을 붙여 넣으면 지난 7일간 저장된 검사 내용을 적용 중인 정책과 후보로 각각 다시 판정해 달라지는 결과를 보여 줍니다. 적용되지는 않습니다.", "Paste a candidate policy file: the last 7 days of stored scans are judged again under the active policy and the candidate, and what would change is shown. Nothing is activated.";
    run_backtest: "시험하기", "Run the backtest";
    propose: "변경 제안", "Propose this change";
    proposal_reason: "변경 이유 (제안할 때)", "Why (to propose)";
    proposals: "정책 변경 제안", "Policy proposals";
    proposals_help: "제안은 다른 운영 담당자가 승인해야 적용됩니다. 섀도 모드에서는 후보 정책이 실시간 검사를 함께 판정하지만 조치는 하지 않습니다.", "A proposal goes live once another ops person approves it. In shadow mode the candidate judges live scans beside the active policy without acting.";
    no_proposals: "제안이 없습니다.", "No proposals.";
    proposed_by: "제안자", "Proposed by";
    approvals_given: "승인", "Approvals";
    withdraw: "철회", "Withdraw";
    close_reason: "사유", "Why";
    own_proposal: "직접 올린 제안은 다른 사람이 승인해야 합니다.", "Someone else must approve your proposal.";
    impact: "영향", "Impact";
    items_per_day: "검토 항목/일", "Items to review a day";
    reviewer_hours: "검토 시간/일 (중앙 처리 시간 기준)", "Reviewer-hours a day (at the median handle time)";
    no_handle_time: "처리 시간 기록 없음", "no handle times recorded";
    auto_sanctions: "자동 제재", "Automatic sanctions";
    users_crossing: "새로 누적 단계에 이르는 사용자", "Users newly reaching a frequency step";
    shadow_on: "섀도 모드 시작", "Run in shadow mode";
    shadow_off: "섀도 모드 중지", "Stop shadow mode";
    shadow_running: "섀도 모드 실행 중", "In shadow mode";
    shadow_scans: "실시간 검사", "Live scans";
    would_change: "판정이 달라졌을 검사", "Would have decided otherwise";
    active_only: "현재 정책만 조치 (후보는 허용)", "Active policy acted, candidate would allow";
    candidate_only: "후보만 조치 (현재 정책은 허용)", "Candidate would act, active policy allowed";
    dismissed: "기각", "Dismissed";
    acted: "조치", "Acted on";
    undecided: "미처리", "Undecided";
    precision: "정확도 (검토자 결정 기준, 최근 30일)", "Precision from moderators' decisions (30 days)";
    verdicts_change: "건의 판정이 달라집니다", "verdicts would change";
    changed: "달라짐", "Changed";
    hits_before: "현재 적중", "Hits now";
    hits_after: "후보 적중", "Hits with the candidate";
    examples: "예시", "Examples";
    overturn_rates: "적중 수와 소명 인용률 (최근 30일)", "Hits and overturn rates (30 days)";
    by_term: "용어별", "By term";
    hits: "적중", "Hits";
    by_rule: "규칙별", "By rule";
    appeals_decided: "소명 처리", "Appeals decided";
    overturn_rate: "취소율", "Overturned";
    roll_back_to: "이 버전 적용", "Activate this version";
    rollback_reason: "되돌리는 이유", "Why";
    confirm_activate: "적용 중인 정책을 바꿉니다:", "This replaces the active policy with";
    per_hour: "시간대별 (최근 2일)", "Per hour (2 days)";
    per_day: "일별 (최근 14일)", "Per day (14 days)";
    per_day_month: "일별 (최근 30일)", "Per day (30 days)";
    per_weekday: "요일별 (최근 4주)", "Per weekday (4 weeks)";
    per_month: "월별 (최근 12개월)", "Per month (12 months)";
    axis_hour: "시각 (KST)", "Hour (KST)";
    axis_day: "날짜 (KST)", "Day (KST)";
    axis_weekday: "요일 (KST)", "Weekday (KST)";
    axis_month: "월 (KST)", "Month (KST)";
    axis_items: "건수", "Items";
    axis_minutes: "분", "Minutes";
    axis_hours: "시간", "Hours";
    axis_share: "기한 내 처리 비율", "Share within target";
    queues: "대기열별 처리", "Per queue";
    time_median_p90: "결정까지 (중앙값 / 90%)", "To decision (median / p90)";
    within_target: "기한 내 처리", "Within target";
    by_kind: "처리 내용", "Actions";
    overturned_on_appeal: "소명으로 취소", "Overturned on appeal";
    median: "중앙값", "Median";
    p90: "90%", "p90";
    time_to_decision: "결정까지 걸린 시간", "Time to decision";
    within_target_per_bucket: "기한 내 처리 비율", "Share decided within target";
    per_active_hour: "시간당 (일한 시간)", "Per hour worked";
    per_active_day: "일당 (일한 날)", "Per day worked";
    output: "처리 추이", "Output";
    p90_handle_minutes: "처리 시간 (90%, 분)", "Handle time (p90, min)";
    backlog: "미처리", "Backlog";
    sla: "처리 기한 (SLA)", "Time targets (SLA)";
    sla_target: "기한", "Target";
    sla_breached: "기한 초과", "Past target";
    sla_due_within_hour: "1시간 안에 초과", "Past it within the hour";
    sla_oldest: "가장 오래된 항목 (접수 시각)", "Oldest (received)";
    received: "접수", "Received";
    decided: "처리", "Decided";
    volume: "처리량", "Volume";
    second_review_errors: "2차 검수 오류율", "Second-review error rate";
    reviewers: "검수자별", "Per reviewer";
    reviewer: "검수자", "Reviewer";
    median_handle_minutes: "처리 시간 (중앙값, 분)", "Handle time (median, min)";
    wrong_decision: "결정 오류", "Wrong decision";
    wrong_reason: "사유 오류", "Wrong reason";
    wrong_guidance: "안내 오류", "Wrong guidance";
    error_ratio: "오류율", "Error rate";
    guidance_wrong: "결정과 사유는 맞지만 안내가 잘못됨", "Decision and reason right, guidance wrong";
    statement: "이용자 소명", "The user's statement";
    evidence: "증빙 자료", "Evidence";
    attachment: "첨부", "Attachment";
    case: "대상", "Case";
    decided_by: "원 결정", "Decided by";
    uphold: "유지", "Uphold";
    overturn: "취소", "Overturn";
    reduce: "감경", "Reduce";
    reduce_to_days: "감경 시 기간 (시작일부터 일수)", "Reduce to (days from the start)";
    note_to_user: "이용자에게 보낼 답변", "Answer to the user";
    default_appeal_note: "제출하신 소명과 자료를 검토했습니다.", "We have reviewed your statement and evidence.";
}

/// The heading of a group of verification reasons in the picker.
pub fn reason_group(lang: Lang, group: &str) -> &'static str {
    let (ko, en) = match group {
        "image" => ("사진·스캔 상태", "The image"),
        "document" => ("서류 종류·기한", "The document"),
        "details" => ("입력 정보와 다름", "The details entered"),
        "standing" => ("사업자 상태·부정 사용", "The business's standing"),
        "missing" => ("빠진 서류", "Something missing"),
        _ => ("기타", "Other"),
    };
    lang.pick(ko, en)
}

/// What a pre-check flag means, for the reviewer; the flag's own message adds the specifics.
pub fn flag_text(lang: Lang, code: &str) -> &'static str {
    let (ko, en) = match code {
        "wrong_document_type" => (
            "신청한 종류와 다른 서류로 보입니다",
            "Looks like a different document than the one claimed",
        ),
        "document_type_unrecognised" => (
            "서류 종류를 확인할 만큼 읽지 못했습니다",
            "Too little was read to confirm the document type",
        ),
        "business_name_unread" => ("상호를 읽지 못했습니다", "The business name was not read"),
        "representative_unread" => (
            "대표자를 읽지 못했습니다",
            "The representative was not read",
        ),
        "license_number_unread" => (
            "면허·신고 번호를 읽지 못했습니다",
            "The licence number was not read",
        ),
        "opened_on_unread" => ("개업일을 읽지 못했습니다", "The opening date was not read"),
        "business_name_mismatch" => (
            "상호가 신청 내용과 다릅니다",
            "The business name differs from the claim",
        ),
        "representative_mismatch" => (
            "대표자가 신청 내용과 다릅니다",
            "The representative differs from the claim",
        ),
        "opened_on_mismatch" => (
            "개업일이 신청 내용과 다릅니다",
            "The opening date differs from the claim",
        ),
        "license_number_mismatch" => (
            "면허·신고 번호가 신청 내용과 다릅니다",
            "The licence number differs from the claim",
        ),
        "license_expired" => ("유효기간이 지났습니다", "The licence has expired"),
        "duplicate_file" => (
            "다른 고수가 같은 파일을 제출했습니다",
            "Another provider submitted the same file",
        ),
        "duplicate_document" => (
            "다른 고수가 먼저 제출한 서류와 같은 서류입니다",
            "The same document was submitted earlier by another provider",
        ),
        // Stored on items checked before duplicates were found by what was read.
        "near_duplicate_image" => (
            "다른 제출과 거의 같은 이미지입니다",
            "Nearly the same image as another submission",
        ),
        "business_number_verified_elsewhere" => (
            "이 사업자번호는 다른 고수에게 이미 승인되었습니다",
            "This business number is already approved for another provider",
        ),
        "image_too_small" => ("이미지가 너무 작습니다", "The image is too small"),
        "image_blurry" => ("이미지가 흐립니다", "The image is blurry"),
        "low_ocr_confidence" => ("글자를 읽기 어렵습니다", "The text is hard to read"),
        "number_unreadable" => (
            "사업자번호를 읽지 못했습니다",
            "The business number could not be read",
        ),
        "number_checksum_invalid" => (
            "사업자번호 검증번호가 맞지 않습니다 (오독 또는 위조)",
            "The business number fails its checksum (misread or forged)",
        ),
        "number_mismatch" => (
            "사업자번호가 신청 내용과 다릅니다",
            "The business number differs from the claim",
        ),
        "registrant_kind_mismatch" => (
            "개인/법인 구분이 서류와 다릅니다",
            "Individual vs corporation differs from the document",
        ),
        "precheck_failed" => (
            "사전 점검이 실패했습니다. 직접 확인하세요",
            "The pre-check failed; check by eye",
        ),
        "document_unreadable" => (
            "서류 파일을 열 수 없습니다",
            "The document could not be opened",
        ),
        "license_expiring" => ("자격증 유효기간이 곧 끝납니다", "The licence runs out soon"),
        _ => ("기타 점검 결과", "Other finding"),
    };
    lang.pick(ko, en)
}

/// A pre-check flag's specifics in the reviewer's language. English is the flag's own message;
/// in Korean the first wording whose facts the flag carries, with codes among them in words. A
/// flag stored before it carried facts keeps its English message.
pub fn flag_detail(lang: Lang, flag: &Flag) -> (Lang, String) {
    let wordings: &[&str] = match flag.code.as_str() {
        "wrong_document_type" => &["{declared_type}(으)로 신청했지만 {found_type}(으)로 읽힙니다 ({cues})", "{declared_type}(으)로 신청했지만 {found_type}(으)로 읽힙니다"],
        "document_type_unrecognised" => &["{declared_type}(으)로 신청했지만 제목·항목·발급기관을 읽지 못해 종류를 확인하지 못했습니다"],
        "business_name_mismatch" | "representative_mismatch" | "license_number_mismatch" => {
            &["서류에는 «{read}», 신청에는 «{claimed}»", "서류에서 읽지 못해 신청 값 «{claimed}»과(와) 비교하지 못했습니다"]
        }
        "business_name_unread" | "representative_unread" | "license_number_unread" | "opened_on_unread" => {
            &["서류에서 읽지 못해 신청 값 «{claimed}»과(와) 비교하지 못했습니다. 눈으로 확인하세요"]
        }
        "duplicate_document" => &["고수 {provider}이(가) 먼저 제출한 항목 {item}({file_type})과(와) 같은 서류입니다 (둘 다 {key}(으)로 읽힘)"],
        "opened_on_mismatch" => &["서류의 개업일 {read}, 신청 {claimed}"],
        "license_expired" => &["유효기간 {until}: 만료됨"],
        "license_expiring" => &["유효기간 {until}: 갱신했는지 확인하거나 새 서류를 요청하세요"],
        "duplicate_file" => &["고수 {provider}이(가) 같은 파일을 제출했습니다 (항목 {item})"],
        "near_duplicate_image" => &["고수 {provider}의 항목 {item}과(와) 거의 같은 이미지입니다 (64비트 중 {distance}비트 차이)"],
        "business_number_verified_elsewhere" => &["이 사업자번호는 고수 {provider}에게 이미 승인되었습니다 (항목 {item})"],
        "image_too_small" => &["{width}×{height} 픽셀: 제대로 읽기에 너무 작습니다"],
        "image_blurry" => &["흐립니다 (선명도 {sharpness}, 기준 {min})"],
        "low_ocr_confidence" => &["글자 인식 신뢰도 {confidence}% (기준 {min}%): 읽은 값을 눈으로 확인하세요"],
        "number_unreadable" => &["서류에서 사업자등록번호를 읽지 못했습니다"],
        "number_checksum_invalid" => &["읽은 번호 {read}의 검증번호가 맞지 않습니다: 잘못 읽었거나 위조입니다"],
        "number_mismatch" => &["서류에는 {read}, 신청에는 {claimed}"],
        "registrant_kind_mismatch" => &["번호는 {number_kind} 사업자의 것인데 서류는 {layout_kind} 양식입니다"],
        "precheck_failed" => &["자동 사전 점검이 {attempts}번 실패했습니다 ({error}). 서류를 직접 확인하세요"],
        "document_unreadable" => &["서류를 읽을 수 없습니다: {error}"],
        _ => &[],
    };
    let filled = (lang == Lang::Ko)
        .then(|| wordings.iter().find_map(|w| fill(w, flag)))
        .flatten();
    match filled {
        Some(text) => (Lang::Ko, text),
        None => (Lang::En, flag.message.clone()),
    }
}

/// `wording` with each `{fact}` replaced, or none when the flag lacks one of them.
fn fill(wording: &str, flag: &Flag) -> Option<String> {
    let mut text = String::new();
    let mut rest = wording;
    while let Some(start) = rest.find('{') {
        let end = start + rest[start..].find('}')?;
        let fact = &rest[start + 1..end];
        let value = flag.facts.get(fact)?;
        text.push_str(&rest[..start]);
        // Document types and registrant kinds are codes; the rest are values read or typed.
        text.push_str(if fact.ends_with("_type") || fact.ends_with("_kind") {
            in_words(Lang::Ko, value)
        } else {
            value
        });
        rest = &rest[end + 1..];
    }
    text.push_str(rest);
    Some(text)
}

/// What an error means for the person at the console, for the codes its pages can meet.
pub fn error_text(lang: Lang, code: &str) -> Option<&'static str> {
    let (ko, en) = match code {
        "forbidden" => (
            "이 작업을 할 수 없습니다. 권한이 없거나 페이지가 오래되었습니다. 새로 고친 뒤 다시 시도하세요.",
            "You may not do this: it needs another role, or the page is stale. Reload it and try again.",
        ),
        "not_found" => ("찾을 수 없습니다.", "Not found."),
        "not_claimed" => ("이 항목은 지금 당신에게 배정되어 있지 않습니다. 다음 항목을 가져오세요.", "You no longer hold this item; claim the next one."),
        "claim_expired" => ("배정이 만료되었습니다. 다시 가져오세요.", "Your lease ran out; claim the item again."),
        "second_review_in_progress" => ("2차 검수 중인 항목이라 지금은 열 수 없습니다.", "This item is in a blind second review and cannot be opened now."),
        "reason_required" => ("사유를 고르세요.", "Pick a reason."),
        "unknown_reason" | "reason_not_allowed" => ("이 결정에 쓸 수 없는 사유입니다.", "That reason does not go with this decision."),
        "documents_required" => ("요청할 서류를 한 줄에 하나씩 적으세요.", "Name the documents to ask for, one a line."),
        "unexpected_documents" => ("서류 요청은 추가 서류 요청에만 씁니다.", "Documents go with a request for more only."),
        "note_too_long" | "invalid_note" => ("메모가 너무 깁니다 (2,000자까지).", "The note is too long (2,000 characters at most)."),
        "invalid_reason" => ("사유를 적으세요 (너무 길면 안 됩니다).", "Say why (and not at too great a length)."),
        "invalid_rule" | "unknown_rule" => ("적용 규칙이 정책에 없습니다. 목록에서 고르세요.", "That rule is not in the policy; pick one from the list."),
        "invalid_duration" => (
            "기간(일)을 확인하세요. 이용 제한·정지와 감경에는 1일 이상의 기간이 필요하고, 감경은 지금보다 짧아야 합니다.",
            "Check the number of days: restrict, suspend and reduce need 1 or more, and a reduction must end the sanction sooner.",
        ),
        "invalid_outcome" => ("이 소명에 쓸 수 없는 결정입니다.", "That outcome does not fit this appeal."),
        "invalid_policy" => ("정책 파일에 오류가 있습니다.", "The policy file has errors."),
        "version_exists" => ("같은 버전 번호의 다른 정책이 이미 있습니다. 버전을 올리세요.", "Another file already has this version number; raise the version."),
        "four_eyes_required" => ("직접 올린 제안은 다른 운영 담당자가 승인하거나 반려해야 합니다. 철회는 할 수 있습니다.", "Another ops person must approve or reject your proposal; you may withdraw it."),
        "not_proposer" => ("제안한 사람만 철회할 수 있습니다. 반려하세요.", "Only the proposer may withdraw it; reject it instead."),
        "proposal_closed" => ("이미 처리된 제안입니다. 페이지를 새로 고치세요.", "This proposal is closed already; reload the page."),
        "already_approved" => ("이미 승인했습니다.", "You have approved it already."),
        "proposal_exists" => ("같은 버전의 제안이 이미 대기 중입니다.", "A proposal of this version is pending already."),
        "already_active" => ("이 버전은 이미 적용 중입니다.", "This version is active already."),
        "policy_file_unreadable" => ("정책 파일을 읽을 수 없습니다.", "The policy file cannot be read."),
        "no_policy_file" => ("이 서버에는 정책 파일이 설정되어 있지 않습니다.", "This server has no policy file configured."),
        "invalid_id" | "invalid_path" => ("잘못된 주소입니다.", "That address is not valid."),
        "payload_too_large" => ("보낸 내용이 너무 큽니다.", "What was sent is too large."),
        "database_unavailable" => ("데이터베이스에 연결할 수 없습니다. 잠시 후 다시 시도하세요.", "The database cannot be reached; try again in a moment."),
        _ => return None,
    };
    Some(lang.pick(ko, en))
}

/// A code in the page's words, or the code itself where it has none.
pub fn in_words(lang: Lang, code: &str) -> &str {
    word(lang, code).unwrap_or(code)
}

/// The words for the codes pages show: document types, statuses, report reasons, staff actions,
/// appeal outcomes and the shipped policy's categories.
pub fn word(lang: Lang, code: &str) -> Option<&'static str> {
    let (ko, en) = match code {
        "business_registration" => ("사업자등록증", "Business registration"),
        "business_report" => ("영업신고증", "Business report"),
        "license" => ("자격증·면허", "Licence"),
        "prechecking" => ("사전 점검 중", "Pre-checking"),
        "pending_review" => ("대기", "Waiting"),
        "in_review" => ("검수 중", "In review"),
        "approved" => ("승인", "Approved"),
        "rejected" => ("반려", "Rejected"),
        "pending" => ("승인 대기", "Pending"),
        "activated" => ("적용됨", "Activated"),
        "withdrawn" => ("철회됨", "Withdrawn"),
        "needs_more" => ("추가 서류 요청", "More requested"),
        "done" => ("처리 완료", "Done"),
        "upheld" | "uphold" => ("유지", "Upheld"),
        "overturned" | "overturn" => ("취소", "Overturned"),
        "reduced" | "reduce" => ("감경", "Reduced"),
        "approve" => ("승인", "Approve"),
        "reject" => ("반려", "Reject"),
        "request_more" => ("추가 서류 요청", "Request more"),
        "off_platform" => ("외부 거래 유도", "Off-platform dealing"),
        "fraud" => ("사기", "Fraud"),
        "abuse" => ("욕설·괴롭힘", "Abuse"),
        "sexual_content" => ("음란·성적 내용", "Sexual content"),
        "spam" => ("스팸", "Spam"),
        "fake_review" => ("허위 리뷰", "Fake review"),
        "other" => ("기타", "Other"),
        "review_takedown" => ("리뷰 삭제 요청", "Review takedown"),
        "dismiss" => ("문제 없음", "Dismissed"),
        "warn" => ("경고", "Warning"),
        "hide" => ("숨김", "Hidden"),
        "restrict" => ("이용 제한", "Restriction"),
        "suspend" => ("정지", "Suspension"),
        "ban" => ("영구 정지", "Ban"),
        "scan" => ("자동 검사", "Scanner"),
        "report" => ("신고", "Report"),
        "chat" => ("채팅", "Chat"),
        "request" => ("요청서", "Request"),
        "profile" => ("프로필", "Profile"),
        "review" => ("리뷰", "Review"),
        "sanction" => ("제재", "Sanction"),
        "verification" => ("서류 검수", "Verification"),
        "moderation" => ("모니터링", "Moderation"),
        "appeals" => ("소명", "Appeals"),
        "second_reviews" => ("2차 검수", "Second reviews"),
        "corporate" => ("법인", "Corporate"),
        "individual" => ("개인", "Individual"),
        "mon" => ("월", "Mon"),
        "tue" => ("화", "Tue"),
        "wed" => ("수", "Wed"),
        "thu" => ("목", "Thu"),
        "fri" => ("금", "Fri"),
        "sat" => ("토", "Sat"),
        "sun" => ("일", "Sun"),
        "off_platform_contact" => ("외부 연락처", "Off-platform contact"),
        "off_platform_payment" => ("외부 결제", "Off-platform payment"),
        "profanity" => ("욕설", "Profanity"),
        "insult" => ("모욕", "Insult"),
        "harassment" => ("괴롭힘", "Harassment"),
        "sexual" => ("성적 내용", "Sexual"),
        "discrimination" => ("차별", "Discrimination"),
        "abuse_score" => ("학습 점수", "Learned score"),
        _ => return None,
    };
    Some(lang.pick(ko, en))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verification::precheck::checks::Severity;

    #[test]
    fn every_shipped_category_reads_in_words() {
        let policy = crate::policy::file::parse(&crate::policy::default_policy()).unwrap();
        for category in &policy.categories {
            assert_ne!(
                in_words(Lang::Ko, &category.id),
                category.id,
                "{} has no Korean name",
                category.id
            );
        }
    }

    #[test]
    fn flag_details_read_in_korean_with_their_facts() {
        let flag = Flag::new(
            "number_mismatch",
            Severity::High,
            "the document says 124-81-00998, the claim 220-81-62517",
        )
        .with("read", "124-81-00998")
        .with("claimed", "220-81-62517");
        assert_eq!(
            flag_detail(Lang::Ko, &flag),
            (
                Lang::Ko,
                "서류에는 124-81-00998, 신청에는 220-81-62517".to_owned()
            )
        );
        assert_eq!(flag_detail(Lang::En, &flag).1, flag.message);
        let unread = Flag::new(
            "business_name_mismatch",
            Severity::Low,
            "business name could not be read",
        )
        .with("claimed", "숨고");
        assert_eq!(
            flag_detail(Lang::Ko, &unread).1,
            "서류에서 읽지 못해 신청 값 «숨고»과(와) 비교하지 못했습니다"
        );
        let kind = Flag::new("wrong_document_type", Severity::High, "")
            .with("declared_type", "license")
            .with("found_type", "business_report");
        assert_eq!(
            flag_detail(Lang::Ko, &kind).1,
            "자격증·면허(으)로 신청했지만 영업신고증(으)로 읽힙니다"
        );
        let stored_before_facts = Flag::new(
            "image_blurry",
            Severity::Medium,
            "blurry (sharpness 80, below 150)",
        );
        assert_eq!(
            flag_detail(Lang::Ko, &stored_before_facts),
            (Lang::En, stored_before_facts.message.clone())
        );
    }
}
