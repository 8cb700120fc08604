-- Insights, part three: faster ingest. The per-post totals (insight_post_stats) and the active-member
-- rows (insight_active) were kept by per-row triggers, which cost an upsert and an update for every
-- single event; SqliteInsightsRepo::RecordBatch now keeps them, once per post and per person for a
-- whole batch of events, in the same transaction as the events (so they stay exact).
DROP TRIGGER insight_post_stats_count;
DROP TRIGGER insight_active_mark;

-- Most events name no followed account, and anonymous views no actor: index only the rows that do,
-- so those events no longer pay for two index entries nobody looks up.
DROP INDEX insight_events_target;
CREATE INDEX insight_events_target ON insight_events(target_account_id) WHERE target_account_id IS NOT NULL;
DROP INDEX insight_events_actor;
CREATE INDEX insight_events_actor ON insight_events(actor_id) WHERE actor_id IS NOT NULL;

-- One index instead of two for views: "once per viewer per post per day" (unique) and "has this
-- signed-in person viewed the post before, on any day" (for unique viewers) both start with
-- (post, person) when the day comes last. Every view paid for both before.
DROP INDEX insight_events_post_viewer;
DROP INDEX insight_views_once;
CREATE UNIQUE INDEX insight_views_once ON insight_events(post_id, COALESCE(actor_id, visitor), day) WHERE kind = 'view';
