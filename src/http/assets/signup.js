// Doorman sign-up: an enhancement only. Without this script the form posts and the server
// answers with the same errors, the same contact sections and the same success page.
(function () {
  'use strict';
  var form = document.getElementById('signup-form');
  if (!form || !window.fetch || !window.JSON) return;
  var statusBox = document.getElementById('form-status');
  var button = document.getElementById('submit');
  var FIELDS = ['username', 'password', 'password_confirm'];
  var CONTACT_CODES = ['contact_required', 'contact_unverified', 'contact_taken', 'handle_unknown', 'dm_closed', 'pin_invalid', 'rate_limited', 'chat_unavailable'];
  var POLL_MS = 2000;
  var POLL_LIMIT_MS = 10 * 60 * 1000;
  var baseTitle = document.title.replace(/^Error: /, '');
  var buttonText = button.textContent;
  var sections = [].slice.call(form.querySelectorAll('fieldset.contact[data-platform]'));
  var polls = {};
  var lastClicked = null;
  var done = false;
  sections.forEach(function (section) {
    var platform = section.getAttribute('data-platform');
    FIELDS.push(platform, platform + '_handle', platform + '_pin');
  });

  function byId(id) { return document.getElementById(id); }

  function setFieldError(field, messages) {
    var target = byId(field);
    var box = byId(field + '-error');
    if (!target || !box) return;
    box.textContent = '';
    box.hidden = messages.length === 0;
    (target.closest('.field') || target).classList.toggle('has-error', messages.length > 0);
    messages.forEach(function (message) {
      var line = document.createElement('p');
      var prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.textContent = 'Error: ';
      line.appendChild(prefix);
      line.appendChild(document.createTextNode(message));
      box.appendChild(line);
    });
    if (target.tagName !== 'INPUT') return;
    if (messages.length > 0) target.setAttribute('aria-invalid', 'true');
    else target.removeAttribute('aria-invalid');
  }

  function link(field, text) {
    var a = document.createElement('a');
    a.href = '#' + field;
    a.textContent = text;
    return a;
  }

  // As the server does: `contacts.telegram` is the Telegram section, a contact route's `handle` is
  // that platform's handle field, a contact refusal without a field belongs to its section.
  function pageField(error, field, platform) {
    if (!field) return platform && CONTACT_CODES.indexOf(error.code) >= 0 ? platform : null;
    var contact = /^contacts\.(\w+)$/.exec(field);
    if (contact) return contact[1];
    if (platform && (field === 'handle' || field === 'pin')) return platform + '_' + field;
    return field;
  }

  function clearErrors() {
    FIELDS.forEach(function (field) { setFieldError(field, []); });
    statusBox.hidden = true;
    statusBox.textContent = '';
    document.title = baseTitle;
  }

  // The same layout as the server's re-rendered form: a summary on top, messages by their fields.
  function showErrors(error, platform, title) {
    var fields = {};
    FIELDS.forEach(function (field) { fields[field] = []; });
    (error.problems || []).forEach(function (problem) {
      var list = fields[pageField(error, problem.field, platform)];
      if (list && list.indexOf(problem.message) < 0) list.push(problem.message);
    });
    var own = fields[pageField(error, error.field, platform)];
    if (own && own.length === 0) own.push(error.message);
    FIELDS.forEach(function (field) { setFieldError(field, fields[field]); });
    var first = FIELDS.filter(function (field) { return fields[field].length > 0 && byId(field); })[0];

    statusBox.textContent = '';
    var heading = document.createElement('h2');
    heading.textContent = title || 'Your account was not created';
    var summary = document.createElement('p');
    var headlineIsFieldError = first && fields[first][0] === error.message;
    summary.appendChild(headlineIsFieldError ? link(first, error.message) : document.createTextNode(error.message));
    statusBox.appendChild(heading);
    statusBox.appendChild(summary);
    var list = document.createElement('ul');
    FIELDS.forEach(function (field) {
      fields[field].forEach(function (message) {
        if (message === error.message) return;
        var item = document.createElement('li');
        item.appendChild(link(field, message));
        list.appendChild(item);
      });
    });
    if (list.firstChild) statusBox.appendChild(list);
    statusBox.hidden = false;
    document.title = 'Error: ' + baseTitle;
    (first ? byId(first) : statusBox).focus();
  }

  function formatDate(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
  }

  function showSuccess(user) {
    done = true;
    var template = byId('success-template');
    var section = template.content.querySelector('section').cloneNode(true);
    section.querySelectorAll('[data-slot="name"]').forEach(function (slot) { slot.textContent = user.name; });
    if (user.expires_at) {
      var time = section.querySelector('[data-slot="expires-at"]');
      time.setAttribute('datetime', user.expires_at);
      time.textContent = formatDate(user.expires_at);
      section.querySelector('[data-slot="expiry"]').hidden = false;
    }
    var main = byId('main');
    while (main.firstChild) main.removeChild(main.firstChild);
    main.appendChild(section);
    document.title = 'Your account is ready';
    section.querySelector('h1').focus();
  }

  function setBusy(target, busy, text) {
    target.disabled = busy;
    if (text) target.textContent = text;
    form.setAttribute('aria-busy', String(busy));
  }

  function send(url, method, body) {
    var init = { method: method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    if (body) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      return response.json().then(function (json) { return { status: response.status, body: json }; });
    });
  }

  // The API could not be reached or answered oddly: let the plain form post do the work.
  function fallBack(submitter) {
    done = true;
    if (submitter && submitter.getAttribute('formaction')) form.setAttribute('action', submitter.getAttribute('formaction'));
    form.submit();
  }

  // ----- chat contacts -----

  function part(section, name) { return byId(section.getAttribute('data-platform') + name); }

  function setStatus(section, text, linked) {
    var status = part(section, '-status');
    status.textContent = text;
    status.classList.toggle('linked', Boolean(linked));
    section.classList.toggle('verified', Boolean(linked));
  }

  function poll(section, pin) {
    var platform = section.getAttribute('data-platform');
    var token = {};
    var started = Date.now();
    polls[platform] = token;
    function tick() {
      if (polls[platform] !== token || done) return;
      if (Date.now() - started > POLL_LIMIT_MS) return setStatus(section, 'This PIN has expired. Ask for a new one.');
      send(section.getAttribute('data-pin-api') + '/' + encodeURIComponent(pin), 'GET').then(function (answer) {
        if (polls[platform] !== token || done) return;
        if (answer.status === 200 && answer.body.verified) return setStatus(section, section.getAttribute('data-linked'), true);
        if (answer.status === 404) return setStatus(section, 'This PIN has expired. Ask for a new one.');
        if (answer.status === 429) return setStatus(section, answer.body.error.message);
        setTimeout(tick, POLL_MS);
      }, function () { setTimeout(tick, POLL_MS); });
    }
    setTimeout(tick, POLL_MS);
  }

  function fromTemplate(section, name) {
    return part(section, name).content.firstElementChild.cloneNode(true);
  }

  function empty(element) { while (element.firstChild) element.removeChild(element.firstChild); }

  // Page → bot: the PIN, the instructions and the deep link, as the server renders them.
  function showPin(section, answer) {
    var block = fromTemplate(section, '-pin-template');
    block.setAttribute('data-pin', answer.pin);
    block.querySelectorAll('[data-slot="pin"]').forEach(function (slot) { slot.textContent = answer.pin; });
    block.querySelector('[data-slot="pin-value"]').value = answer.pin;
    var deep = block.querySelector('[data-slot="deep-link"]');
    if (deep && answer.deep_link) deep.href = answer.deep_link;
    else if (deep) deep.parentNode.parentNode.removeChild(deep.parentNode);
    var box = part(section, '-pin-box');
    empty(box);
    box.appendChild(block);
    empty(part(section, '-typed-pin'));
    part(section, '-dm-block').hidden = true;
    part(section, '_handle').disabled = true;
    part(section, '-link').textContent = 'Get a new PIN';
    setStatus(section, section.getAttribute('data-waiting'));
    poll(section, answer.pin);
  }

  // Bot → page: a field for the PIN the bot sent.
  function showTypedPin(section, handle) {
    var field = fromTemplate(section, '-dm-template');
    field.querySelector('[data-slot="handle"]').textContent = handle;
    var typed = part(section, '-typed-pin');
    empty(typed);
    typed.appendChild(field);
    empty(part(section, '-pin-box'));
    polls[section.getAttribute('data-platform')] = null;
    part(section, '-dm').textContent = 'Send a new PIN';
    // The PIN field's own hint says where the PIN went; focusing it reads that out.
    setStatus(section, '');
    part(section, '_pin').focus();
  }

  function contactAction(section, action, submitter) {
    var platform = section.getAttribute('data-platform');
    var handle = part(section, '_handle').value.trim();
    var url = section.getAttribute(action === 'pin' ? 'data-pin-api' : 'data-dm-api');
    var text = submitter.textContent;
    setBusy(submitter, true);
    send(url, 'POST', action === 'pin' ? {} : { handle: handle }).then(function (answer) {
      setBusy(submitter, false, text);
      var ok = action === 'pin' ? answer.status === 201 && answer.body.pin : answer.status === 200 && answer.body.sent;
      if (!ok && !(answer.body && answer.body.error)) return fallBack(submitter);
      if (!ok) return showErrors(answer.body.error, platform, action === 'pin' ? 'Linking did not start' : 'The bot did not send a PIN');
      clearErrors();
      if (action === 'pin') showPin(section, answer.body);
      else showTypedPin(section, handle);
    }, function () { fallBack(submitter); });
  }

  function contactValues() {
    var contacts = {};
    var first = null;
    sections.forEach(function (section) {
      var platform = section.getAttribute('data-platform');
      var pin = form.querySelector('[name="' + platform + '_pin"]');
      var handle = part(section, '_handle');
      if (!pin || !pin.value.trim()) return;
      contacts[platform] = { pin: pin.value.trim() };
      if (!handle.disabled && handle.value.trim()) contacts[platform].handle = handle.value.trim();
      first = first || platform;
    });
    return { contacts: first ? contacts : null, first: first };
  }

  sections.forEach(function (section) {
    // Enter in the handle field asks for a PIN rather than creating the account.
    part(section, '_handle').addEventListener('keydown', function (event) {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      part(section, '-dm').click();
    });
    var shown = section.querySelector('.pin-block[data-pin]');
    if (shown && shown.getAttribute('data-pin') && !part(section, '-status').classList.contains('linked')) poll(section, shown.getAttribute('data-pin'));
  });

  form.addEventListener('click', function (event) {
    lastClicked = event.target.closest ? event.target.closest('button') : null;
  });

  function signup() {
    var values = {
      username: form.elements.username.value,
      password: form.elements.password.value,
      password_confirm: form.elements.password_confirm.value,
    };
    if (values.password !== values.password_confirm) {
      showErrors({ message: 'The two passwords are not the same: type the same password twice.', field: 'password_confirm' });
      return;
    }
    var contacts = contactValues();
    if (contacts.contacts) values.contacts = contacts.contacts;
    var platform = contacts.first || (sections[0] && sections[0].getAttribute('data-platform'));
    setBusy(button, true, 'Creating your account…');
    send(form.getAttribute('data-api'), 'POST', values).then(function (answer) {
      if (answer.status === 201 && answer.body && answer.body.user) return showSuccess(answer.body.user);
      if (!answer.body || !answer.body.error) return fallBack(button);
      setBusy(button, false, buttonText);
      showErrors(answer.body.error, platform);
    }, function () { fallBack(button); });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var submitter = event.submitter || lastClicked;
    var action = submitter && submitter.getAttribute('data-contact-action');
    if (submitter && submitter.disabled) return;
    if (action) return contactAction(submitter.closest('fieldset.contact'), action, submitter);
    if (button.disabled) return;
    signup();
  });
})();
