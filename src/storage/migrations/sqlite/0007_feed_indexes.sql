-- The first page of a community feed starts with its pinned posts. Without this index, finding
-- them walks every post of the community (posts_community): 66 ms per page for a community of
-- 25,000 posts in `make bench`. Partial, so it holds only the few pinned posts.
CREATE INDEX posts_pinned ON posts(community_id, id) WHERE pinned = 1;
