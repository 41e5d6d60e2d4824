-- Saved charts ("questions"): a saved query (by reference) or SQL of their own, and a chart spec (JSON: type, encodings,
-- aggregation, colours, title). The last result of a run with the default parameters is kept, with the datasets it
-- read, so that serving it again checks the caller may still read every one of them. Portable SQL: H2 and PostgreSQL.
CREATE TABLE saved_charts (
    id               VARCHAR(32)      NOT NULL PRIMARY KEY,
    owner            VARCHAR(64)      NOT NULL,
    name             VARCHAR(200)     NOT NULL,
    description      VARCHAR(2000),
    saved_query_id   VARCHAR(32),
    sql_text         VARCHAR(100000),
    parameters_json  VARCHAR(20000),
    spec_json        VARCHAR(20000)   NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    result_json      VARCHAR(10000000),
    result_datasets  VARCHAR(4000),
    result_at        TIMESTAMP WITH TIME ZONE
);
CREATE INDEX saved_charts_owner ON saved_charts (owner);

-- Who else may read or change a saved chart: grantee is a user's id, '*' for everyone, or 'role:<role>' for every
-- user whose role includes it (role:viewer is every signed-in user, role:analyst analysts and admins).
CREATE TABLE saved_chart_grants (
    chart_id   VARCHAR(32) NOT NULL,
    grantee    VARCHAR(80) NOT NULL,
    access     VARCHAR(8)  NOT NULL,
    granted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (chart_id, grantee)
);
CREATE INDEX saved_chart_grants_grantee ON saved_chart_grants (grantee);
