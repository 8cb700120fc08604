// Moderation in a real browser, as a community lives it (EU Digital Services Act): a member reports
// a post; the community's volunteer moderator (Joris: Dutch, at night, on a 360 px phone) sees it
// in his queue with the content in context and removes it with a rule from the community's rules
// and the facts; the author gets a notification, opens the statement of reasons from it and
// appeals; the moderator who decided cannot decide the appeal; the owner reverses it, and the
// author sees that arrive live; the public log shows the decision without naming the reporter.
// Also: a visitor without an account notifies illegal content, which the server's admin handles
// from the instance queue; muting someone hides their replies in place; a rate-limited request
// gets a friendly message; without a working socket the unread count is polled.
// Screenshots in tests/e2e/artifacts/mod-*.png.
//
// People and content are set up through the API (bearer tokens) to keep the run short; every
// step a person takes is done in the browser, logged in with a session cookie.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, person, shot, axe } from './helpers.mjs';
import { Client } from '../lib/client.mjs';

let app;
const people = {};
const state = {};
const all = () => Object.values(people);

before(async () => {
  app = await startApp({ prefix: 'mod-' });
  // The first account on a server is its admin: Fleur runs the server and stays out of the way.
  const fleur = await Client.signUp(app.base, 'fleur', { display_name: 'Fleur' });
  const anna = await Client.signUp(app.base, 'anna', { display_name: 'Anna de Vries' });
  const joris = await Client.signUp(app.base, 'joris', { display_name: 'Joris Bakker' });
  const mila = await Client.signUp(app.base, 'mila', { display_name: 'Mila Jansen' });
  const sam = await Client.signUp(app.base, 'sam', { display_name: 'Sam Koffie' });
  const created = await anna.post('/api/v1/communities', {
    slug: 'moestuin-oost', name: 'Moestuin Oost', description: 'Allotment gardeners in the east of town.',
    rules: ['Be kind to each other', 'No advertising without a label'],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  await joris.patch('/api/v1/me', { locale: 'nl' });
  for (const c of [joris, mila, sam, fleur]) await c.post('/api/v1/communities/moestuin-oost/join');
  await anna.post(`/api/v1/communities/moestuin-oost/members/${joris.account.id}/role`, { role: 'moderator' });
  const post = await sam.post('/api/v1/posts', {
    community: 'moestuin-oost', title: 'Cheapest seeds in town!!!',
    body: 'Order now at my web shop, 50% off all tomato seeds this week only.',
  });
  state.postId = post.body.id;
  const question = await mila.post('/api/v1/posts', { community: 'moestuin-oost', title: 'Who has a spare hose?', body: 'Mine split in the frost.' });
  state.questionId = question.body.id;
  await sam.post(`/api/v1/posts/${state.questionId}/comments`, { body: 'Buy a new one at my web shop!' });
  await anna.post(`/api/v1/posts/${state.questionId}/comments`, { body: 'You can borrow mine, it hangs by the shed.' });
  state.clients = { fleur, anna, joris, mila, sam };
});

after(async () => {
  for (const p of all()) await p.context.close().catch(() => {});
  await app?.browser.close().catch(() => {});
  await app?.server.stop();
});

/** A browser for someone, logged in with a session cookie (as the login form does). */
async function browserFor(handle, options) {
  const who = await person(app.browser, app.base, options);
  const res = await who.page.request.post(`${app.base}/api/v1/auth/login`, {
    data: { handle, password: state.clients[handle].password, type: 'cookie' },
  });
  assert.equal(res.status(), 200);
  people[handle] = who;
  return who;
}

async function assertAccessible(page, screen) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${screen}: the page is ${overflow}px wider than the screen`);
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${screen}: serious or critical accessibility violations:\n${JSON.stringify(violations, null, 2)}`);
}

/** Joris decides with his thumb: every control he needs is at least 44 px high. */
async function assertThumbSized(locator, what) {
  for (const box of await locator.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) {
    assert.ok(box.height >= 44, `${what}: ${box.height}px high`);
  }
}

test('moderation story', async (t) => {
  await t.test('a member reports a post as hidden advertising', async () => {
    const { page } = await browserFor('mila', { locale: 'en-GB' });
    await page.goto(`${app.base}/p/${state.postId}`);
    await page.getByRole('heading', { name: 'Cheapest seeds in town!!!', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Report' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Report this post' }).waitFor();
    await dialog.getByRole('radio', { name: /Hidden advertising/ }).check();
    await dialog.getByLabel('Anything the moderators should know? (optional)').fill('Sam sells seeds from his own shop without saying so.');
    await shot(page, 'report-dialog');
    await assertAccessible(page, 'report dialog');
    // Too many requests: the server says when to try again, the app says it kindly.
    await page.route('**/api/v1/reports', (route) => route.fulfill({
      status: 429, headers: { 'retry-after': '12', 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'rate_limited', message: 'Too many requests.' }),
    }));
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByRole('alert').getByText('That was a lot at once. Wait 12 seconds and try again.').waitFor();
    await page.unroute('**/api/v1/reports');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByRole('heading', { name: 'Thank you for reporting' }).waitFor();
    await shot(page, 'report-sent');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  await t.test('the moderator, on his phone at night, removes it with a reason', async () => {
    const { page } = await browserFor('joris', { locale: 'nl-NL', width: 360, height: 740, dark: true });
    await page.goto(app.base);
    await page.locator('summary.menu-button').click();
    await page.getByRole('link', { name: 'Moderatie' }).click();
    // One community to moderate: the queue opens straight away.
    await page.waitForURL('**/moderation/moestuin-oost');
    await page.getByRole('heading', { name: 'Moestuin Oost', level: 1 }).waitFor();
    // One card per reported thing (it stays the same element when it turns into "done").
    const card = page.locator('.report-card').first();
    await card.getByRole('heading', { name: '1 rapportage over een bericht' }).waitFor();
    assert.equal(await page.locator('.report-card').count(), 1);
    await card.getByText('Verborgen reclame').waitFor();
    await card.getByText('Sam sells seeds from his own shop without saying so.').waitFor();
    await card.getByText('Order now at my web shop').waitFor();
    await card.getByText('Sam Koffie').waitFor();
    assert.equal(await card.getByText(/Mila/).count(), 0, 'the reporter is not named');
    await assertThumbSized(card.locator('.action-grid .btn'), 'decision buttons');
    await shot(page, 'queue-phone');
    await assertAccessible(page, 'moderation queue (nl, 360 px)');

    await card.getByRole('button', { name: 'Verwijderen', exact: true }).click();
    await card.getByRole('button', { name: 'No advertising without a label' }).click();
    assert.equal(await card.getByLabel('Welke regel is overtreden').inputValue(), 'No advertising without a label');
    const submit = card.getByRole('button', { name: 'Verwijderen met uitleg' });
    assert.equal(await submit.isDisabled(), true, 'the facts are required');
    await card.getByLabel('Wat er gebeurde').fill('The post advertises your own web shop with a discount, without a label saying it is an advertisement.');
    await assertThumbSized(card.locator('.decision-form .form-actions .btn'), 'confirm buttons');
    await shot(page, 'decision-form-phone');
    await assertAccessible(page, 'decision form (nl, 360 px)');
    await submit.click();
    await card.getByRole('heading', { name: 'Verwijderd' }).waitFor();
    await card.getByText('De betrokkene heeft uitleg gekregen en weet hoe die bezwaar kan maken.').waitFor();
    await shot(page, 'decision-done-phone');

    // Moderators still see the removed text, greyed and labelled.
    await card.getByRole('link', { name: 'Bekijk de motivering' }).click();
    await page.waitForURL(/\/decisions\/\d+$/);
    state.decisionPath = new URL(page.url()).pathname;
    await page.goto(`${app.base}/p/${state.postId}`);
    await page.locator('.post-full.is-removed').getByText('Verwijderd door moderatoren').waitFor();
    await page.getByText('Order now at my web shop').waitFor();
    await shot(page, 'removed-post-moderator-view');
  });

  await t.test('members see a tombstone', async () => {
    const { page } = people.mila;
    await page.goto(`${app.base}/p/${state.postId}`);
    await page.getByText('The moderators removed this post.').waitFor();
    assert.equal(await page.getByText('Order now at my web shop').count(), 0);
    await shot(page, 'removed-post-member-view');
  });

  await t.test('the author opens the statement of reasons from the notification and appeals', async () => {
    const { page } = await browserFor('sam', { locale: 'en-GB', width: 360, height: 740 });
    await page.goto(app.base);
    const tab = page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /^Notifications\W+1 unread$/ });
    await tab.click();
    await page.waitForURL('**/notifications');
    const note = page.locator('.notif', { hasText: 'The moderators of Moestuin Oost removed something you posted.' });
    await note.getByText('Read why, and how to appeal.').waitFor();
    await shot(page, 'author-notification');
    await assertAccessible(page, 'notifications (author, 360 px)');
    await note.getByRole('link').click();
    await page.waitForURL(`**${state.decisionPath}`);
    await page.getByRole('heading', { name: 'Removed by the moderators', level: 1 }).waitFor();
    await page.getByText('The moderators of Moestuin Oost removed your post.').waitFor();
    await page.locator('.rule-quote', { hasText: 'No advertising without a label' }).waitFor();
    await page.getByText('without a label saying it is an advertisement').waitFor();
    await page.getByText('A moderator (a person)').waitFor();
    await page.getByText(/You can appeal once, until/).waitFor();
    await shot(page, 'statement-of-reasons');
    await assertAccessible(page, 'statement of reasons (360 px)');

    await page.getByLabel('Why should the decision change?').fill('I only wanted to help: the seeds are from my allotment, I sell them at cost price.');
    await page.getByRole('button', { name: 'Send appeal' }).click();
    await page.getByText(/Your appeal of .* is waiting for another moderator/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Send appeal' }).count(), 0, 'one appeal only');
    await shot(page, 'appeal-sent');
  });

  await t.test('the moderator who decided cannot decide the appeal', async () => {
    const { page } = people.joris;
    await page.goto(`${app.base}/moderation/moestuin-oost/appeals`);
    const card = page.locator('.report-card', { hasText: 'Bezwaar: Verwijderen (bericht)' });
    await card.getByText('I only wanted to help').waitFor();
    await card.getByRole('button', { name: 'Besluit handhaven' }).click();
    await card.getByLabel('Jouw uitleg').fill('Het blijft reclame.');
    await card.getByRole('button', { name: 'Bezwaar afhandelen' }).click();
    await card.getByText('Jij nam dit besluit, dus een andere moderator moet het bezwaar afhandelen.').waitFor();
    await shot(page, 'appeal-same-moderator-phone');
    await assertAccessible(page, 'appeals queue (nl, 360 px)');
  });

  await t.test('the owner reverses it and the author sees that arrive live', async () => {
    const sam = people.sam.page;
    await sam.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /^Notifications/ }).click();
    await sam.waitForURL('**/notifications');
    await sam.getByText('New notifications appear here as they happen.').waitFor();
    await sam.evaluate(() => { window.__sameDocument = true; });

    const { page } = await browserFor('anna', { locale: 'en-GB', width: 1280, height: 800 });
    await page.goto(app.base);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Moderation' }).click();
    await page.waitForURL('**/moderation/moestuin-oost');
    await page.getByRole('link', { name: /Appeals/ }).click();
    await page.waitForURL('**/moderation/moestuin-oost/appeals');
    const card = page.locator('.report-card').first();
    await card.getByRole('heading', { name: 'Appeal: Remove (post)' }).waitFor();
    await card.getByText('I only wanted to help').waitFor();
    await card.getByText('Order now at my web shop').waitFor();
    await card.getByRole('button', { name: 'Reverse it' }).click();
    await card.getByLabel('Your explanation').fill('Selling your own surplus seeds at cost is allowed here. Please say so in the post next time.');
    await shot(page, 'appeal-decide');
    await assertAccessible(page, 'appeals queue (owner)');
    await card.getByRole('button', { name: 'Decide the appeal' }).click();
    await card.getByRole('heading', { name: 'Decision reversed' }).waitFor();
    await shot(page, 'appeal-reversed');

    const outcome = sam.locator('.notif.unread', { hasText: 'Your appeal succeeded: the decision was reversed.' });
    await outcome.waitFor();
    assert.equal(await sam.evaluate(() => window.__sameDocument), true, 'no reload');
    await shot(sam, 'author-sees-outcome-live');
    await outcome.getByRole('link').click();
    await sam.waitForURL(`**${state.decisionPath}`);
    await sam.getByText(/This decision was reversed on/).waitFor();
    await sam.getByText('Selling your own surplus seeds at cost is allowed here.').waitFor();
    await shot(sam, 'statement-reversed');
    await assertAccessible(sam, 'statement of reasons (reversed)');

    await people.mila.page.goto(`${app.base}/p/${state.postId}`);
    await people.mila.page.getByText('Order now at my web shop').waitFor();
  });

  await t.test('the public moderation log shows the decision, without the reporter', async () => {
    const visitor = await person(app.browser, app.base, { locale: 'en-GB' });
    people.visitor = visitor;
    const { page } = visitor;
    await page.goto(`${app.base}/c/moestuin-oost`);
    await page.getByRole('navigation', { name: 'Community sections' }).getByRole('link', { name: 'Moderation' }).click();
    await page.waitForURL('**/c/moestuin-oost/log');
    const entry = page.locator('.modlog-entry');
    await entry.first().waitFor();
    assert.equal(await entry.count(), 1);
    await entry.getByText('Removed', { exact: true }).waitFor();
    await entry.getByText('Rule: No advertising without a label').waitFor();
    await entry.getByText('Reversed on appeal').waitFor();
    const text = await page.locator('main').innerText();
    for (const name of ['Mila', 'mila', 'Joris', 'joris', 'Sam', 'sam']) assert.ok(!text.includes(name), `the log does not name ${name}`);
    await shot(page, 'public-log');
    await assertAccessible(page, 'public moderation log');

    // Without an account, only illegal content can be reported, with an email address.
    await page.goto(`${app.base}/p/${state.questionId}`);
    await page.locator('.post-actions').getByRole('button', { name: 'Report' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Without an account you can report illegal content.').waitFor();
    assert.equal(await dialog.getByRole('radio').count(), 1);
    assert.equal(await dialog.getByRole('radio', { name: /Illegal content/ }).isChecked(), true);
    await dialog.getByLabel('Anything the moderators should know? (optional)').fill('This thread shares a stolen photo of my garden.');
    await dialog.getByLabel('Your email address').fill('buurman@example.org');
    await shot(page, 'guest-report-illegal');
    await assertAccessible(page, 'report dialog (visitor)');
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByRole('heading', { name: 'Thank you for reporting' }).waitFor();
  });

  await t.test('the server admin sees every queue, dismisses the notice and reads the instance log', async () => {
    const { page } = await browserFor('fleur', { locale: 'en-GB', width: 360, height: 740 });
    await page.goto(`${app.base}/moderation`);
    await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor();
    const server = page.getByRole('link', { name: /The whole server \(Kring\)/ });
    await server.getByText('1 open report').waitFor();
    await page.getByRole('link', { name: /Moestuin Oost/ }).getByText('1 open report').waitFor();
    await shot(page, 'moderation-hub');
    await assertAccessible(page, 'moderation hub');
    await server.click();
    await page.waitForURL('**/moderation/instance');
    const card = page.locator('.report-card').first();
    await card.getByText('Illegal content').waitFor();
    await card.getByText('This thread shares a stolen photo of my garden.').waitFor();
    assert.equal(await card.getByText('buurman@example.org').count(), 0, 'the reporter stays anonymous');
    await card.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await card.getByLabel('Note (optional)').fill('A photo of a public allotment path; nothing illegal.');
    await shot(page, 'instance-queue-dismiss');
    await assertAccessible(page, 'instance queue');
    await card.getByRole('button', { name: 'Dismiss the report' }).click();
    await card.getByRole('heading', { name: 'Report dismissed' }).waitFor();
    await page.getByRole('link', { name: 'Log' }).click();
    await page.waitForURL('**/moderation/instance/log');
    await page.locator('.modlog-entry', { hasText: 'Report dismissed' }).getByText('A photo of a public allotment path').waitFor();
    await page.locator('.modlog-entry', { hasText: 'Removed' }).getByText('without a label saying it is an advertisement').waitFor();
    await shot(page, 'instance-log');
    await assertAccessible(page, 'instance log');
  });

  await t.test('muting someone hides their replies in place', async () => {
    const { page } = people.mila;
    await page.goto(`${app.base}/@sam`);
    await page.getByRole('button', { name: 'Mute' }).click();
    await page.getByText('You will not see replies by Sam Koffie').waitFor();
    await page.getByRole('button', { name: 'Mute Sam Koffie' }).click();
    await page.getByText('Muted', { exact: true }).waitFor();
    await shot(page, 'profile-muted');
    await page.goto(`${app.base}/p/${state.questionId}`);
    await page.getByText('Hidden: a reply by someone you blocked or muted.').waitFor();
    await page.getByText('You can borrow mine').waitFor();
    assert.equal(await page.getByText('Buy a new one at my web shop!').count(), 0);
    assert.equal(await page.locator('.comments > .comment').count(), 2, 'the thread keeps its shape');
    await shot(page, 'muted-reply-hidden');
    await assertAccessible(page, 'thread with a hidden reply');
    await page.goto(`${app.base}/settings#blocked`);
    await page.locator('#blocked').getByRole('link', { name: 'Sam Koffie' }).waitFor();
    await page.locator('#notifications').getByLabel('Reactions to what I wrote').waitFor();
    await shot(page, 'settings-notifications-and-muted');
    await assertAccessible(page, 'settings (notifications, muted)');
  });

  await t.test('without a working live connection the unread count is polled', async () => {
    const { page } = people.mila;
    // A proxy that drops WebSockets: every connection closes at once.
    await page.routeWebSocket(/\/api\/v1\/streaming/, (ws) => ws.close());
    await page.goto(`${app.base}/notifications`);
    await page.getByText('Live updates are not available right now; checking every minute.').waitFor();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: /^Notifications\W+\d+ unread$/ }).waitFor();
    await shot(page, 'notifications-polling');
  });

  await t.test('no request left the instance and no script failed', () => {
    for (const p of all()) {
      assert.deepEqual(p.foreign, [], 'requests to other origins');
      assert.deepEqual(p.errors, [], 'uncaught errors in the page');
    }
  });
});
