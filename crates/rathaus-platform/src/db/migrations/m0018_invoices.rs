use super::prelude::*;

migration!(|s| {
    // Invoices: a fee due after the decision is a payment with purpose `invoice`, open
    // from the decision on, due on `due_on` (a calendar day in Hamburg); the provider
    // holds it only once the person starts paying. `reminded_at` is set when the
    // reminder for an overdue invoice went out (once).
    s.add_column("payments", &mut s.date("due_on")).await?;
    s.add_column("payments", &mut s.timestamp("reminded_at")).await
});
