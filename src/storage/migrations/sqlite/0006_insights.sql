-- Insights: privacy-first analytics. Raw events are kept for a short period (30 days by default)
-- and rolled up into daily aggregates; nothing here holds an IP address or a cookie.
--
-- insight_events: one row per thing that happened in front of an audience. actor_id is the
-- signed-in person (removed with their account); an anonymous viewer is only `visitor`, a hash of
-- IP + User-Agent under a salt that changes every day and is never written down, so yesterday's
-- hashes cannot be linked to anyone or to today's.
CREATE TABLE insight_events (
  id                INTEGER PRIMARY KEY,
  at                INTEGER NOT NULL,            -- ms since the epoch (UTC)
  day               INTEGER NOT NULL,            -- at / 86400000 (UTC day)
  kind              TEXT NOT NULL,               -- view, reaction, comment, post, follow, join, leave
  community_id      INTEGER,                     -- no foreign key: a deleted community's events age out
  post_id           INTEGER,
  actor_id          INTEGER,
  visitor           TEXT,                        -- anonymous viewers only
  target_account_id INTEGER,                     -- follow: who was followed
  detail            TEXT NOT NULL DEFAULT ''     -- reaction kind
) STRICT;
CREATE INDEX insight_events_community ON insight_events(community_id, day);
CREATE INDEX insight_events_post ON insight_events(post_id, kind);
CREATE INDEX insight_events_actor ON insight_events(actor_id);
CREATE INDEX insight_events_target ON insight_events(target_account_id);
CREATE INDEX insight_events_day ON insight_events(day);
-- A view counts once per viewer per post per day.
CREATE UNIQUE INDEX insight_views_once ON insight_events(post_id, day, COALESCE(actor_id, visitor)) WHERE kind = 'view';

-- Daily aggregates: counts and the number of distinct people behind them, never who.
-- scope 'c' = a community (scope_id its id), 'p' = a post.
CREATE TABLE insight_daily (
  scope    TEXT NOT NULL,
  scope_id INTEGER NOT NULL,
  day      INTEGER NOT NULL,
  metric   TEXT NOT NULL,
  detail   TEXT NOT NULL DEFAULT '',
  count    INTEGER NOT NULL,
  people   INTEGER NOT NULL,
  PRIMARY KEY (scope, scope_id, day, metric, detail)
) STRICT, WITHOUT ROWID;

-- Days whose aggregates are complete (every raw event of the day was present when they were made).
-- purged = 1 once the day's raw events were deleted: from then on the aggregates are all there is.
CREATE TABLE insight_rollups (
  day       INTEGER PRIMARY KEY,
  rolled_at INTEGER NOT NULL,
  purged    INTEGER NOT NULL DEFAULT 0
) STRICT;
