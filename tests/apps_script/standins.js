// Stand-ins for the Apps Script services Code.gs uses, recording what the script shows.
// Google's runtime cannot run here: SpreadsheetApp, HtmlService, ScriptApp and
// PropertiesService are small doubles; UrlFetchApp.fetch is real HTTP to the local server
// (through fetch_child.js, since Apps Script's fetch is synchronous).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const {execFileSync} = require('node:child_process');

const CODE = path.join(__dirname, '..', '..', 'addin', 'apps_script', 'Code.gs');

function makeSheet({locale = 'en_US', properties = {}, token = 'no-token', prompt = null} = {}) {
  const shown = {toasts: [], alerts: [], sidebars: [], menus: [], fetches: []};
  const ButtonSet = {OK: 'OK', OK_CANCEL: 'OK_CANCEL'};
  const Button = {OK: 'OK', CANCEL: 'CANCEL'};
  const ui = {
    ButtonSet, Button,
    createMenu(title) {
      const menu = {title, items: []};
      shown.menus.push(menu);
      const builder = {
        addItem(caption, fn) { menu.items.push([caption, fn]); return builder; },
        addSeparator() { menu.items.push(['-', null]); return builder; },
        addToUi() { return undefined; },
      };
      return builder;
    },
    alert(title, message) { shown.alerts.push({title, message}); return Button.OK; },
    prompt() {
      return {getSelectedButton: () => (prompt === null ? Button.CANCEL : Button.OK),
              getResponseText: () => prompt || ''};
    },
    showSidebar(output) { shown.sidebars.push(output); },
  };
  const spreadsheet = {
    getId: () => 'test-spreadsheet-id',
    getSpreadsheetLocale: () => locale,
    toast(message, title, seconds) { shown.toasts.push({message, title, seconds}); },
  };
  const context = {
    SpreadsheetApp: {getActive: () => spreadsheet, getUi: () => ui},
    PropertiesService: {getScriptProperties: () => ({getProperty: (k) => properties[k] ?? null})},
    ScriptApp: {getIdentityToken: () => token},
    HtmlService: {createHtmlOutput(html) {
      const out = {html, title: null, setTitle(t) { out.title = t; return out; },
                   getContent: () => html};
      return out;
    }},
    UrlFetchApp: {fetch(url, params) {
      shown.fetches.push({url, method: params.method, authorization: params.headers.Authorization});
      const reply = JSON.parse(execFileSync(process.execPath, [path.join(__dirname, 'fetch_child.js')],
        {input: JSON.stringify({url, params}), timeout: 120000}).toString());
      if (reply.error) throw new Error('Exception: ' + reply.error);  // as Apps Script throws
      return {getResponseCode: () => reply.code, getContentText: () => reply.text};
    }},
  };
  vm.createContext(context);
  vm.runInContext(fs.readFileSync(CODE, 'utf8'), context, {filename: 'Code.gs'});
  return {script: context, shown};
}

module.exports = {makeSheet};
