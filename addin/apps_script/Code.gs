/**
 * Back office / Kantor belakang: the menu of a Google Sheet that runs backoffice's actions.
 *
 * Every item calls the action server (`backoffice serve`) at the address kept in the script
 * property BACKOFFICE_SERVER (an https address; not a secret). Who clicks is proven by
 * ScriptApp.getIdentityToken(), a token Google signs for the signed-in user: no password,
 * key or token of the company is stored in the sheet, where every editor could read it.
 * The server checks the e-mail against the book's allow-list kept by the company's admin.
 *
 * The book's address on the server is "gsheet:<this spreadsheet's id>", or the script
 * property BACKOFFICE_BOOK when set (a file the server keeps, "company/ledger.xlsx").
 *
 * The outcome shows as a toast; problems and failures in a dialog; an action still running
 * after the server's wait continues in a sidebar that polls its job (Apps Script stops a
 * run after 6 minutes, the sidebar does not need to wait inside one).
 */

var WORDS = {
  en: {
    menu: 'Back office', check: 'Check', post: 'Post', payroll: 'Run payroll',
    stock: 'Stock and reorder', sync: 'Sync',
    noServer: 'The back office server is not set: in Extensions > Apps Script > Project ' +
      'Settings > Script properties, add BACKOFFICE_SERVER with the server\'s https address.',
    month: 'Run payroll for which month (YYYY-MM)?',
    badMonth: 'Give the month as YYYY-MM, for example 2026-03.',
    working: 'Working on it…', running: 'Still running', done: 'Done',
    unreachable: 'The back office server did not answer: ',
    problems: 'Problems', more: 'more in the Issues sheet',
    lost: 'The server stopped before the action ended: nothing more will come. Click again.'
  },
  id: {
    menu: 'Kantor belakang', check: 'Periksa', post: 'Posting', payroll: 'Jalankan penggajian',
    stock: 'Stok dan pemesanan ulang', sync: 'Sinkronkan',
    noServer: 'Server kantor belakang belum diatur: di Ekstensi > Apps Script > Setelan ' +
      'Project > Properti skrip, tambahkan BACKOFFICE_SERVER dengan alamat https server.',
    month: 'Jalankan penggajian untuk bulan apa (YYYY-MM)?',
    badMonth: 'Tulis bulan sebagai YYYY-MM, misalnya 2026-03.',
    working: 'Sedang dikerjakan…', running: 'Masih berjalan', done: 'Selesai',
    unreachable: 'Server kantor belakang tidak menjawab: ',
    problems: 'Masalah', more: 'lainnya di sheet Masalah',
    lost: 'Server berhenti sebelum tindakan selesai: tidak ada hasil lagi. Klik lagi.'
  }
};

/** The language of the sheet: Indonesian when its locale is, else English. */
function language_() {
  var locale = SpreadsheetApp.getActive().getSpreadsheetLocale() || '';
  return locale.indexOf('id') === 0 || locale.indexOf('in') === 0 ? 'id' : 'en';
}

function onOpen() {
  var words = WORDS[language_()];
  SpreadsheetApp.getUi().createMenu(words.menu)
    .addItem(words.check, 'backofficeCheck')
    .addItem(words.post, 'backofficePost')
    .addItem(words.payroll, 'backofficePayroll')
    .addItem(words.stock, 'backofficeStock')
    .addSeparator()
    .addItem(words.sync, 'backofficeSync')
    .addToUi();
}

function backofficeCheck() { return runAction_('check', {}); }
function backofficePost() { return runAction_('post', {}); }
function backofficeStock() { return runAction_('stock', {}); }
function backofficeSync() { return runAction_('sync', {}); }

function backofficePayroll() {
  var lang = language_();
  var ui = SpreadsheetApp.getUi();
  var answer = ui.prompt(WORDS[lang].payroll, WORDS[lang].month, ui.ButtonSet.OK_CANCEL);
  if (answer.getSelectedButton() !== ui.Button.OK) return null;
  var month = String(answer.getResponseText()).trim();
  if (!/^\d{4}-\d{2}$/.test(month)) {
    ui.alert(WORDS[lang].payroll, WORDS[lang].badMonth, ui.ButtonSet.OK);
    return null;
  }
  return runAction_('payroll', {period: month});
}

/** The address of this book on the server. */
function bookAddress_() {
  var kept = PropertiesService.getScriptProperties().getProperty('BACKOFFICE_BOOK');
  return kept || 'gsheet:' + SpreadsheetApp.getActive().getId();
}

/** Call the server: the parsed JSON answer and its HTTP status. */
function call_(method, path, body) {
  var server = PropertiesService.getScriptProperties().getProperty('BACKOFFICE_SERVER');
  if (!server) return {status: 0, body: null, setup: true};
  var params = {
    method: method, muteHttpExceptions: true,
    headers: {Authorization: 'Bearer ' + ScriptApp.getIdentityToken()}
  };
  if (body) {
    params.contentType = 'application/json';
    params.payload = JSON.stringify(body);
  }
  var response = UrlFetchApp.fetch(server.replace(/\/+$/, '') + path, params);
  var parsed = null;
  try { parsed = JSON.parse(response.getContentText()); } catch (e) { parsed = null; }
  return {status: response.getResponseCode(), body: parsed};
}

/** Run an action on this book and show what came back; returns the server's answer. */
function runAction_(action, options) {
  var lang = language_();
  var words = WORDS[lang];
  var body = {book: bookAddress_(), lang: lang};
  for (var key in options) body[key] = options[key];
  var ss = SpreadsheetApp.getActive();
  ss.toast(words.working, words[action] || action, 5);
  var answer;
  try {
    answer = call_('post', '/v1/actions/' + action, body);
  } catch (e) {
    SpreadsheetApp.getUi().alert(words.menu, words.unreachable + e, SpreadsheetApp.getUi().ButtonSet.OK);
    return {status: 0, error: String(e)};
  }
  if (answer.setup) {
    SpreadsheetApp.getUi().alert(words.menu, words.noServer, SpreadsheetApp.getUi().ButtonSet.OK);
    return answer;
  }
  if (answer.status === 202) {
    showJob_(answer.body.job, words[action] || action, lang);
  } else if (answer.status === 200) {
    showResult_(answer.body.result, words[action] || action, lang);
  } else {
    var message = answer.body && answer.body.message ? answer.body.message[lang] :
      words.unreachable + 'HTTP ' + answer.status;
    SpreadsheetApp.getUi().alert(words[action] || action, message, SpreadsheetApp.getUi().ButtonSet.OK);
  }
  return answer;
}

/** A clean outcome as a toast; problems or a failure in a dialog. */
function showResult_(result, title, lang) {
  var outcome = result.outcome[lang] || result.outcome.en;
  // A clean run is a toast; warnings worth reading (exit 0 with problems) get the dialog too.
  if (result.exit_code === 0 && !(result.show_problems && result.problems.length)) {
    SpreadsheetApp.getActive().toast(outcome, title, 8);
    return;
  }
  var lines = [outcome];
  for (var i = 0; i < result.details.length; i++) lines.push(result.details[i][lang]);
  var shown = result.problems.slice(0, 15);
  if (shown.length) lines.push('', WORDS[lang].problems + ':');
  for (var j = 0; j < shown.length; j++) {
    var p = shown[j];
    lines.push((p.sheet ? p.sheet + '!' : '') + (p.cell || '') + ' — ' + p.message);
  }
  if (result.problems_total > shown.length) {
    lines.push('… ' + (result.problems_total - shown.length) + ' ' + WORDS[lang].more);
  }
  SpreadsheetApp.getUi().alert(title, lines.join('\n'), SpreadsheetApp.getUi().ButtonSet.OK);
}

/** A sidebar that polls a job every few seconds until it is done. */
function showJob_(job, title, lang) {
  var words = WORDS[lang];
  var html = '<div style="font-family:sans-serif">' +
    '<p id="state">' + words.working + '</p><p id="step"></p>' +
    '<script>' +
    'var job = ' + JSON.stringify(job) + ', lang = ' + JSON.stringify(lang) + ';' +
    'function show(s) {' +
    '  if (s.step) document.getElementById("step").textContent = s.step[lang];' +
    '  if (s.result) {' +
    '    document.getElementById("state").textContent = s.result.outcome[lang];' +
    '  } else if (s.state === "lost") {' +
    '    document.getElementById("state").textContent = ' + JSON.stringify(words.lost) + ';' +
    '  } else { setTimeout(poll, 3000); }' +
    '}' +
    'function poll() { google.script.run.withSuccessHandler(show).backofficePoll(job); }' +
    'poll();' +
    '</script></div>';
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput(html).setTitle(title + ' — ' +
    words.running));
}

/** Called by the sidebar: the job's state; shows the result when the job is done. */
function backofficePoll(job) {
  var answer = call_('get', '/v1/jobs/' + encodeURIComponent(job), null);
  if (answer.status !== 200) return {state: 'failed', result: {outcome: answer.body ?
    answer.body.message : {en: 'HTTP ' + answer.status, id: 'HTTP ' + answer.status}}};
  var state = answer.body;
  if (state.state === 'done') {
    var lang = language_();
    showResult_(state.result, WORDS[lang][state.action] || state.action, lang);
  }
  return state;
}
