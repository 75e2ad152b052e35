/* Press kit: "Copy" buttons for the biographies. The text areas are selectable without this script. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.clipboard) return;
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var id = button.getAttribute("data-copy-target");
      var source = document.getElementById(id);
      var status = document.querySelector('[data-copy-status="' + id + '"]');
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.value).then(function () {
          if (status) status.textContent = "Copied.";
        }, function () {
          source.select();
          if (status) status.textContent = "Select the text and copy it with your keyboard.";
        });
      });
    });
  });
})();
