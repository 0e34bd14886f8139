use super::prelude::*;

migration!(|s| {
    // How many cases each agency has in each state, kept by the database beside the
    // applications: the figures page reads a few rows per agency instead of counting an
    // agency's whole history from an index. Drafts are nobody's case and are not counted.
    // On PostgreSQL a count is spread over eight rows (by the last byte of the case's
    // random id), so cases of one agency changing state at the same time seldom wait for
    // each other's row; SQLite writes one at a time anyway and keeps one row.
    s.create_table(
        Table::create()
            .table("case_counts")
            .col(s.text("agency_id").not_null())
            .col(s.text("status").not_null())
            .col(s.integer("shard").not_null())
            .col(s.bigint("n").not_null())
            .primary_key(Index::create().col("agency_id").col("status").col("shard")),
    )
    .await?;
    s.per_database(
        "INSERT INTO case_counts (agency_id, status, shard, n) \
         SELECT agency_id, status, 0, COUNT(*) FROM applications \
         WHERE status <> 'draft' AND agency_id IS NOT NULL GROUP BY agency_id, status",
        "INSERT INTO case_counts (agency_id, status, shard, n) \
         SELECT agency_id, status, get_byte(uuid_send(id), 15) % 8, COUNT(*) FROM applications \
         WHERE status <> 'draft' AND agency_id IS NOT NULL GROUP BY 1, 2, 3",
    )
    .await?;
    s.per_database(
        r#"CREATE TRIGGER case_counts_on_insert AFTER INSERT ON applications
WHEN NEW.status <> 'draft' AND NEW.agency_id IS NOT NULL
BEGIN
    INSERT INTO case_counts (agency_id, status, shard, n) VALUES (NEW.agency_id, NEW.status, 0, 1)
    ON CONFLICT (agency_id, status, shard) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_counts_on_update AFTER UPDATE OF status, agency_id ON applications
WHEN OLD.status IS NOT NEW.status OR OLD.agency_id IS NOT NEW.agency_id
BEGIN
    INSERT INTO case_counts (agency_id, status, shard, n)
    SELECT OLD.agency_id, OLD.status, 0, -1 WHERE OLD.status <> 'draft' AND OLD.agency_id IS NOT NULL
    ON CONFLICT (agency_id, status, shard) DO UPDATE SET n = n - 1;
    INSERT INTO case_counts (agency_id, status, shard, n)
    SELECT NEW.agency_id, NEW.status, 0, 1 WHERE NEW.status <> 'draft' AND NEW.agency_id IS NOT NULL
    ON CONFLICT (agency_id, status, shard) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER case_counts_on_delete AFTER DELETE ON applications
WHEN OLD.status <> 'draft' AND OLD.agency_id IS NOT NULL
BEGIN
    INSERT INTO case_counts (agency_id, status, shard, n) VALUES (OLD.agency_id, OLD.status, 0, -1)
    ON CONFLICT (agency_id, status, shard) DO UPDATE SET n = n - 1;
END;"#,
        r#"CREATE FUNCTION case_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        IF OLD.status <> 'draft' AND OLD.agency_id IS NOT NULL THEN
            INSERT INTO case_counts (agency_id, status, shard, n)
            VALUES (OLD.agency_id, OLD.status, get_byte(uuid_send(OLD.id), 15) % 8, -1)
            ON CONFLICT (agency_id, status, shard) DO UPDATE SET n = case_counts.n - 1;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF NEW.status <> 'draft' AND NEW.agency_id IS NOT NULL THEN
            INSERT INTO case_counts (agency_id, status, shard, n)
            VALUES (NEW.agency_id, NEW.status, get_byte(uuid_send(NEW.id), 15) % 8, 1)
            ON CONFLICT (agency_id, status, shard) DO UPDATE SET n = case_counts.n + 1;
        END IF;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER case_counts_on_insert AFTER INSERT ON applications FOR EACH ROW
    WHEN (NEW.status <> 'draft' AND NEW.agency_id IS NOT NULL)
    EXECUTE FUNCTION case_counts_follow();
CREATE TRIGGER case_counts_on_update AFTER UPDATE OF status, agency_id ON applications FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.agency_id IS DISTINCT FROM NEW.agency_id)
    EXECUTE FUNCTION case_counts_follow();
CREATE TRIGGER case_counts_on_delete AFTER DELETE ON applications FOR EACH ROW
    WHEN (OLD.status <> 'draft' AND OLD.agency_id IS NOT NULL)
    EXECUTE FUNCTION case_counts_follow();"#,
    )
    .await?;

    // The queue counts every case of an agency but drafts and erased ones from an index
    // holding what it asks, instead of visiting each case's row (up to ten thousand of
    // them, queue::COUNT_CAP) for its state and whether it was erased.
    s.create_index(
        Index::create()
            .name("applications_agency_status")
            .table("applications")
            .col("agency_id")
            .col("status")
            .col("erased_at"),
    )
    .await?;

    // The lead times read when each case came in beside when it was first decided, from
    // the index alone: without the submission time in it, every decision of the year
    // meant a visit to its case's row.
    s.sql("DROP INDEX applications_decided").await?;
    s.create_index(
        Index::create()
            .name("applications_decided")
            .table("applications")
            .col("agency_id")
            .col("decided_at")
            .col("submitted_at"),
    )
    .await
});
