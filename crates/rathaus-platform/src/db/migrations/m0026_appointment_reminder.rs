use super::prelude::*;

migration!(|s| {
    // A reminder goes out before a booked appointment (`appointments.reminder_hours_before`),
    // once per start time (`reminded_at`, cleared by a move). It carries its own link to move
    // or cancel (`reminder_token_hash`), beside the one of the confirmation mail, so the
    // earlier link keeps working; a move replaces both.
    s.add_column("appointments", &mut s.timestamp("reminded_at")).await?;
    s.add_column("appointments", &mut s.text("reminder_token_hash")).await?;
    s.create_index(
        Index::create()
            .name("appointments_reminder_token")
            .table("appointments")
            .unique()
            .col("reminder_token_hash"),
    )
    .await
});
