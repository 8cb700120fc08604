// The Kring story in a real browser (Debian Chromium, headless): a new person signs up, founds a
// community and writes a post with a hashtag; a second person (Dutch, on a phone) joins, replies
// with an @mention picked from suggestions and reacts; the first sees the notification arrive live
// (her notifications page is open, nothing reloads), opens the reply from it, follows the hashtag
// to its page and finds the post by searching; a third person (keyboard only, dark mode) cannot
// read a members-only community. Every step leaves a screenshot in tests/e2e/artifacts/, every
// main screen is checked with axe-core, and no request may leave the instance.
// Moderation has its own story: moderation.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, person, shot, axe, tabTo } from './helpers.mjs';

let app;
let lotte; // founder, English, desktop
let bram; // member, Dutch, phone
let chris; // outsider, English, phone, dark mode, keyboard only
const people = () => [lotte, bram, chris].filter(Boolean);
const state = {};

before(async () => {
  app = await startApp();
});

after(async () => {
  for (const p of people()) await p.context.close().catch(() => {});
  await app?.browser.close().catch(() => {});
  await app?.server.stop();
});

async function assertAccessible(page, screen) {
  // Nothing may stick out sideways, at 360 px least of all.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${screen}: the page is ${overflow}px wider than the screen`);
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${screen}: serious or critical accessibility violations:\n${JSON.stringify(violations, null, 2)}`);
}

async function signUp(page, { handle, name, password, labels }) {
  await page.getByLabel(labels.handle).fill(handle);
  await page.getByLabel(labels.name).fill(name);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: labels.submit }).click();
}

const EN = { handle: 'Handle', name: 'Display name', password: 'Password', submit: 'Create account' };
const NL = { handle: 'Gebruikersnaam', name: 'Weergavenaam', password: 'Wachtwoord', submit: 'Account maken' };

test('the Kring story', async (t) => {
  await t.test('a newcomer sees what this instance is', async () => {
    lotte = await person(app.browser, app.base, { locale: 'en-US', width: 1280, height: 800 });
    const { page } = lotte;
    await page.goto(app.base);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText('No communities yet').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await shot(page, 'landing');
    await assertAccessible(page, 'landing');
  });

  await t.test('she signs up', async () => {
    const { page } = lotte;
    await page.getByRole('link', { name: 'Sign up' }).first().click();
    await page.waitForURL('**/signup');
    await assertAccessible(page, 'sign up');
    await signUp(page, { handle: 'lotte', name: 'Lotte de Boer', password: 'tomaten-en-bonen-2026', labels: EN });
    await page.waitForURL('**/communities?welcome=1');
    await page.getByText('Welcome, Lotte de Boer!').waitFor();
    await shot(page, 'signed-up-directory');
    await assertAccessible(page, 'community directory');
  });

  await t.test('she founds a community', async () => {
    const { page } = lotte;
    await page.getByRole('link', { name: 'Start a community' }).first().click();
    await page.waitForURL('**/communities/new');
    await page.getByLabel('Name').fill('Moestuin Noord');
    assert.equal(await page.getByLabel('Address').inputValue(), 'moestuin-noord');
    await page.getByLabel('Description').fill('Allotment gardeners in the north of town. Seeds, tips and the watering rota.');
    await page.getByLabel('Rules').fill('Be kind\nNo pesticides talk without sources');
    await page.getByLabel('Topics').fill('gardening, tomatoes');
    await assertAccessible(page, 'found a community');
    await page.getByRole('button', { name: 'Start community' }).click();
    await page.waitForURL('**/c/moestuin-noord?founded=1');
    await page.getByRole('heading', { name: 'Moestuin Noord', level: 1 }).waitFor();
    await page.getByText('1 member', { exact: true }).waitFor();
    await shot(page, 'community-founded');
    await assertAccessible(page, 'community page');
  });

  await t.test('she writes a post with a hashtag, previewed first', async () => {
    const { page } = lotte;
    await page.getByRole('link', { name: 'Write a post' }).first().click();
    await page.waitForURL('**/compose?community=moestuin-noord');
    await page.getByLabel('Title (optional)').fill('Spare tomato seedlings');
    await page.getByLabel('Text', { exact: true }).fill('Who wants some **San Marzano** seedlings? I sowed far too many. #tomaten');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('.preview a.hashtag', { hasText: '#tomaten' }).waitFor();
    await page.locator('.preview strong', { hasText: 'San Marzano' }).waitFor();
    await shot(page, 'compose-preview');
    await page.getByRole('button', { name: 'Write' }).click();
    await assertAccessible(page, 'composer');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/p\/\d+$/);
    state.postPath = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: 'Spare tomato seedlings', level: 1 }).waitFor();
    await page.locator('.prose a.hashtag', { hasText: '#tomaten' }).waitFor();
    await shot(page, 'post-published');
    await assertAccessible(page, 'post page');
  });

  await t.test('she also starts a members-only circle with a post', async () => {
    const { page } = lotte;
    await page.goto(`${app.base}/communities/new`);
    await page.getByLabel('Name').fill('Zadenkring');
    await page.getByRole('radio', { name: /Members only/ }).check();
    await page.getByRole('button', { name: 'Start community' }).click();
    await page.waitForURL('**/c/zadenkring?founded=1');
    await page.getByRole('link', { name: 'Write a post' }).first().click();
    await page.getByLabel('Title (optional)').fill('Secret seed list');
    await page.getByLabel('Text', { exact: true }).fill('Our heirloom beans, for members only. #zaden');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/p\/\d+$/);
    state.secretPath = new URL(page.url()).pathname;
    await shot(page, 'members-only-post');
  });

  await t.test('she plans an announcement for tomorrow 07:00 her time, and posts a review', async () => {
    const { page } = lotte;
    await page.goto(`${app.base}/compose?community=moestuin-noord`);
    await page.getByText('Announcement', { exact: true }).click();
    await page.getByLabel('Title (optional)').fill('Watering rota for next week');
    await page.getByLabel('Text', { exact: true }).fill('The new rota is up. Swap turns in the replies. #gieten');
    await page.getByLabel('Schedule for later').check();
    const when = page.getByLabel('Publish at');
    assert.match(await when.inputValue(), /T07:00$/);
    await page.getByRole('button', { name: 'Schedule post' }).click();
    await page.getByText(/Scheduled for .*7:00/).waitFor();
    await page.locator('.scheduled-item', { hasText: 'Watering rota for next week' }).waitFor();
    const planned = await (await page.request.get(`${app.base}/api/v1/me/scheduled_posts`)).json();
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' })
      .format(new Date(planned[0].scheduled_at));
    assert.equal(local, '07:00', 'scheduled in the account time zone');
    await shot(page, 'scheduled-announcement');

    await page.getByText('Review', { exact: true }).click();
    await page.getByLabel('Title (optional)').fill('Garden centre De Groene Vinger');
    await page.getByLabel('Place or business').fill('De Groene Vinger, Zwolle');
    await page.locator('.star-option').nth(3).click();
    await page.getByLabel('Text', { exact: true }).fill('Good seed potatoes, friendly advice.');
    await page.getByLabel('Schedule for later').uncheck();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/p\/\d+$/);
    await page.getByRole('img', { name: '4 of 5 stars' }).waitFor();
    await shot(page, 'review-with-stars');
  });

  await t.test('a second person, in Dutch on a phone, signs up and joins', async () => {
    bram = await person(app.browser, app.base, { locale: 'nl-NL' });
    const { page } = bram;
    await page.goto(app.base);
    await page.getByText('Actieve communities').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
    await page.getByRole('link', { name: 'Aanmelden' }).first().click();
    await signUp(page, { handle: 'bram', name: 'Bram Visser', password: 'courgettes-overal-2026', labels: NL });
    await page.waitForURL('**/communities?welcome=1');
    await page.getByText('Welkom, Bram Visser!').waitFor();
    await page.getByRole('link', { name: 'Moestuin Noord' }).click();
    await page.waitForURL('**/c/moestuin-noord');
    await page.getByRole('button', { name: 'Lid worden' }).click();
    await page.getByText('2 leden', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Bericht schrijven' }).waitFor();
    await shot(page, 'second-person-joined');
  });

  await t.test('the first person opens her notifications and leaves them open', async () => {
    const { page } = lotte;
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Notifications' }).click();
    await page.waitForURL('**/notifications');
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await page.getByText('No notifications yet').waitFor();
    await page.getByText('New notifications appear here as they happen.').waitFor();
    // Anything that reloads the page would lose this marker.
    await page.evaluate(() => { window.__sameDocument = true; });
    await shot(page, 'notifications-empty-live');
    await assertAccessible(page, 'notifications (empty)');
  });

  await t.test('he replies with an @mention from the suggestions, and reacts', async () => {
    const { page } = bram;
    await page.getByRole('link', { name: 'Spare tomato seedlings' }).click();
    await page.waitForURL(`**${state.postPath}`);
    const box = page.getByRole('textbox', { name: 'Schrijf een reactie' });
    await box.click();
    await box.pressSequentially('Graag! Ik haal er zaterdag drie op, @lot');
    const option = page.getByRole('option', { name: /lotte/ });
    await option.waitFor();
    await shot(page, 'mention-suggestion');
    await page.keyboard.press('Enter');
    assert.match(await box.inputValue(), /@lotte $/);
    await box.pressSequentially('goed?');
    await page.locator('form.reply-box button[type=submit]').click();
    const reply = page.locator('.comment', { hasText: 'Ik haal er zaterdag drie op' });
    await reply.waitFor();
    await reply.locator('a.mention', { hasText: '@lotte' }).waitFor();
    await page.getByRole('heading', { name: '1 reactie' }).waitFor();

    const like = page.locator('.post-full').getByRole('button', { name: 'Duim: 0' });
    await like.click();
    await page.locator('.post-full').getByRole('button', { name: 'Duim: 1' }).waitFor();
    assert.equal(await page.locator('.post-full').getByRole('button', { name: 'Duim: 1' }).getAttribute('aria-pressed'), 'true');
    await page.locator('.post-full').getByRole('button', { name: 'Emoji toevoegen' }).click();
    await page.getByRole('group', { name: 'Kies een emoji' }).getByRole('button', { name: 'Feest' }).click();
    await page.locator('.post-full').getByRole('button', { name: 'Feest: 1' }).waitFor();
    await shot(page, 'replied-and-reacted');
    await assertAccessible(page, 'post page (nl, phone)');
  });

  await t.test('the first person sees the notifications arrive live, without reloading', async () => {
    const { page } = lotte;
    const reply = page.locator('.notif', { hasText: 'Bram Visser replied in “Spare tomato seedlings”' });
    await reply.waitFor();
    await reply.getByText('Graag! Ik haal er zaterdag drie op').waitFor();
    // Two reactions from one person are one grouped notification.
    await page.locator('.notif', { hasText: 'Bram Visser reacted to your post “Spare tomato seedlings”' }).waitFor();
    assert.equal(await page.locator('.notif', { hasText: 'reacted to your post' }).count(), 1);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: /^Notifications\W+\d+ unread$/ }).waitFor();
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    assert.equal(await page.locator('.notif.unread').count() >= 2, true);
    await shot(page, 'notifications-arrived-live');
    await assertAccessible(page, 'notifications (live)');
  });

  await t.test('he asks a question and marks the helpful reply as the answer', async () => {
    const { page } = bram;
    await page.goto(`${app.base}/compose?community=moestuin-noord`);
    await page.getByText('Vraag', { exact: true }).click();
    await page.getByLabel('Titel', { exact: true }).fill('Wanneer mogen de tomaten naar buiten?');
    await page.getByLabel('Tekst', { exact: true }).fill('Ze staan nu nog in de vensterbank. #tomaten');
    await page.getByRole('button', { name: 'Plaatsen' }).last().click();
    await page.waitForURL(/\/p\/\d+$/);
    state.questionPath = new URL(page.url()).pathname;
    await page.getByText('Nog op zoek naar een antwoord.').waitFor();

    const { page: founder } = lotte;
    await founder.goto(app.base + state.questionPath);
    await founder.getByRole('textbox', { name: 'Write a reply' }).fill('After the ice saints, mid May. Harden them off for a week first.');
    await founder.locator('form.reply-box button[type=submit]').click();
    await founder.locator('.comment', { hasText: 'ice saints' }).waitFor();

    await page.reload();
    const answer = page.locator('.comment', { hasText: 'ice saints' });
    await answer.getByRole('button', { name: 'Markeren als antwoord' }).click();
    await answer.locator('.accepted-badge').waitFor();
    await page.getByText('Deze vraag heeft een geaccepteerd antwoord.').waitFor();
    await shot(page, 'question-answered');
  });

  await t.test('she opens the reply from its notification and sees the reactions', async () => {
    const { page } = lotte;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
    await page.waitForURL('**/notifications');
    const before = Number(await page.locator('.topnav .count-badge').textContent());
    await page.locator('.notif', { hasText: 'replied in' }).getByRole('link').click();
    await page.waitForURL(new RegExp(`${state.postPath}#comment-\\d+$`));
    const reply = page.locator('.comment', { hasText: 'Ik haal er zaterdag drie op' });
    await reply.waitFor();
    await reply.getByRole('link', { name: 'Bram Visser' }).waitFor();
    await page.locator('.post-full').getByRole('button', { name: 'Like: 1' }).waitFor();
    await page.locator('.post-full').getByRole('button', { name: 'Celebrate: 1' }).waitFor();
    // Opening it marked it read: the badge counts one less.
    await page.waitForFunction((n) => Number(document.querySelector('.topnav .count-badge')?.textContent || 0) === n - 1, before);
    await shot(page, 'founder-sees-reply');
  });

  await t.test('the hashtag leads to a page that finds the post', async () => {
    const { page } = lotte;
    await page.locator('.post-full .prose a.hashtag', { hasText: '#tomaten' }).click();
    await page.waitForURL('**/tags/tomaten');
    await page.getByRole('heading', { name: '#tomaten', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Spare tomato seedlings' }).waitFor();
    await shot(page, 'hashtag-page');
    await assertAccessible(page, 'hashtag page');
  });

  await t.test('she searches and finds the post', async () => {
    const { page } = lotte;
    await page.getByRole('link', { name: 'Search' }).first().click();
    await page.waitForURL('**/search');
    await page.getByRole('heading', { name: 'Find posts, replies, communities and people' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search for' }).fill('seedlings');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search?q=seedlings');
    const hit = page.locator('.hit', { hasText: 'Spare tomato seedlings' });
    await hit.waitFor();
    await hit.locator('mark', { hasText: 'seedlings' }).waitFor();
    await shot(page, 'search-found');
    await assertAccessible(page, 'search');
    await hit.getByRole('link', { name: 'Spare tomato seedlings' }).click();
    await page.waitForURL(`**${state.postPath}`);
  });

  await t.test('her home feed, profile, settings and admin screens', async () => {
    const { page } = lotte;
    await page.getByRole('link', { name: 'Home' }).first().click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Spare tomato seedlings' }).waitFor();
    await shot(page, 'home-feed');
    await assertAccessible(page, 'home feed');

    await page.locator('summary.menu-button').click();
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.waitForURL('**/@lotte');
    await page.getByRole('heading', { name: 'Lotte de Boer', level: 1 }).waitFor();
    await shot(page, 'profile');
    await assertAccessible(page, 'profile');

    await page.goto(`${app.base}/c/moestuin-noord/members`);
    await page.getByRole('heading', { name: 'Invite people' }).waitFor();
    await page.getByRole('button', { name: 'Make a code' }).click();
    await page.locator('.invite-item code').waitFor();
    await page.getByLabel('Role of Bram Visser').waitFor();
    await shot(page, 'members-and-invites');
    await assertAccessible(page, 'members');

    await page.goto(`${app.base}/settings`);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByLabel('About you').fill('Tomatoes, beans and far too many courgettes.');
    await page.locator('#profile').getByRole('button', { name: 'Save' }).click();
    await page.locator('#profile').getByText('Saved.').waitFor();
    await shot(page, 'settings');
    await assertAccessible(page, 'settings');

    await page.goto(`${app.base}/admin`);
    await page.getByRole('heading', { name: 'Server admin', level: 1 }).waitFor();
    await page.getByLabel('Name').fill('Kring Noord');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.locator('.brand-name', { hasText: 'Kring Noord' }).waitFor();
    await shot(page, 'admin');
    await assertAccessible(page, 'admin');
  });

  await t.test('a third person signs up with the keyboard only', async () => {
    chris = await person(app.browser, app.base, { locale: 'en-GB', dark: true });
    const { page } = chris;
    await page.goto(app.base);
    await page.getByRole('heading', { name: 'Kring Noord', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    await tabTo(page, 'a[href="/signup"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/signup');
    // The app moves focus to the new page once it has rendered (App.tsx, for screen readers); the
    // URL changes before that. Tabbing earlier raced it: the typing went to the wrong field.
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    await tabTo(page, 'input[autocomplete="username"]');
    await page.keyboard.type('chris');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Chris Outsider');
    await tabTo(page, 'input[autocomplete="new-password"]');
    await page.keyboard.type('just-looking-around-2026');
    await tabTo(page, 'button[type="submit"]');
    await shot(page, 'keyboard-signup');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/communities?welcome=1');
    await shot(page, 'third-person-directory-dark');
    await assertAccessible(page, 'directory (dark)');
  });

  await t.test('the third person cannot read the members-only community', async () => {
    const { page } = chris;
    await page.goto(`${app.base}/c/zadenkring`);
    await page.getByRole('heading', { name: 'Only for members' }).waitFor();
    assert.equal(await page.getByText('Secret seed list').count(), 0);
    await shot(page, 'members-only-locked');
    await assertAccessible(page, 'members-only community');

    await page.goto(app.base + state.secretPath);
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByText('Secret seed list').count(), 0);
    await shot(page, 'members-only-post-blocked');

    await page.goto(`${app.base}/tags/zaden`);
    await page.getByText('No posts with #zaden yet').waitFor();
    assert.equal(await page.getByText('Secret seed list').count(), 0);
    await shot(page, 'members-only-hashtag-empty');

    await page.goto(`${app.base}/search?q=heirloom`);
    await page.getByText('Nothing found for “heirloom”').waitFor();
    assert.equal(await page.getByText('Secret seed list').count(), 0);
    await shot(page, 'members-only-search-empty');

    const api = await page.request.get(`${app.base}/api/v1/communities/zadenkring/posts`);
    assert.equal(api.status(), 403);
  });

  await t.test('he logs out and back in', async () => {
    const { page } = chris;
    await page.locator('summary.menu-button').click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Log in' }).first().click();
    await page.waitForURL(/\/login/);
    await assertAccessible(page, 'log in');
    await page.getByLabel('Handle or email').fill('chris');
    await page.getByLabel('Password', { exact: true }).fill('wrong-password-here');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('That handle or password is not right.').waitFor();
    await shot(page, 'login-error');
    await page.getByLabel('Password', { exact: true }).fill('just-looking-around-2026');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('summary.menu-button', { hasText: 'Account menu for Chris Outsider' }).waitFor();
  });

  await t.test('no request left the instance and no script failed', () => {
    for (const p of people()) {
      assert.ok(p.requests > 0);
      assert.deepEqual(p.foreign, [], 'requests to other origins');
      assert.deepEqual(p.errors, [], 'uncaught errors in the page');
    }
  });
});
