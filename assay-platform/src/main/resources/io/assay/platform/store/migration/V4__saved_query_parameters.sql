-- The typed parameters a saved query declares for the {{name}} placeholders of its SQL, as a JSON array of
-- {name, type, default, required}; NULL when it has none. Portable SQL: it runs on embedded H2 and on PostgreSQL.
ALTER TABLE saved_queries ADD COLUMN parameters_json VARCHAR(20000);
