-- The queues' figures for each closed hour (UTC), so the dashboard's long windows read a row an
-- hour instead of every arrival and decision. A cache of the raw tables: rows are made from them
-- on first read and dropped when a decision in their hour is withdrawn; deleting any of them is
-- always safe.
CREATE TABLE figure_hours (
    queue TEXT NOT NULL,
    hour BIGINT NOT NULL,
    figures TEXT NOT NULL,
    PRIMARY KEY (queue, hour)
);
