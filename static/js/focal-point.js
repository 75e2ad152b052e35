/* Admin: click the picture to set its focal point. Without this script the two number inputs do the job. */
(function () {
  "use strict";
  function init(picker) {
    var img = picker.querySelector("img");
    var marker = picker.querySelector("[data-focal-marker]");
    var inputX = document.getElementById("id_focal_x");
    var inputY = document.getElementById("id_focal_y");
    if (!img || !marker || !inputX || !inputY) return;
    function show() {
      marker.hidden = false;
      marker.style.left = (Number(inputX.value) || 0) + "%";
      marker.style.top = (Number(inputY.value) || 0) + "%";
    }
    img.addEventListener("click", function (event) {
      var box = img.getBoundingClientRect();
      var x = Math.round(((event.clientX - box.left) / box.width) * 100);
      var y = Math.round(((event.clientY - box.top) / box.height) * 100);
      inputX.value = Math.min(100, Math.max(0, x));
      inputY.value = Math.min(100, Math.max(0, y));
      show();
    });
    inputX.addEventListener("input", show);
    inputY.addEventListener("input", show);
    picker.classList.add("focal-picker--active");
    show();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-focal-picker]").forEach(init);
  });
})();
