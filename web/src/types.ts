// Wire types of the Kring JSON API (/api/v1), as serialised by src/api/dto.cpp on the server.
// Ids are strings: they are 64-bit and would lose precision as JavaScript numbers.

export type Role = 'user' | 'moderator' | 'admin';

export interface Account {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  note: string;
  url: string;
  created_at: string;
  role: Role;
  /** Square picture; absent on servers without avatars (initials are shown then). */
  avatar_url?: string | null;
}

export interface AccountView extends Account {
  followers_count: number;
  following_count: number;
  following?: boolean;
}

export interface Self extends Account {
  email: string;
  locale: string;
  time_zone: string;
  status: 'active' | 'pending' | string;
  /** Named among a community's most active members in its insights (newer servers only). */
  show_in_insights?: boolean;
}

export interface Member extends Account {
  member_role: 'member' | 'moderator' | 'owner';
  joined_at: string;
}

export interface Membership {
  community_id: string;
  account_id: string;
  role: 'member' | 'moderator' | 'owner';
  joined_at: string;
}

export type Visibility = 'public' | 'members_only' | 'unlisted';
export type JoinPolicy = 'open' | 'approval' | 'invite';

export interface Community {
  id: string;
  slug: string;
  name: string;
  description: string;
  rules: string[];
  topics: string[];
  language: string;
  place: string;
  visibility: Visibility;
  join_policy: JoinPolicy;
  created_at: string;
  member_count: number;
  post_count: number;
  last_activity_at: string | null;
  membership: Membership | null;
  join_request: 'pending' | 'approved' | 'rejected' | null;
  can_read: boolean;
  can_moderate: boolean;
  /** Wide header picture; absent on servers without banners. */
  banner_url?: string | null;
  /** IANA zone for the community's insights (newer servers only). */
  time_zone?: string;
}

export interface JoinRequest {
  account: Account;
  message: string;
  state: string;
  created_at: string;
}

export interface Reactions {
  counts: Record<string, number>;
  mine: string[];
}

export type PostKind = 'discussion' | 'question' | 'link' | 'review' | 'announcement';
export const POST_KINDS: PostKind[] = ['discussion', 'question', 'link', 'review', 'announcement'];

export interface Post {
  id: string;
  kind: PostKind;
  community: { id: string; slug: string; name: string; visibility: Visibility } | null;
  author: Account | null;
  title: string;
  body: string;
  body_html: string;
  url: string | null;
  place_name: string | null;
  rating: number | null;
  hashtags: { name: string; key: string }[];
  mentions: string[];
  pinned: boolean;
  locked: boolean;
  deleted: boolean;
  /** Removed by moderators: a tombstone for members; moderators still get the text. */
  removed?: boolean;
  accepted_comment_id: string | null;
  created_at: string;
  edited_at: string | null;
  comment_count: number;
  last_activity_at: string | null;
  reactions: Reactions;
  can_edit: boolean;
  can_moderate: boolean;
  media?: Media[];
}

/** A photo or video (see notes/media-contract: type, status and failure are newer fields). */
export interface Media {
  id: string;
  type: 'image' | 'video';
  status?: 'processing' | 'ready' | 'failed';
  failure?: { code: string; message: string } | null;
  width: number;
  height: number;
  duration_s?: number | null;
  url: string | null;
  preview_url: string | null;
  fallback_url: string | null;
  placeholder: string;
  alt: string;
  attached: boolean;
}

export interface Comment {
  id: string;
  post_id: string;
  parent_id: string | null;
  author: Account | null;
  body: string;
  body_html: string;
  deleted: boolean;
  /** Removed by moderators (text kept only for moderators). */
  removed?: boolean;
  /** By someone the viewer blocked or muted: no text, no author, kept for the thread's shape. */
  hidden?: boolean;
  created_at: string;
  edited_at: string | null;
  reactions: Reactions;
  can_edit: boolean;
  media?: Media[];
  accepted: boolean;
  reply_count: number;
  more_replies: boolean;
  replies: Comment[];
}

export interface Thread {
  post: Post;
  comments: Comment[];
  total_comments: number;
}

export interface ScheduledPost {
  id: string;
  kind: PostKind;
  community_id: string | null;
  title: string;
  body: string;
  scheduled_at: string;
  state: string;
  failure: string | null;
  post_id: string | null;
  created_at: string;
}

export type RegistrationMode = 'open' | 'approval' | 'invite' | 'closed';

export interface Instance {
  name: string;
  description: string;
  registration_mode: RegistrationMode;
  rules: string[];
  version: string;
  languages: string[];
  reaction_kinds: string[];
  limits: { post_title: number; post_body: number; comment_body: number; display_name: number; bio: number };
  /** Capabilities announced by the server: search, notifications, blocks, moderation, reports … */
  features?: string[];
}

export type NotificationKind =
  | 'reply'
  | 'mention'
  | 'reaction'
  | 'follow'
  | 'join_request'
  | 'join_decided'
  | 'scheduled_published'
  | 'moderation'
  | 'appeal';
export const NOTIFICATION_KINDS: NotificationKind[] = ['reply', 'mention', 'reaction', 'follow', 'join_request', 'join_decided', 'scheduled_published', 'moderation', 'appeal'];

export interface Notification {
  id: string;
  type: NotificationKind | string;
  created_at: string;
  read: boolean;
  /** Latest first, at most 3. */
  actors: Account[];
  /** All the people in a grouped notification ("Anna and 4 others"). */
  actors_count: number;
  post: { id: string; title: string; deleted: boolean } | null;
  comment: { id: string; excerpt: string; deleted: boolean } | null;
  community: { id: string; slug: string; name: string } | null;
  /** moderation and appeal: the decision's id. */
  subject_id: string | null;
  /** reaction: its kind; join_decided: approved|rejected; moderation: the action; appeal: upheld|reversed. */
  text: string;
}

export interface BlockEntry extends Account {
  kind: 'block' | 'mute';
  since: string;
}

export type ReportCategory = 'spam' | 'harassment' | 'hate' | 'illegal' | 'misinformation' | 'undisclosed_ad' | 'other';
export const REPORT_CATEGORIES: ReportCategory[] = ['spam', 'harassment', 'hate', 'illegal', 'misinformation', 'undisclosed_ad', 'other'];
export type TargetType = 'post' | 'comment' | 'account' | 'community';
export type ModAction = 'remove' | 'lock' | 'warn' | 'ban' | 'suspend' | 'dismiss';

/** What moderators see of a reported thing (kept even after it was removed). */
export interface TargetSnapshot {
  type: TargetType | '';
  id: string;
  owner: Account | null;
  community: { slug: string; name: string } | null;
  title: string;
  text: string;
  removed: boolean;
}

export interface Report {
  id: string;
  target_type: TargetType;
  target_id: string;
  category: ReportCategory;
  text: string;
  state: string;
  created_at: string;
}

export interface QueuedReport extends Report {
  target: TargetSnapshot;
}

export interface AppealInfo {
  id: string;
  text: string;
  state: 'open' | 'upheld' | 'reversed' | string;
  /** The deciding moderator's explanation. */
  outcome: string;
  created_at: string;
  decided_at: string | null;
}

/** A statement of reasons (DSA Art. 17). */
export interface Decision {
  id: string;
  target_type: TargetType;
  target_id: string;
  community: { slug: string; name: string } | null;
  scope: 'community' | 'instance';
  action: ModAction;
  rule: string;
  facts: string;
  automated: boolean;
  ban_until: string | null;
  created_at: string;
  reversed_at: string | null;
  appeal_until: string;
  can_appeal: boolean;
  how_to_appeal: string;
  appeal: AppealInfo | null;
}

export interface QueuedAppeal {
  id: string;
  text: string;
  created_at: string;
  decision: Decision;
  target: TargetSnapshot;
}

/** Public log entry: what, which rule, when; never who reported or who decided. */
export interface ModLogEntry {
  id: string;
  action: ModAction;
  target_type: TargetType;
  rule: string;
  automated: boolean;
  created_at: string;
  reversed: boolean;
  /** Instance log (admins) only. */
  community_id?: string | null;
  moderator_id?: string | null;
  target_id?: string;
  facts?: string;
}
