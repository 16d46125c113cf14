// Kept by hand in step with migrations/{sqlite,postgres}: only types both backends share.

diesel::table! {
    api_tokens (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        created_by -> Text,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        subject_type -> Text,
        subject_id -> Text,
        detail -> Text,
    }
}
diesel::table! {
    figure_hours (queue, hour) {
        queue -> Text,
        hour -> BigInt,
        figures -> Text,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        kind -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        max_attempts -> Integer,
        run_after -> Timestamp,
        lease_owner -> Nullable<Text>,
        lease_expires_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    verifications (id) {
        id -> Text,
        provider_id -> Text,
        document_type -> Text,
        status -> Text,
        claimed -> Text,
        file_sha256 -> Text,
        file_type -> Text,
        file_size -> BigInt,
        idempotency_key -> Nullable<Text>,
        request_hash -> Text,
        submitted_by -> Text,
        precheck -> Nullable<Text>,
        risk_score -> Nullable<Integer>,
        business_number -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        case_id -> Text,
        flags -> Text,
        claimed_by -> Nullable<Text>,
        claimed_at -> Nullable<Timestamp>,
        claim_expires_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
        valid_until -> Nullable<Date>,
        renews -> Nullable<Text>,
        document_key -> Nullable<Text>,
    }
}

diesel::table! {
    decisions (id) {
        id -> Text,
        verification_id -> Text,
        case_id -> Text,
        reviewer -> Text,
        decision -> Text,
        reason_code -> Nullable<Text>,
        note -> Nullable<Text>,
        documents_requested -> Text,
        precheck_snapshot -> Nullable<Text>,
        risk_score -> Nullable<Integer>,
        claimed_at -> Timestamp,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    second_reviews (id) {
        id -> Text,
        decision_id -> Text,
        verification_id -> Text,
        first_reviewer -> Text,
        first_reason -> Nullable<Text>,
        status -> Text,
        claimed_by -> Nullable<Text>,
        claimed_at -> Nullable<Timestamp>,
        claim_expires_at -> Nullable<Timestamp>,
        decision -> Nullable<Text>,
        reason_code -> Nullable<Text>,
        error_type -> Nullable<Text>,
        note -> Nullable<Text>,
        risk_score -> Integer,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    policy_versions (id) {
        id -> Text,
        name -> Text,
        version -> BigInt,
        content_hash -> Text,
        source -> Text,
        created_at -> Timestamp,
        created_by -> Text,
    }
}

diesel::table! {
    policy_activations (id) {
        id -> Text,
        policy_version_id -> Text,
        activated_at -> Timestamp,
        activated_by -> Text,
        reason -> Text,
    }
}

diesel::table! {
    policy_proposals (id) {
        id -> Text,
        kind -> Text,
        name -> Text,
        version -> BigInt,
        content_hash -> Text,
        source -> Text,
        reason -> Text,
        proposed_by -> Text,
        proposed_at -> Timestamp,
        status -> Text,
        closed_by -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
        close_reason -> Nullable<Text>,
        report -> Text,
        shadow_started_at -> Nullable<Timestamp>,
        shadow_stopped_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    policy_approvals (proposal_id, approved_by) {
        proposal_id -> Text,
        approved_by -> Text,
        approved_at -> Timestamp,
    }
}

diesel::table! {
    policy_shadow_verdicts (proposal_id, scan_id) {
        proposal_id -> Text,
        scan_id -> Text,
        created_at -> Timestamp,
        action_before -> Text,
        action_after -> Text,
        categories_before -> Text,
        categories_after -> Text,
    }
}

diesel::table! {
    scans (id) {
        id -> Text,
        surface -> Text,
        user_id -> Text,
        content_id -> Text,
        content -> Text,
        action -> Text,
        matches -> Text,
        rules -> Text,
        policy_version -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    scan_terms (scan_id, category, term) {
        scan_id -> Text,
        category -> Text,
        term -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    violations (id) {
        id -> Text,
        user_id -> Text,
        category -> Text,
        scan_id -> Nullable<Text>,
        created_at -> Timestamp,
        sanction_id -> Nullable<Text>,
        voided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sanctions (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        category -> Nullable<Text>,
        rule -> Text,
        scan_id -> Nullable<Text>,
        policy_version -> Nullable<BigInt>,
        starts_at -> Timestamp,
        ends_at -> Nullable<Timestamp>,
        appealable -> Bool,
        lifted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        reason -> Text,
        action_id -> Nullable<Text>,
    }
}

diesel::table! {
    moderation_items (id) {
        id -> Text,
        status -> Text,
        claimed_by -> Nullable<Text>,
        claimed_at -> Nullable<Timestamp>,
        claim_expires_at -> Nullable<Timestamp>,
        risk_score -> Integer,
        created_at -> Timestamp,
        surface -> Text,
        content_id -> Text,
        user_id -> Text,
        source -> Text,
        scan_id -> Nullable<Text>,
        matches -> Text,
        policy_version -> Nullable<BigInt>,
        reporters -> Integer,
        snapshot -> Nullable<Text>,
        tier -> Text,
    }
}

diesel::table! {
    appeals (id) {
        id -> Text,
        case_type -> Text,
        case_id -> Text,
        user_id -> Text,
        statement -> Text,
        submitted_by -> Text,
        status -> Text,
        claimed_by -> Nullable<Text>,
        claimed_at -> Nullable<Timestamp>,
        claim_expires_at -> Nullable<Timestamp>,
        risk_score -> Integer,
        created_at -> Timestamp,
        original_actor -> Text,
        original_rule -> Text,
        original_category -> Nullable<Text>,
        outcome -> Nullable<Text>,
        decided_by -> Nullable<Text>,
        decision_note -> Nullable<Text>,
        reduced_ends_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        owner_type -> Text,
        owner_id -> Text,
        position -> Integer,
        file_sha256 -> Text,
        file_type -> Text,
        file_size -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        item_id -> Text,
        reporter_id -> Text,
        surface -> Text,
        content_id -> Text,
        author_id -> Text,
        snapshot -> Text,
        reason -> Text,
        details -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    moderation_actions (id) {
        id -> Text,
        item_id -> Text,
        actor_id -> Text,
        action -> Text,
        reason -> Text,
        rule -> Text,
        sanction_id -> Nullable<Text>,
        created_at -> Timestamp,
        claimed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    staff_accounts (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        role -> Text,
        password_hash -> Text,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        created_by -> Text,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    staff_sessions (id) {
        id -> Text,
        token_hash -> Text,
        staff_id -> Text,
        csrf_token -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(policy_activations -> policy_versions (policy_version_id));
diesel::joinable!(policy_approvals -> policy_proposals (proposal_id));
diesel::joinable!(decisions -> verifications (verification_id));
diesel::joinable!(second_reviews -> decisions (decision_id));
diesel::joinable!(reports -> moderation_items (item_id));
diesel::joinable!(moderation_actions -> moderation_items (item_id));
diesel::joinable!(staff_sessions -> staff_accounts (staff_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    audit_log,
    jobs,
    verifications,
    decisions,
    second_reviews,
    policy_versions,
    policy_activations,
    policy_proposals,
    policy_approvals,
    policy_shadow_verdicts,
    scans,
    scan_terms,
    violations,
    sanctions,
    moderation_items,
    reports,
    moderation_actions,
    appeals,
    attachments,
    staff_accounts,
    staff_sessions,
);
