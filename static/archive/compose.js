/* The outgoing letter form: a small rich-text editor for the body (paragraphs, bold, italic, underline, lists,
   tables) over the textarea that keeps its HTML, and the parts shown for the naskah type chosen.
   The server cleans whatever is sent, so this script only has to be convenient, never trusted. */
(function () {
  "use strict";

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button button-small button-secondary compose-tool";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("mousedown", function (event) { event.preventDefault(); });
    b.addEventListener("click", action);
    return b;
  }

  function currentCell() {
    var node = window.getSelection().anchorNode;
    if (node && node.nodeType !== 1) node = node.parentNode;
    return node && node.closest ? node.closest("td, th") : null;
  }

  function insertTable(editor) {
    var rows = parseInt(window.prompt("Jumlah baris (termasuk judul kolom):", "3"), 10);
    var cols = parseInt(window.prompt("Jumlah kolom:", "3"), 10);
    if (!(rows > 0 && cols > 0 && rows <= 100 && cols <= 12)) return;
    var html = "<table><tbody>";
    for (var r = 0; r < rows; r++) {
      html += "<tr>";
      for (var c = 0; c < cols; c++) html += r === 0 ? "<th>Judul</th>" : "<td><br></td>";
      html += "</tr>";
    }
    html += "</tbody></table><p><br></p>";
    editor.focus();
    document.execCommand("insertHTML", false, html);
  }

  function addRow() {
    var cell = currentCell();
    if (!cell) return;
    var row = cell.parentNode, copy = row.cloneNode(true);
    Array.prototype.forEach.call(copy.children, function (c) {
      var td = document.createElement("td"); td.innerHTML = "<br>"; copy.replaceChild(td, c);
    });
    row.parentNode.insertBefore(copy, row.nextSibling);
  }

  function addColumn() {
    var cell = currentCell();
    if (!cell) return;
    var index = Array.prototype.indexOf.call(cell.parentNode.children, cell);
    var table = cell.closest("table");
    Array.prototype.forEach.call(table.rows, function (row) {
      var c = document.createElement(row.cells[index] && row.cells[index].nodeName === "TH" ? "th" : "td");
      c.innerHTML = "<br>";
      row.insertBefore(c, row.cells[index + 1] || null);
    });
  }

  function removeRow() {
    var cell = currentCell();
    if (cell) cell.parentNode.remove();
  }

  function enhance(textarea) {
    var editor = document.createElement("div");
    editor.className = "compose-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) { label.id = label.id || textarea.id + "-label"; editor.setAttribute("aria-labelledby", label.id); }
    var value = textarea.value.trim();
    editor.innerHTML = /<[a-z][\s\S]*>/i.test(value) ? value : value.split(/\n{2,}/).map(function (p) {
      var d = document.createElement("p"); d.textContent = p; return d.outerHTML;
    }).join("") || "<p><br></p>";
    var toolbar = document.createElement("div");
    toolbar.className = "compose-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Format isi surat");
    [["B", "Tebal", "bold"], ["I", "Miring", "italic"], ["U", "Garis bawah", "underline"],
     ["1.", "Daftar bernomor", "insertOrderedList"], ["•", "Daftar berbutir", "insertUnorderedList"]]
      .forEach(function (t) {
        toolbar.appendChild(button(t[0], t[1], function () { document.execCommand(t[2]); editor.focus(); }));
      });
    toolbar.appendChild(button("Tabel", "Sisipkan tabel", function () { insertTable(editor); }));
    toolbar.appendChild(button("+ baris", "Tambah baris tabel", addRow));
    toolbar.appendChild(button("+ kolom", "Tambah kolom tabel", addColumn));
    toolbar.appendChild(button("− baris", "Hapus baris tabel", removeRow));
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(editor, textarea);
    var sync = function () { textarea.value = editor.innerHTML; };
    editor.addEventListener("input", sync);
    textarea.form && textarea.form.addEventListener("submit", sync);
  }

  function showParts(form) {
    var select = form.querySelector("[name=naskah_type]");
    if (!select) return;
    var apply = function () {
      form.querySelectorAll("[data-naskah]").forEach(function (input) {
        var shown = input.getAttribute("data-naskah").split(" ").indexOf(select.value) >= 0;
        var wrapper = input.closest(".w-field__wrapper") || input.parentNode;
        wrapper.hidden = !shown;
      });
    };
    select.addEventListener("change", apply);
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-richtext]").forEach(enhance);
    document.querySelectorAll("form").forEach(showParts);
  });
})();
