-- Each node asks every second for the records changed since its index's watermark:
-- without this index that question reads the whole table.
CREATE INDEX publications_modified ON publications (modified_at);
