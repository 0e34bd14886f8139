use super::prelude::*;

migration!(|s| {
    // The open cases, kept beside the applications by the database itself: one row per case
    // in an open state (cases::queue::OPEN), written by the triggers below on every insert,
    // state change, move to another agency or new due day, and removed with the case. The
    // CDO's cockpit counts open and overdue cases per agency from these few rows instead of
    // from the index of millions of applications, which PostgreSQL can read without the table
    // only where a vacuum has just passed. A new open state needs these triggers changed.
    s.create_table(
        Table::create()
            .table("open_cases")
            .col(s.uuid("application_id").primary_key().references_cascade("applications"))
            .col(s.text("agency_id").not_null())
            .col(s.date("due_on")),
    )
    .await?;

    s.sql(
        r#"INSERT INTO open_cases (application_id, agency_id, due_on)
SELECT id, agency_id, due_on FROM applications
WHERE status IN ('submitted', 'in_review', 'information_requested') AND agency_id IS NOT NULL;"#,
    )
    .await?;

    s.per_database(
        r#"CREATE TRIGGER open_cases_on_insert AFTER INSERT ON applications
WHEN NEW.status IN ('submitted', 'in_review', 'information_requested') AND NEW.agency_id IS NOT NULL
BEGIN
    INSERT INTO open_cases (application_id, agency_id, due_on) VALUES (NEW.id, NEW.agency_id, NEW.due_on);
END;

CREATE TRIGGER open_cases_on_update AFTER UPDATE OF status, agency_id, due_on ON applications
BEGIN
    DELETE FROM open_cases WHERE application_id = OLD.id;
    INSERT INTO open_cases (application_id, agency_id, due_on)
    SELECT NEW.id, NEW.agency_id, NEW.due_on
    WHERE NEW.status IN ('submitted', 'in_review', 'information_requested') AND NEW.agency_id IS NOT NULL;
END;"#,
        r#"CREATE FUNCTION open_cases_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM open_cases WHERE application_id = OLD.id;
    END IF;
    IF NEW.status IN ('submitted', 'in_review', 'information_requested') AND NEW.agency_id IS NOT NULL THEN
        INSERT INTO open_cases (application_id, agency_id, due_on) VALUES (NEW.id, NEW.agency_id, NEW.due_on);
    END IF;
    RETURN NULL;
END;
$$;
-- Inserts of closed cases (an import of history) do not call the function at all.
CREATE TRIGGER open_cases_on_insert AFTER INSERT ON applications FOR EACH ROW
    WHEN (NEW.status IN ('submitted', 'in_review', 'information_requested') AND NEW.agency_id IS NOT NULL)
    EXECUTE FUNCTION open_cases_follow();
CREATE TRIGGER open_cases_on_update AFTER UPDATE OF status, agency_id, due_on ON applications FOR EACH ROW
    EXECUTE FUNCTION open_cases_follow();"#,
    )
    .await
});
