-- Insights, part three: faster ingest. The per-post totals (insight_post_stats) and the active-member
-- rows (insight_active) were kept by per-row triggers, which cost an upsert and an update for every
-- single event; SqliteInsightsRepo::RecordBatch now keeps them, once per post and per person for a
-- whole batch of events, in the same transaction as the events (so they stay exact).
DROP TRIGGER insight_post_stats_count;
DROP TRIGGER insight_active_mark;

-- Most events name no followed account: index only the rows that do, so the others no longer pay
-- for an index entry nobody looks up.
DROP INDEX insight_events_target;
CREATE INDEX insight_events_target ON insight_events(target_account_id) WHERE target_account_id IS NOT NULL;
-- The actor index served one statement only, erasing an account, and cost every signed-in event a
-- write at a random place. Erasure is rare and now reads the raw events of the retention period
-- (30 days; about 2 s at 10 million events), as it already did for insight_active.
DROP INDEX insight_events_actor;

-- One index instead of two for views: "once per viewer per post per day" (unique) and "has this
-- signed-in person viewed the post before, on any day" (for unique viewers) both start with
-- (post, person) when the day comes last. Every view paid for both before.
DROP INDEX insight_events_post_viewer;
DROP INDEX insight_views_once;
CREATE UNIQUE INDEX insight_views_once ON insight_events(post_id, COALESCE(actor_id, visitor), day) WHERE kind = 'view';

-- A community's live figures (today's counts, the heatmap's raw hours, contributors) read only
-- this index, never the table: at 50,000 events a day in one community the live day went from
-- 63 ms to 13 ms and the heatmap's raw rows from 41 ms to 13 ms (bench/insights). Events without
-- a community (follows, profile visits) are left out of it.
DROP INDEX insight_events_community;
CREATE INDEX insight_events_community ON insight_events(community_id, day, kind, detail, actor_id, visitor, at)
  WHERE community_id IS NOT NULL;

-- Views (most events) are found by post through insight_views_once; the post index keeps the rest,
-- so a view updates one post-keyed index instead of two.
DROP INDEX insight_events_post;
CREATE INDEX insight_events_post ON insight_events(post_id, kind) WHERE post_id IS NOT NULL AND kind <> 'view';
