// Code.gs under node: the menu, toasts, dialogs and the job sidebar, against the REAL
// action server that tests/test_apps_script.py starts (its address and identity tokens
// come in the environment; run through that pytest test).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const vm = require('node:vm');
const {execFileSync} = require('node:child_process');
const {makeSheet} = require('./standins.js');

const env = process.env;
const ready = Boolean(env.BO_SERVER);
const skip = ready ? false : 'needs the server started by tests/test_apps_script.py';

function sheet(options = {}) {
  return makeSheet({
    token: env.BO_TOKEN_ALLOWED,
    properties: {BACKOFFICE_SERVER: env.BO_SERVER, BACKOFFICE_BOOK: env.BO_BOOK_BAD},
    ...options,
  });
}

test('the menu is Back office in English and Kantor belakang in Indonesian', {skip: false}, () => {
  for (const [locale, title, first] of [['en_US', 'Back office', 'Check'],
                                         ['in_ID', 'Kantor belakang', 'Periksa']]) {
    const {script, shown} = makeSheet({locale});
    script.onOpen();
    assert.equal(shown.menus[0].title, title);
    assert.deepEqual(shown.menus[0].items.map((i) => i[1]), ['backofficeCheck', 'backofficePost',
      'backofficePayroll', 'backofficeStock', null, 'backofficeSync']);
    assert.equal(shown.menus[0].items[0][0], first);
  }
});

test('without a server address the menu says how to set it, and calls nothing', () => {
  const {script, shown} = makeSheet({locale: 'in_ID'});
  script.backofficeCheck();
  assert.equal(shown.fetches.length, 0);
  assert.match(shown.alerts[0].message, /BACKOFFICE_SERVER/);
  assert.match(shown.alerts[0].message, /Properti skrip/);
});

test('Check of a book with a wrong account: its problems in a dialog, in Indonesian', {skip}, () => {
  const {script, shown} = sheet({locale: 'in_ID'});
  const answer = script.backofficeCheck();
  assert.equal(answer.status, 200);
  assert.equal(answer.body.result.exit_code, 1);
  assert.equal(shown.fetches[0].authorization, 'Bearer ' + env.BO_TOKEN_ALLOWED);
  assert.equal(shown.fetches[0].url, env.BO_SERVER + '/v1/actions/check');
  const dialog = shown.alerts.at(-1);
  assert.equal(dialog.title, 'Periksa');
  assert.match(dialog.message, /Journal!C2/);
  assert.match(dialog.message, /Masalah:/);
});

test('Check of a clean book: the outcome in a toast, no dialog', {skip}, () => {
  const {script, shown} = sheet({properties: {BACKOFFICE_SERVER: env.BO_SERVER,
                                              BACKOFFICE_BOOK: env.BO_BOOK_GOOD}});
  const answer = script.backofficeCheck();
  assert.equal(answer.body.result.exit_code, 0, JSON.stringify(answer.body.result.lines));
  assert.equal(shown.alerts.length, 0);
  assert.match(shown.toasts.at(-1).message, new RegExp(env.BO_BOOK_GOOD.replace('.', '\\.')));
});

test('someone off the allow-list is told so in a dialog', {skip}, () => {
  const {script, shown} = sheet({token: env.BO_TOKEN_OTHER});
  const answer = script.backofficePost();
  assert.equal(answer.status, 403);
  assert.match(shown.alerts.at(-1).message, /allow-list/);
});

test('an expired identity token is refused, not run', {skip}, () => {
  const {script, shown} = sheet({token: env.BO_TOKEN_EXPIRED});
  assert.equal(script.backofficeSync().status, 401);
  assert.match(shown.alerts.at(-1).message, /Sign-in was refused/);
});

test('Run payroll asks for the month and refuses a bad one without calling', {skip}, () => {
  const {script, shown} = sheet({prompt: 'March'});
  assert.equal(script.backofficePayroll(), null);
  assert.equal(shown.fetches.length, 0);
  assert.match(shown.alerts.at(-1).message, /YYYY-MM/);
  const cancelled = sheet({prompt: null});
  assert.equal(cancelled.script.backofficePayroll(), null);
});

test('Run payroll on a ledger is refused by the server and shown in a dialog', {skip}, () => {
  const {script, shown} = sheet({prompt: '2025-03'});
  const answer = script.backofficePayroll();
  assert.equal(answer.status, 200);
  assert.equal(answer.body.result.exit_code, 2);
  assert.ok(shown.alerts.at(-1).message.length > 0);
});

test('a long action continues in a sidebar that polls its job', {skip}, () => {
  const {script, shown} = sheet({properties: {BACKOFFICE_SERVER: env.BO_SERVER_NOWAIT,
                                              BACKOFFICE_BOOK: env.BO_BOOK_GOOD}});
  const answer = script.backofficePost();
  assert.equal(answer.status, 202);
  const sidebar = shown.sidebars[0];
  assert.match(sidebar.title, /Post — Still running/);
  // Run the sidebar's own script: google.script.run calls backofficePoll in Code.gs (its
  // answer crosses as JSON, as Google's bridge does); setTimeout waits a second here.
  const elements = {state: {textContent: ''}, step: {textContent: ''}};
  const pending = [];
  const page = {
    document: {getElementById: (id) => elements[id]},
    setTimeout: (fn) => pending.push(fn),
    google: {script: {run: {withSuccessHandler: (handler) => ({
      backofficePoll: (job) => handler(JSON.parse(JSON.stringify(script.backofficePoll(job)))),
    })}}},
  };
  vm.createContext(page);
  vm.runInContext(sidebar.getContent().split('<script>')[1].split('</script>')[0], page);
  for (let i = 0; i < 90 && pending.length; i++) {
    execFileSync('sleep', ['1']);
    pending.shift()();
  }
  assert.equal(pending.length, 0, 'the sidebar stopped polling');
  assert.match(elements.state.textContent, /posted|Posted|Trial Balance/i);
  assert.match(shown.toasts.at(-1).message, /posted|Posted|Trial Balance/i);  // and the toast
});
