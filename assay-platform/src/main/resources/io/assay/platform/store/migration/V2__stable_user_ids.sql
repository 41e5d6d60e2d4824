-- Users get stable ids: grants name the user's id, never the name, so a user deleted and created
-- again under the same name starts with nothing. Audit records keep the actor's id and the token used.
-- Portable SQL: it runs on embedded H2 and on PostgreSQL.

ALTER TABLE users ADD COLUMN id VARCHAR(80);
-- Users made before ids existed keep an id derived once from their name; it does not change after this.
UPDATE users SET id = 'legacy-' || name WHERE id IS NULL;
ALTER TABLE users ALTER COLUMN id SET NOT NULL;
CREATE UNIQUE INDEX users_id ON users (id);

-- Who owns and who may read or write each dataset: grantee_id is a user's id, or '*' for everyone.
CREATE TABLE dataset_grants (
    dataset    VARCHAR(255) NOT NULL,
    grantee_id VARCHAR(80)  NOT NULL,
    access     VARCHAR(8)   NOT NULL,
    granted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (dataset, grantee_id)
);
CREATE INDEX dataset_grants_grantee ON dataset_grants (grantee_id);

-- Grants to names that no longer have a user (left behind by deletions) are dropped, not carried over.
INSERT INTO dataset_grants (dataset, grantee_id, access, granted_at)
    SELECT a.dataset, '*', a.access, a.granted_at FROM dataset_access a WHERE a.grantee = '*';
INSERT INTO dataset_grants (dataset, grantee_id, access, granted_at)
    SELECT a.dataset, u.id, a.access, a.granted_at FROM dataset_access a JOIN users u ON u.name = a.grantee;
DROP TABLE dataset_access;

ALTER TABLE audit_log ADD COLUMN actor_id VARCHAR(80);
ALTER TABLE audit_log ADD COLUMN token_id VARCHAR(32);
UPDATE audit_log SET actor_id = (SELECT u.id FROM users u WHERE u.name = audit_log.actor) WHERE actor IS NOT NULL;

-- A kept result remembers the datasets it read, so that every page is checked against the caller's
-- access at that moment (a revoked grant ends access to results kept before).
ALTER TABLE query_results ADD COLUMN datasets VARCHAR(4000);
