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

  function setFieldError(field, message) {
    var input = document.getElementById(field);
    var box = document.getElementById(field + '-error');
    if (!input || !box) return;
    box.textContent = '';
    box.hidden = !message;
    input.parentNode.classList.toggle('has-error', Boolean(message));
    if (message) {
      var prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.textContent = 'Error: ';
      box.appendChild(prefix);
      box.appendChild(document.createTextNode(message));
      input.setAttribute('aria-invalid', 'true');
    } else {
      input.removeAttribute('aria-invalid');
    }
  }

  function link(field, text) {
    var a = document.createElement('a');
    a.href = '#' + field;
    a.textContent = text;
    return a;
  }

  function showErrors(error) {
    var fields = {};
    (error.problems || []).forEach(function (problem) {
      if (FIELDS.indexOf(problem.field) >= 0 && !fields[problem.field]) fields[problem.field] = problem.message;
    });
    if (FIELDS.indexOf(error.field) >= 0 && !fields[error.field]) fields[error.field] = error.message;
    FIELDS.forEach(function (field) { setFieldError(field, fields[field]); });
    var first = FIELDS.filter(function (field) { return fields[field]; })[0];

    statusBox.textContent = '';
    var heading = document.createElement('h2');
    heading.textContent = 'Your account was not created';
    var summary = document.createElement('p');
    summary.appendChild(first && fields[first] === error.message ? link(first, error.message) : document.createTextNode(error.message));
    statusBox.appendChild(heading);
    statusBox.appendChild(summary);
    var others = FIELDS.filter(function (field) { return fields[field] && fields[field] !== error.message; });
    if (others.length > 0) {
      var list = document.createElement('ul');
      others.forEach(function (field) {
        var item = document.createElement('li');
        item.appendChild(link(field, fields[field]));
        list.appendChild(item);
      });
      statusBox.appendChild(list);
    }
    statusBox.hidden = false;
    document.title = 'Error: ' + baseTitle;
    var target = first ? document.getElementById(first) : statusBox;
    target.focus();
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
