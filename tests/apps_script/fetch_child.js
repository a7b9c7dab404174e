// One HTTP request for the UrlFetchApp stand-in: Apps Script's fetch is synchronous, node's is
// not, so the stand-in runs this file with execFileSync. Reads {url, params} on stdin, prints
// {code, text}. It talks to the real local server; nothing is faked here.
'use strict';
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const {url, params} = JSON.parse(input);
  const init = {method: (params.method || 'get').toUpperCase(), headers: {...(params.headers || {})}};
  if (params.payload !== undefined) {
    init.body = params.payload;
    init.headers['Content-Type'] = params.contentType || 'application/x-www-form-urlencoded';
  }
  try {
    const response = await fetch(url, init);
    process.stdout.write(JSON.stringify({code: response.status, text: await response.text()}));
  } catch (error) {
    process.stdout.write(JSON.stringify({error: String(error)}));
  }
});
