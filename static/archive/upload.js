/* Letter upload and capture status in the Naskah admin: plain JavaScript, no framework.
 *
 * Upload page: every chosen or dropped file gets its own XMLHttpRequest (a progress bar from
 * upload.onprogress) to the upload view, which answers JSON; the page then polls the capture's status
 * URL until it reaches a final state. Without drag and drop the file input does the same; without
 * JavaScript the form posts the files normally.
 *
 * Queue and review page: an element with data-archive-status-url is polled the same way and its
 * [data-status] / [data-detail] children updated; with data-reload-when-finished the page reloads
 * once the capture is final (the review page then shows the form or the reason).
 */
(function () {
  "use strict";

  var POLL_MS = 1500;
  var MAX_POLL_ERRORS = 5;
  var MAX_WATCHED = 10;
  var STATUS_CLASS = "archive-status--";

  function headers(request) {
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.setRequestHeader("Accept", "application/json");
  }

  function format(template, values) {
    return template
      .replace(/%\((\w+)\)s/g, function (_, key) {
        return values[key];
      })
      .replace(/%%/g, "%");
  }

  function setStatus(element, state) {
    if (!element) return;
    element.textContent = state.status_label || "";
    element.hidden = !state.status_label;
    element.className = element.className.replace(new RegExp(STATUS_CLASS + "\\S+", "g"), "").trim();
    if (state.status) element.classList.add(STATUS_CLASS + state.status);
  }

  function detailText(state) {
    return [state.step_label, state.progress_label].filter(Boolean).join(": ");
  }

  /* Poll url every interval (POLL_MS by default) until the state is final; call onState with each answer. */
  function poll(url, onState, onGiveUp, interval) {
    var every = interval || POLL_MS;
    var errors = 0;
    function ask() {
      var request = new XMLHttpRequest();
      request.open("GET", url);
      headers(request);
      request.onload = function () {
        if (request.status !== 200) return retry();
        errors = 0;
        var state = JSON.parse(request.responseText);
        onState(state);
        if (!state.finished) window.setTimeout(ask, every);
      };
      request.onerror = retry;
      request.send();
    }
    function retry() {
      errors += 1;
      if (errors >= MAX_POLL_ERRORS) return onGiveUp && onGiveUp();
      window.setTimeout(ask, every * errors);
    }
    ask();
  }

  /* Status elements on the queue and the review page (the queue asks less often, for its newest rows only). */
  var watched = Array.prototype.slice.call(document.querySelectorAll("[data-archive-status-url]"), 0, MAX_WATCHED);
  watched.forEach(function (element) {
    var url = element.getAttribute("data-archive-status-url");
    var interval = parseInt(element.getAttribute("data-archive-poll-ms"), 10) || POLL_MS;
    poll(url, function (state) {
      setStatus(element.querySelector("[data-status]"), state);
      var detail = element.querySelector("[data-detail]");
      if (detail) detail.textContent = state.finished ? "" : detailText(state);
      if (state.finished && element.hasAttribute("data-reload-when-finished")) window.location.reload();
    }, null, interval);
  });

  /* Review page: choosing a code in the chooser selects the "another code" option, so the choice counts. */
  var otherCode = document.querySelector("[data-archive-other-code]");
  if (otherCode) {
    otherCode.addEventListener("change", function (event) {
      if (event.target.value) otherCode.closest(".archive-code").querySelector("input[type=radio]").checked = true;
    });
  }

  /* The upload page. */
  var form = document.querySelector("[data-archive-upload]");
  if (!form) return;
  var input = form.querySelector("[data-archive-input]");
  var zone = form.querySelector("[data-archive-dropzone]");
  var list = document.querySelector("[data-archive-list]");
  var itemTemplate = document.querySelector("template[data-archive-item]");
  var text = JSON.parse(document.getElementById("archive-upload-text").textContent);
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
  var csrfToken = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var waiting = [];
  var uploading = false;

  function Item(file) {
    var node = itemTemplate.content.firstElementChild.cloneNode(true);
    this.node = node;
    this.bar = node.querySelector("[data-bar]");
    this.status = node.querySelector("[data-status]");
    this.detail = node.querySelector("[data-detail]");
    this.error = node.querySelector("[data-error]");
    this.link = node.querySelector("[data-link]");
    node.querySelector("[data-name]").textContent = file.name;
    this.bar.setAttribute("aria-label", file.name);
    this.status.hidden = true;
    this.detail.textContent = text.waiting;
    list.appendChild(node);
  }

  Item.prototype.fail = function (message, state) {
    this.node.classList.add("archive-item--failed");
    setStatus(this.status, state || { status: "failed", status_label: text.upload_failed });
    this.detail.textContent = "";
    this.error.textContent = message;
    this.error.hidden = false;
  };

  Item.prototype.show = function (state, duplicate) {
    setStatus(this.status, state);
    this.node.setAttribute("data-state", state.status);
    var detail = state.finished ? "" : detailText(state);
    if (duplicate) detail = text.duplicate;
    this.detail.textContent = detail;
    if (state.error) {
      this.error.textContent = state.error;
      this.error.hidden = false;
    } else {
      this.error.hidden = true;
    }
    if (state.finished || duplicate) {
      var anchor = this.link.querySelector("a");
      anchor.href = state.review_url;
      anchor.textContent = duplicate
        ? text.open_existing
        : state.status === "needs_review"
          ? text.review
          : text.details;
      this.link.hidden = false;
    }
  };

  function send(file, item) {
    var request = new XMLHttpRequest();
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken);
    data.append(input.name, file, file.name);
    request.open("POST", form.action);
    headers(request);
    request.upload.onprogress = function (event) {
      if (!event.lengthComputable) return;
      var percent = Math.round((event.loaded / event.total) * 100);
      item.bar.value = percent;
      item.detail.textContent = format(text.uploading, { percent: percent });
    };
    request.upload.onload = function () {
      item.bar.value = 100;
      item.detail.textContent = text.uploaded;
    };
    request.onload = function () {
      var answer = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch (error) {
        answer = { error: text.upload_failed + " (" + request.status + ")" };
      }
      if (request.status !== 200) {
        item.fail(answer.error || text.upload_failed, answer.status ? answer : null);
      } else {
        item.bar.value = 100;
        item.show(answer, answer.duplicate);
        if (!answer.finished) {
          /* A duplicate of a failed file is queued again: follow it too, still saying it is a duplicate. */
          poll(answer.status_url, function (state) { item.show(state, answer.duplicate); }, function () {
            item.detail.textContent = text.status_unavailable;
          });
        }
      }
      next();
    };
    request.onerror = function () {
      item.fail(text.network);
      next();
    };
    request.send(data);
  }

  /* One upload at a time: kinder to a small server, and each bar moves on its own. */
  function next() {
    uploading = false;
    var job = waiting.shift();
    if (!job) return;
    uploading = true;
    send(job.file, job.item);
  }

  function add(files) {
    Array.prototype.forEach.call(files, function (file) {
      var item = new Item(file);
      if (file.size > maxBytes) {
        item.fail(format(text.too_large, { max: Math.floor(maxBytes / 1048576) }), {
          status: "refused",
          status_label: text.refused,
        });
        return;
      }
      waiting.push({ file: file, item: item });
    });
    if (!uploading) next();
  }

  input.addEventListener("change", function () {
    add(input.files);
    input.value = "";
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    add(input.files);
  });

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("archive-dropzone--active");
    });
  });
  ["dragleave", "dragend", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () {
      zone.classList.remove("archive-dropzone--active");
    });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) add(event.dataTransfer.files);
  });
  /* A file dropped beside the zone must not replace the admin page with the file. */
  document.addEventListener("dragover", function (event) { event.preventDefault(); });
  document.addEventListener("drop", function (event) { event.preventDefault(); });
})();
