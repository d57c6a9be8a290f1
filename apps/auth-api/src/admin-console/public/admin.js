// The auth-api admin console: edit, test, check and save the Postmark connector config.
// Framework-free; talks only to this origin's admin API. No inline script (the page's CSP forbids it).
(function () {
  'use strict';

  const KEY_STORAGE = 'authApi.adminKey';
  const API = '/v1/admin/postmark';
  const SEED_TEMPLATES = [
    '[',
    '  { "usageType": "Register", "templateAlias": "logto-register", },',
    '  { "usageType": "SignIn", "templateAlias": "logto-sign-in", },',
    '  { "usageType": "ForgotPassword", "templateAlias": "logto-forgot-password", },',
    '  { "usageType": "Generic", "templateAlias": "logto-generic", },',
    ']',
  ].join('\n');

  function $(id) {
    return document.getElementById(id);
  }

  const el = {
    announcer: $('announcer'),
    keyPanel: $('key-panel'),
    keyForm: $('key-form'),
    keyInput: $('admin-key'),
    keyError: $('admin-key-error'),
    offPanel: $('off-panel'),
    forgetKey: $('forget-key'),
    badge: $('active-badge'),
    form: $('config-form'),
    activeInfo: $('active-info'),
    token: $('server-token'),
    from: $('from-email'),
    templates: $('templates'),
    testTo: $('test-to'),
    sendTest: $('send-test'),
    testResult: $('test-result'),
    check: $('check'),
    checkResult: $('check-result'),
    save: $('save'),
    saveHint: $('save-hint'),
    saveResult: $('save-result'),
    formErrors: $('form-errors'),
  };

  /** Form fields by the first segment of a violation path (`templates[2].templateAlias: ...`). */
  const FIELDS = {
    serverToken: { input: el.token, error: $('server-token-error') },
    fromEmail: { input: el.from, error: $('from-email-error') },
    templates: { input: el.templates, error: $('templates-error') },
    to: { input: el.testTo, error: $('test-to-error') },
  };
  /** Where a Postmark error code belongs when its message has no path. */
  const FIELD_OF_CODE = {
    UNAUTHORIZED: 'serverToken',
    SENDER_NOT_CONFIRMED: 'fromEmail',
    TEMPLATE_NOT_FOUND: 'templates',
    INVALID_RECIPIENT: 'to',
    INACTIVE_RECIPIENT: 'to',
  };

  let testedSnapshot = null;

  function adminKey() {
    try {
      return window.sessionStorage.getItem(KEY_STORAGE) || '';
    } catch {
      return '';
    }
  }

  function announce(text) {
    el.announcer.textContent = '';
    window.setTimeout(function () {
      el.announcer.textContent = text;
    }, 30);
  }

  /** Calls the admin API; resolves `{ status, body }`, never throws for an HTTP answer. */
  function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const key = adminKey();
    if (key) headers.Authorization = 'Bearer ' + key;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(API + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (json) {
            return { status: res.status, body: json };
          });
      })
      .catch(function () {
        return {
          status: 0,
          body: {
            message: 'The server could not be reached. Is auth-api running?',
          },
        };
      });
  }

  function messagesOf(body) {
    const message = body && body.message;
    if (Array.isArray(message)) return message.map(String);
    if (typeof message === 'string') return [message];
    return ['Unexpected answer from the server'];
  }

  function formConfig() {
    return {
      serverToken: el.token.value,
      fromEmail: el.from.value.trim(),
      templates: el.templates.value,
    };
  }

  function snapshot() {
    return JSON.stringify([
      el.token.value,
      el.from.value.trim(),
      el.templates.value,
    ]);
  }

  function updateSave() {
    const ready = testedSnapshot !== null && testedSnapshot === snapshot();
    el.save.disabled = !ready;
    el.saveHint.textContent = ready
      ? 'The test of these settings succeeded: Save makes them the active config.'
      : 'Send a successful test of these exact settings to enable Save.';
  }

  function clearErrors() {
    Object.keys(FIELDS).forEach(function (name) {
      FIELDS[name].error.textContent = '';
      FIELDS[name].input.removeAttribute('aria-invalid');
    });
    el.formErrors.hidden = true;
    el.formErrors.textContent = '';
  }

  /** Shows `path: message` violations next to their fields; the rest in the form's alert box. */
  function showErrors(body) {
    const general = [];
    const fieldCode =
      body && typeof body.code === 'string'
        ? FIELD_OF_CODE[body.code]
        : undefined;
    messagesOf(body).forEach(function (line) {
      const match = /^([A-Za-z]+)[[.:]/.exec(line);
      const name = match && FIELDS[match[1]] ? match[1] : fieldCode;
      if (name && FIELDS[name]) {
        const f = FIELDS[name];
        f.error.textContent += (f.error.textContent ? '\n' : '') + line;
        f.input.setAttribute('aria-invalid', 'true');
      } else {
        general.push(line);
      }
    });
    if (general.length) {
      el.formErrors.textContent = '';
      const list = document.createElement('ul');
      general.forEach(function (line) {
        const item = document.createElement('li');
        item.textContent = line;
        list.appendChild(item);
      });
      el.formErrors.appendChild(list);
      el.formErrors.hidden = false;
    }
  }

  function setResult(node, ok, text) {
    node.className = 'result ' + (ok ? 'ok' : 'error');
    node.textContent = text;
  }

  function busy(button, on) {
    button.setAttribute('aria-busy', on ? 'true' : 'false');
    button.disabled = on;
  }

  function describeFailure(res) {
    const lines = messagesOf(res.body);
    return lines.join('; ');
  }

  function toJsonc(templates) {
    if (!Array.isArray(templates) || templates.length === 0)
      return SEED_TEMPLATES;
    return ['[']
      .concat(
        templates.map(function (t) {
          return (
            '  { "usageType": ' +
            JSON.stringify(t.usageType) +
            ', "templateAlias": ' +
            JSON.stringify(t.templateAlias) +
            ', },'
          );
        }),
        [']'],
      )
      .join('\n');
  }

  function showActive(config) {
    const saved = config.source === 'saved';
    el.badge.hidden = false;
    el.badge.className = 'badge' + (saved ? ' saved' : '');
    el.badge.textContent = saved
      ? 'Saved config active'
      : 'Environment config active';
    el.activeInfo.textContent =
      saved && config.savedAt
        ? 'Active: saved ' + new Date(config.savedAt).toLocaleString()
        : 'Active: from the environment';
  }

  function fill(config) {
    el.token.value =
      typeof config.serverToken === 'string' ? config.serverToken : '';
    el.from.value =
      typeof config.fromEmail === 'string' ? config.fromEmail : '';
    el.templates.value = toJsonc(config.templates);
    showActive(config);
  }

  function showKeyPanel(message) {
    el.form.hidden = true;
    el.keyPanel.hidden = false;
    el.keyError.textContent = message || '';
    if (message) el.keyInput.setAttribute('aria-invalid', 'true');
    el.keyInput.focus();
  }

  function load() {
    return api('GET', '/config').then(function (res) {
      if (res.status === 401) {
        const hadKey = Boolean(adminKey());
        if (hadKey) window.sessionStorage.removeItem(KEY_STORAGE);
        showKeyPanel(
          hadKey
            ? 'This admin key was refused. Check ADMIN_API_KEY and try again.'
            : '',
        );
        if (hadKey) announce('The admin key was refused');
        return;
      }
      if (res.status === 404) {
        el.offPanel.hidden = false;
        el.keyPanel.hidden = true;
        return;
      }
      if (res.status !== 200) {
        el.offPanel.hidden = false;
        el.offPanel.textContent = describeFailure(res);
        return;
      }
      el.keyPanel.hidden = true;
      el.keyInput.removeAttribute('aria-invalid');
      el.form.hidden = false;
      el.forgetKey.hidden = !adminKey();
      fill(res.body);
      testedSnapshot = null;
      updateSave();
    });
  }

  el.keyForm.addEventListener('submit', function (event) {
    event.preventDefault();
    const key = el.keyInput.value.trim();
    if (!key) {
      el.keyError.textContent = 'Enter the admin API key.';
      el.keyInput.setAttribute('aria-invalid', 'true');
      return;
    }
    window.sessionStorage.setItem(KEY_STORAGE, key);
    el.keyInput.value = '';
    load().then(function () {
      if (!el.form.hidden) el.token.focus();
    });
  });

  el.forgetKey.addEventListener('click', function () {
    window.sessionStorage.removeItem(KEY_STORAGE);
    el.forgetKey.hidden = true;
    el.badge.hidden = true;
    showKeyPanel('');
  });

  [el.token, el.from, el.templates].forEach(function (input) {
    input.addEventListener('input', function () {
      updateSave();
      // Results of other values would mislead: drop them.
      el.saveResult.textContent = '';
      el.checkResult.textContent = '';
    });
  });

  el.sendTest.addEventListener('click', function () {
    clearErrors();
    const to = el.testTo.value.trim();
    if (!to) {
      FIELDS.to.error.textContent = 'Enter the address to send the test to.';
      el.testTo.setAttribute('aria-invalid', 'true');
      el.testTo.focus();
      announce('Enter the address to send the test to.');
      return;
    }
    const tested = snapshot();
    busy(el.sendTest, true);
    setResult(el.testResult, true, 'Sending…');
    api('POST', '/test', { to: to, config: formConfig() }).then(function (res) {
      busy(el.sendTest, false);
      if (res.status === 200) {
        testedSnapshot = tested;
        setResult(
          el.testResult,
          true,
          'Test email sent to ' + to + '. Message ID: ' + res.body.messageId,
        );
        announce('Test email sent. Message ID ' + res.body.messageId);
      } else {
        testedSnapshot = null;
        const text = 'Test failed: ' + describeFailure(res);
        setResult(el.testResult, false, text);
        showErrors(res.body);
        announce(text);
      }
      updateSave();
    });
  });

  el.check.addEventListener('click', function () {
    clearErrors();
    busy(el.check, true);
    el.checkResult.textContent = 'Checking…';
    api('POST', '/check', { config: formConfig() }).then(function (res) {
      busy(el.check, false);
      el.checkResult.textContent = '';
      if (res.status !== 200) {
        const failed = document.createElement('div');
        setResult(failed, false, 'Check failed: ' + describeFailure(res));
        el.checkResult.appendChild(failed);
        showErrors(res.body);
        announce('Check failed');
        return;
      }
      renderCheck(res.body);
      const missing = res.body.templates.filter(function (t) {
        return !t.ok;
      }).length;
      announce(
        (res.body.server.ok ? 'Token accepted. ' : 'Token refused. ') +
          (missing
            ? missing + ' template' + (missing > 1 ? 's' : '') + ' missing.'
            : 'All templates found.'),
      );
    });
  });

  function renderCheck(check) {
    const server = document.createElement('p');
    server.className = check.server.ok ? 'status-ok' : 'status-missing';
    server.textContent = check.server.ok
      ? 'Server token accepted' +
        (check.server.name ? ' (server "' + check.server.name + '")' : '')
      : 'Server token refused: ' +
        (check.server.error ? check.server.error.message : 'unknown error');
    el.checkResult.appendChild(server);

    const table = document.createElement('table');
    const caption = document.createElement('caption');
    caption.className = 'visually-hidden';
    caption.textContent = 'Template check, one row per template';
    table.appendChild(caption);
    const head = document.createElement('thead');
    head.innerHTML =
      '<tr><th scope="col">Usage type</th><th scope="col">Alias</th><th scope="col">Status</th></tr>';
    table.appendChild(head);
    const tbody = document.createElement('tbody');
    check.templates.forEach(function (t) {
      const row = document.createElement('tr');
      row.setAttribute('data-alias', t.templateAlias);
      const usage = document.createElement('td');
      usage.textContent = t.usageType;
      const alias = document.createElement('td');
      const code = document.createElement('code');
      code.textContent = t.templateAlias;
      alias.appendChild(code);
      const status = document.createElement('td');
      status.className = t.ok ? 'status-ok' : 'status-missing';
      status.textContent = t.ok
        ? 'Found'
        : 'Missing: ' + (t.error ? t.error.message : '');
      row.appendChild(usage);
      row.appendChild(alias);
      row.appendChild(status);
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    el.checkResult.appendChild(table);
  }

  el.form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (el.save.disabled) return;
    clearErrors();
    busy(el.save, true);
    el.saveResult.textContent = '';
    api('PUT', '/config', formConfig()).then(function (res) {
      busy(el.save, false);
      if (res.status === 200) {
        fill(res.body);
        testedSnapshot = null;
        setResult(
          el.saveResult,
          true,
          'Saved. The next verification email uses these settings.',
        );
        announce('Saved. The new settings are active.');
      } else {
        const text = 'Not saved: ' + describeFailure(res);
        setResult(el.saveResult, false, text);
        showErrors(res.body);
        announce(text);
      }
      updateSave();
    });
  });

  el.templates.value = SEED_TEMPLATES;
  load();
})();
