-- Photos. Each upload is one `media` row referencing three content-addressed blobs (files under
-- <data_dir>/media named by their SHA-256): large WebP, small WebP and a JPEG fallback. Identical
-- bytes share a blob. Rows leave with their uploader (account erasure), their post (deletion, via
-- the media service) or their community (cascade); a trigger queues the blobs of every deleted
-- row in media_blob_orphans, and the sweep removes those no row references any more.
CREATE TABLE media (
  id            INTEGER PRIMARY KEY,
  uploader_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  post_id       INTEGER REFERENCES posts(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL DEFAULT 0,
  source_hash   TEXT NOT NULL,
  large_hash    TEXT NOT NULL,
  small_hash    TEXT NOT NULL,
  fallback_hash TEXT NOT NULL,
  width         INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  placeholder   TEXT NOT NULL DEFAULT '',
  alt           TEXT NOT NULL DEFAULT '',
  bytes         INTEGER NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX media_uploader ON media(uploader_id);
CREATE INDEX media_post ON media(post_id, position) WHERE post_id IS NOT NULL;
CREATE INDEX media_source ON media(source_hash);
CREATE INDEX media_large ON media(large_hash);
CREATE INDEX media_small ON media(small_hash);
CREATE INDEX media_fallback ON media(fallback_hash);

CREATE TABLE media_blob_orphans (
  hash TEXT PRIMARY KEY
) STRICT;

CREATE TRIGGER media_queue_blobs AFTER DELETE ON media BEGIN
  INSERT OR IGNORE INTO media_blob_orphans (hash) VALUES (old.large_hash), (old.small_hash), (old.fallback_hash);
END;
