// Drives Debian's headless chromium through the to-do sample (samples/todo) the way a person would, against the HTML
// contract of issue 18; run by tests/samples/todo/browser_test.cpp, or by hand:
//   node tests/browser/todo.mjs --url http://127.0.0.1:PORT --screenshot /tmp/todo-list.png
// Exits 0 when every step passed; otherwise prints the failed step, what it expected and what the page showed, and
// exits 1 at the first failure. The app's database must hold no to-dos when it starts.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

import { chromium } from 'playwright-core';

const usage = 'usage: node todo.mjs --url http://127.0.0.1:PORT --screenshot PATH';
let options;
try {
    ({ values: options } = parseArgs({ options: { url: { type: 'string' }, screenshot: { type: 'string' } } }));
} catch (error) {
    console.error(`todo.mjs: ${error.message}\n${usage}`);
    process.exit(2);
}
if (!options.url || !options.screenshot) {
    console.error(`todo.mjs: --url and --screenshot are both required\n${usage}`);
    process.exit(2);
}
const base = options.url.replace(/\/+$/, '');

const hostileTitle = '<script>alert(1)</script>';
// Markup that would run or render if the text were pasted into the page unescaped, in an element and after a quote.
const hostileText = '"><img src=x onerror="alert(2)"> <b>bold</b> & \'quoted\'';

let step = 'starting chromium';
const started = Date.now();
// launch() (not launchPersistentContext) gives chromium a fresh profile: Playwright makes a mkdtemp directory for its
// --user-data-dir and removes it when the browser closes. headless adds --headless and Playwright adds --no-sandbox
// (needed as root); the rest keep chromium off the network, which this machine's closed network refuses noisily.
const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    timeout: 30000,
    headless: true,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
page.setDefaultTimeout(5000);
page.setDefaultNavigationTimeout(10000);
const dialogs = [];
page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
});

// Opens `path` and checks the answer's status.
async function open(path, status = 200) {
    const response = await page.goto(base + path);
    assert.ok(response, `GET ${path} gave no response`);
    assert.equal(response.status(), status, `GET ${path}: status ${response.status()}, expected ${status}`);
    return response;
}

// Clicks a form's submit button and waits for the page that comes back: returns the POST's own response (a 303
// redirect is reported as such; the page it leads to is loaded when this returns).
async function submit(button) {
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest());
    const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
    await button.click();
    const response = await posted;
    await navigated;
    await page.waitForLoadState('load');
    return response;
}

// Submits a form that must redirect back to the list with `notice`, and checks the notice's text.
async function submitExpectingNotice(button, what, notice, noticeText) {
    const response = await submit(button);
    assert.equal(response.status(), 303, `${what}: POST ${response.url()} answered ${response.status()}, expected 303`);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/', `${what}: landed on ${page.url()}, expected the list`);
    assert.equal(url.searchParams.get('notice'), notice, `${what}: landed on ${page.url()}, expected ?notice=${notice}`);
    assert.equal((await page.locator('p.notice[role="status"]').textContent()).trim(), noticeText,
        `${what}: the notice shown`);
}

async function listed() {
    return page.locator('#todos li.todo').evaluateAll((items) => items.map((li) => ({
        id: li.dataset.id,
        done: li.dataset.done,
        title: li.querySelector('h2.title')?.textContent ?? null,
        text: li.querySelector('p.text')?.textContent ?? null,
        created: li.querySelector('time.created')?.textContent.trim() ?? null,
        toggle: li.querySelector('form[method="post"] button.toggle')?.textContent.trim() ?? null,
        doneInput: li.querySelector('input[name="done"]')?.value ?? null,
    })));
}

function item(title) {
    return page.locator('#todos li.todo').filter({ has: page.locator('h2.title', { hasText: title }) });
}

async function addTodo(title, text) {
    await page.click('a#new-todo');
    assert.equal(new URL(page.url()).pathname, '/new', `the "new to-do" link led to ${page.url()}, expected /new`);
    await page.fill('#new-todo-form #title', title);
    await page.fill('#new-todo-form #text', text);
    await submitExpectingNotice(page.locator('#new-todo-form button#add'), `adding "${title}"`, 'created', 'To-do added.');
}

async function expectNoScript(what) {
    assert.deepEqual(dialogs, [], `${what}: a dialog opened, so page script ran`);
    assert.equal(await page.locator('script').count(), 0, `${what}: the document holds a <script> element`);
}

try {
    step = 'open the empty list';
    const list = await open('/');
    assert.ok(list.headers()['content-security-policy'], 'the list page has no Content-Security-Policy header');
    assert.equal(await page.locator('#todos li.todo').count(), 0, 'the list of a new database shows to-dos');
    assert.ok(await page.locator('p#empty').isVisible(), 'the empty list shows no <p id="empty">');

    step = 'submit the new to-do form empty';
    await page.click('a#new-todo');
    let response = await submit(page.locator('#new-todo-form button#add'));
    assert.equal(response.status(), 422, `an empty form was answered ${response.status()}, expected 422`);
    assert.match(await page.locator('p.error[role="alert"]').first().textContent(), /Please give the to-do a title\./,
        'the message for an empty title');

    step = 'submit a title without text';
    await page.fill('#new-todo-form #title', 'Buy milk');
    response = await submit(page.locator('#new-todo-form button#add'));
    assert.equal(response.status(), 422, `a form without text was answered ${response.status()}, expected 422`);
    assert.equal((await page.locator('p.error[role="alert"]').textContent()).trim(), 'Please give the to-do a text.',
        'the message for an empty text');
    assert.equal(await page.inputValue('#new-todo-form #title'), 'Buy milk', 'the title entered is kept');

    step = 'add three to-dos';
    await page.fill('#new-todo-form #text', 'Two litres, semi-skimmed');
    await submitExpectingNotice(page.locator('#new-todo-form button#add'), 'adding "Buy milk"', 'created',
        'To-do added.');
    await addTodo('Write report', 'The quarterly numbers, for Friday');
    await addTodo('Call Alice', 'About the trip in May');
    let items = await listed();
    assert.deepEqual(items.map((i) => i.title), ['Call Alice', 'Write report', 'Buy milk'],
        'the list after three additions, newest first');
    assert.deepEqual(items.map((i) => i.text),
        ['About the trip in May', 'The quarterly numbers, for Friday', 'Two litres, semi-skimmed'], 'their texts');
    for (const i of items) {
        assert.match(i.id ?? '', /\S/, `"${i.title}" has no data-id`);
        assert.equal(i.done, 'false', `"${i.title}" is new, so data-done should be false`);
        assert.equal(i.toggle, 'Mark done', `the toggle button of "${i.title}"`);
        assert.equal(i.doneInput, 'true', `the hidden "done" input of "${i.title}" should ask to mark it done`);
        assert.ok(i.created, `"${i.title}" shows no <time class="created">`);
    }
    assert.equal(await page.locator('p#empty').count(), 0, 'a list with to-dos still shows <p id="empty">');

    step = 'mark "Write report" done';
    await submitExpectingNotice(item('Write report').locator('button.toggle'), 'marking "Write report" done', 'done',
        'Marked done.');
    items = await listed();
    assert.deepEqual(items.map((i) => [i.title, i.done, i.toggle]),
        [['Call Alice', 'false', 'Mark done'], ['Write report', 'true', 'Mark not done'],
            ['Buy milk', 'false', 'Mark done']], 'titles, data-done and toggle buttons after marking one done');

    step = 'take the screenshot of the list';
    mkdirSync(dirname(options.screenshot), { recursive: true });
    await page.screenshot({ path: options.screenshot, fullPage: true });

    step = 'delete "Buy milk"';
    await submitExpectingNotice(item('Buy milk').locator('button.delete'), 'deleting "Buy milk"', 'deleted',
        'To-do deleted.');
    assert.deepEqual((await listed()).map((i) => i.title), ['Call Alice', 'Write report'], 'the list after deleting');

    step = 'reload the list';
    await page.reload();
    await open('/');
    assert.equal(await page.locator('p.notice').count(), 0, 'the list opened afresh still shows a notice');
    assert.deepEqual((await listed()).map((i) => [i.title, i.done]), [['Call Alice', 'false'], ['Write report', 'true']],
        'the list opened afresh: titles and data-done');

    step = 'submit a hostile title without text';
    await page.click('a#new-todo');
    await page.fill('#new-todo-form #title', hostileTitle);
    response = await submit(page.locator('#new-todo-form button#add'));
    assert.equal(response.status(), 422, `a hostile title without text was answered ${response.status()}, expected 422`);
    assert.equal(await page.inputValue('#new-todo-form #title'), hostileTitle, 'the hostile title kept in the form');
    await expectNoScript('the form with the hostile title');

    step = 'add the to-do with the hostile title and text';
    await page.fill('#new-todo-form #text', hostileText);
    await submitExpectingNotice(page.locator('#new-todo-form button#add'), 'adding the hostile to-do', 'created',
        'To-do added.');
    items = await listed();
    assert.equal(items.length, 3, `the list after adding the hostile to-do holds ${items.length} to-dos, expected 3`);
    assert.equal(items[0].title, hostileTitle, 'the hostile title, shown literally');
    assert.equal(items[0].text, hostileText, 'the hostile text, shown literally');
    assert.ok((await page.locator('#todos').innerText()).includes(hostileTitle),
        'the visible text of the list does not show the hostile title literally');
    await expectNoScript('the list with the hostile to-do');
    assert.equal(await page.locator('#todos img, #todos b').count(), 0, 'the hostile text became markup');
} catch (error) {
    let shown = '';
    try {
        shown = (await page.locator('body').innerText({ timeout: 1000 })).slice(0, 2000);
    } catch {
        shown = '(the page could not be read)';
    }
    console.error(`todo.mjs: FAILED at step "${step}": ${error.message}`);
    if (error instanceof assert.AssertionError) {
        console.error(`expected: ${JSON.stringify(error.expected)}\nactual:   ${JSON.stringify(error.actual)}`);
    }
    console.error(`page: ${page.url()}\n--- the page showed ---\n${shown}\n---`);
    await browser.close();
    process.exit(1);
}
await browser.close();
console.log(`todo.mjs: every step passed in ${Date.now() - started} ms; screenshot: ${options.screenshot}`);
