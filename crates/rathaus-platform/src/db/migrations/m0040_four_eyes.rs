use super::prelude::*;

migration!(|s| {
    // Four eyes on decisions (Vier-Augen-Prinzip): for the services an agency requires it, a
    // decision is proposed by one clerk and issued only when a second clerk approves it;
    // a proposal returned with reasons goes back to the first. At most one proposal per
    // case is open at a time.
    s.create_table(
        Table::create()
            .table("four_eyes_services")
            .col(s.text("agency_id").not_null())
            .col(s.text("service_id").not_null())
            // Off is kept as a row, so the demo's defaults never switch it on again.
            .col(s.boolean("required").not_null())
            .col(s.uuid("set_by").references("accounts"))
            .col(s.timestamp("set_at").not_null())
            .primary_key(Index::create().col("agency_id").col("service_id")),
    )
    .await?;

    s.create_table(
        Table::create()
            .table("decision_proposals")
            .col(s.uuid("id").primary_key())
            .col(s.uuid("application_id").not_null().references("applications"))
            .col(s.text("outcome").not_null())
            .col(s.text("title").not_null())
            .col(s.text("reasons").not_null())
            .col(s.text("remedy").not_null())
            .col(s.uuid("corrects").references("decisions"))
            .col(s.text("note").not_null().default(""))
            .col(s.uuid("proposed_by").not_null().references("accounts"))
            .col(s.timestamp("proposed_at").not_null())
            .col(
                s.text("state")
                    .not_null()
                    .check(Expr::cust("state IN ('open', 'returned', 'approved')")),
            )
            .col(s.uuid("answered_by").references("accounts"))
            .col(s.timestamp("answered_at"))
            .col(s.text("answer").not_null().default(""))
            .col(s.uuid("decision_id").references("decisions")),
    )
    .await?;
    s.create_index(
        Index::create()
            .name("decision_proposals_application")
            .table("decision_proposals")
            .col("application_id")
            .col("proposed_at"),
    )
    .await?;
    s.create_index(
        Index::create()
            .unique()
            .name("decision_proposals_one_open")
            .table("decision_proposals")
            .col("application_id")
            .and_where(Expr::cust("state = 'open'")),
    )
    .await?;

    // Who proposed an issued decision, where a second clerk approved it (then `issued_by`).
    s.add_column("decisions", s.uuid("proposed_by").references("accounts")).await
});
