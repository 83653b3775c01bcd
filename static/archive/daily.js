/* The officials' daily work on a phone: table cells labelled by their column (for the one-card-per-row layout of
   daily.css), and the scan viewer (one page at a time, zoom in and out, pinch and scroll inside its frame). */
(function () {
  "use strict";

  function labelCells(root) {
    root.querySelectorAll("table.dispo-table, table.daily-cards").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (!cell.hasAttribute("data-label") && heads[index] && cell.colSpan === 1) {
            cell.setAttribute("data-label", heads[index]);
          }
        });
      });
    });
  }

  function scanViewer(viewer) {
    var pages = viewer.querySelectorAll(".daily-scan__page");
    var frame = viewer.querySelector(".daily-scan__frame");
    var label = viewer.querySelector("[data-scan-label]");
    var current = 0;
    var zoom = 1;
    function show() {
      pages.forEach(function (page, index) {
        page.hidden = index !== current;
        if (index === current && !page.getAttribute("src")) {
          page.setAttribute("src", page.getAttribute("data-src"));
        }
        page.style.width = 100 * zoom + "%";
      });
      if (label) {
        label.textContent = label.getAttribute("data-template")
          .replace("{page}", current + 1).replace("{pages}", pages.length).replace("{zoom}", Math.round(zoom * 100));
      }
      viewer.setAttribute("data-zoom", String(zoom));
      viewer.setAttribute("data-page", String(current + 1));
    }
    function setZoom(next, centre) {
      var before = zoom;
      zoom = Math.min(4, Math.max(1, next));
      if (centre && frame) {  // keep the point under the finger where it was
        var ratio = zoom / before;
        frame.scrollLeft = (frame.scrollLeft + centre.x) * ratio - centre.x;
        frame.scrollTop = (frame.scrollTop + centre.y) * ratio - centre.y;
      }
      show();
    }
    viewer.addEventListener("click", function (event) {
      var button = event.target.closest("[data-scan]");
      if (!button) { return; }
      var action = button.getAttribute("data-scan");
      if (action === "prev" && current > 0) { current -= 1; }
      if (action === "next" && current < pages.length - 1) { current += 1; }
      if (action === "in") { setZoom(zoom + 0.5); return; }
      if (action === "out") { setZoom(zoom - 0.5); return; }
      if (action === "fit") { setZoom(1); return; }
      show();
    });
    if (frame) {
      frame.addEventListener("dblclick", function (event) {
        var box = frame.getBoundingClientRect();
        setZoom(zoom >= 2 ? 1 : zoom + 1, { x: event.clientX - box.left, y: event.clientY - box.top });
      });
    }
    show();
  }

  function init() {
    labelCells(document);
    document.querySelectorAll("[data-scan-viewer]").forEach(scanViewer);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Installable on a phone's home screen: register the service worker (it caches nothing but an offline page). */
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
}

/* Any other table wider than the screen scrolls inside a box of its own, so the page never scrolls sideways. */
(function () {
  "use strict";
  function wrapWideTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.closest(".daily-scroll") || table.matches(".dispo-table, .daily-cards")) { return; }
      var parent = table.parentElement;
      if (table.getBoundingClientRect().width <= parent.getBoundingClientRect().width + 1) { return; }
      var box = document.createElement("div");
      box.className = "daily-scroll";
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", table.caption ? table.caption.textContent.trim() : "Tabel");
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wrapWideTables);
  } else {
    wrapWideTables();
  }
  window.addEventListener("resize", wrapWideTables);
})();

/* The read receipt of a disposition: opening its page (a GET) writes nothing; the page posts its "Tandai dibaca"
   form once it is shown, and the button stays for a browser without scripts. */
(function () {
  "use strict";
  function sendReceipts() {
    document.querySelectorAll("form[data-read-receipt]").forEach(function (form) {
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
        .then(function () { form.hidden = true; })
        .catch(function () {});
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sendReceipts);
  } else {
    sendReceipts();
  }
})();
