-- Short video. A video is a `media` row like a photo, with kind 'video': large_hash is the H.264/AAC
-- MP4, small_hash the poster (WebP), fallback_hash the poster (JPEG). Videos are processed in the
-- background: while status is 'processing' the hashes are '' and the upload waits in
-- <data_dir>/media-pending/<id>; 'failed' rows carry a stable code and a message for the author.
-- A post carrying media that is not ready has pending_media = 1 and is shown to its author only.
ALTER TABLE media ADD COLUMN kind TEXT NOT NULL DEFAULT 'image' CHECK (kind IN ('image', 'video', 'avatar', 'banner'));
ALTER TABLE media ADD COLUMN status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('processing', 'ready', 'failed'));
ALTER TABLE media ADD COLUMN failure_code TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN failure_message TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN duration_ms INTEGER NOT NULL DEFAULT 0;
CREATE INDEX media_processing ON media(id) WHERE status = 'processing';

ALTER TABLE posts ADD COLUMN pending_media INTEGER NOT NULL DEFAULT 0;

-- Avatars and community banners are media rows too (kind 'avatar' / 'banner': square 400 + 96 px
-- WebP and JPEG, or 1500x500 + 600x200 WebP and JPEG, metadata stripped), so quota, erasure
-- (rows go with their uploader) and the blob sweep cover them. accounts.avatar and
-- communities.banner hold the source hash that names the files in URLs ('' = none).
ALTER TABLE media ADD COLUMN community_id INTEGER REFERENCES communities(id) ON DELETE CASCADE;
ALTER TABLE accounts ADD COLUMN avatar TEXT NOT NULL DEFAULT '';
ALTER TABLE communities ADD COLUMN banner TEXT NOT NULL DEFAULT '';
CREATE INDEX media_owner_kind ON media(uploader_id, kind) WHERE kind IN ('avatar', 'banner');
CREATE INDEX media_community ON media(community_id) WHERE community_id IS NOT NULL;

-- Comment media: one photo per comment, shown with the comment (hidden with it when removed,
-- deleted with it when the comment becomes a tombstone).
ALTER TABLE media ADD COLUMN comment_id INTEGER REFERENCES comments(id) ON DELETE CASCADE;
CREATE INDEX media_comment ON media(comment_id) WHERE comment_id IS NOT NULL;

-- Rows that never had blobs (processing, failed) queue nothing.
DROP TRIGGER media_queue_blobs;
CREATE TRIGGER media_queue_blobs AFTER DELETE ON media BEGIN
  INSERT OR IGNORE INTO media_blob_orphans (hash)
    SELECT h FROM (SELECT old.large_hash AS h UNION ALL SELECT old.small_hash UNION ALL SELECT old.fallback_hash)
    WHERE h != '';
END;
