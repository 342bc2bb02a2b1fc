// Doorman sign-up: an enhancement only. Without this script the form posts and the server
// answers with the same errors and the same success page.
(function () {
  'use strict';
  var form = document.getElementById('signup-form');
  if (!form || !window.fetch || !window.JSON) return;
  var statusBox = document.getElementById('form-status');
  var button = document.getElementById('submit');
  var FIELDS = ['username', 'password', 'password_confirm'];
  var baseTitle = document.title.replace(/^Error: /, '');
  var buttonText = button.textContent;

  function setFieldError(field, messages) {
    var input = document.getElementById(field);
    var box = document.getElementById(field + '-error');
    if (!input || !box) return;
    box.textContent = '';
    box.hidden = messages.length === 0;
    input.parentNode.classList.toggle('has-error', messages.length > 0);
    messages.forEach(function (message) {
      var line = document.createElement('p');
      var prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.textContent = 'Error: ';
      line.appendChild(prefix);
      line.appendChild(document.createTextNode(message));
      box.appendChild(line);
    });
    if (messages.length > 0) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  function link(field, text) {
    var a = document.createElement('a');
    a.href = '#' + field;
    a.textContent = text;
    return a;
  }

  // The same layout as the server's re-rendered form: a summary on top, messages by their fields.
  function showErrors(error) {
    var fields = {};
    FIELDS.forEach(function (field) { fields[field] = []; });
    (error.problems || []).forEach(function (problem) {
      var list = fields[problem.field];
      if (list && list.indexOf(problem.message) < 0) list.push(problem.message);
    });
    if (fields[error.field] && fields[error.field].length === 0) fields[error.field].push(error.message);
    FIELDS.forEach(function (field) { setFieldError(field, fields[field]); });
    var first = FIELDS.filter(function (field) { return fields[field].length > 0; })[0];

    statusBox.textContent = '';
    var heading = document.createElement('h2');
    heading.textContent = 'Your account was not created';
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
    (first ? document.getElementById(first) : statusBox).focus();
  }

  function formatDate(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
  }

  function showSuccess(user) {
    var template = document.getElementById('success-template');
    var section = template.content.querySelector('section').cloneNode(true);
    section.querySelectorAll('[data-slot="name"]').forEach(function (slot) { slot.textContent = user.name; });
    if (user.expires_at) {
      var time = section.querySelector('[data-slot="expires-at"]');
      time.setAttribute('datetime', user.expires_at);
      time.textContent = formatDate(user.expires_at);
      section.querySelector('[data-slot="expiry"]').hidden = false;
    }
    var main = document.getElementById('main');
    while (main.firstChild) main.removeChild(main.firstChild);
    main.appendChild(section);
    document.title = 'Your account is ready';
    section.querySelector('h1').focus();
  }

  function setBusy(busy) {
    button.disabled = busy;
    button.textContent = busy ? 'Creating your account…' : buttonText;
    form.setAttribute('aria-busy', String(busy));
  }

  // The API could not be reached or answered oddly: let the plain form post do the work.
  function fallBack() {
    setBusy(false);
    form.submit();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (button.disabled) return;
    var values = {
      username: form.elements.username.value,
      password: form.elements.password.value,
      password_confirm: form.elements.password_confirm.value,
    };
    if (values.password !== values.password_confirm) {
      showErrors({ message: 'The two passwords are not the same: type the same password twice.', field: 'password_confirm' });
      return;
    }
    setBusy(true);
    fetch(form.getAttribute('data-api'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(values),
      credentials: 'same-origin',
    })
      .then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (answer) {
        if (answer.status === 201 && answer.body && answer.body.user) return showSuccess(answer.body.user);
        if (!answer.body || !answer.body.error) return fallBack();
        setBusy(false);
        showErrors(answer.body.error);
      }, fallBack);
  });
})();
