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
