/* Click-to-load video: the page holds only a link until the visitor asks, so no request reaches
   YouTube or Vimeo before that. With this script the link gains a "Play here" button that swaps in the
   player (youtube-nocookie.com, Vimeo with dnt=1). Without it, the link opens the video on its site. */
(function () {
  "use strict";
  function load(frame) {
    var iframe = document.createElement("iframe");
    iframe.src = frame.getAttribute("data-embed-src");
    iframe.title = frame.getAttribute("data-embed-title") || "Video";
    iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    iframe.allowFullscreen = true;
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    iframe.className = "media-embed__iframe";
    frame.replaceChildren(iframe);
    frame.classList.add("media-embed__frame--playing");
    iframe.focus();
  }
  function init(frame) {
    var provider = frame.getAttribute("data-embed-provider") || "the video site";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "media-embed__play";
    button.textContent = "Play “" + (frame.getAttribute("data-embed-title") || "video") + "” here (loads " + provider + ")";
    button.addEventListener("click", function () { load(frame); });
    frame.insertBefore(button, frame.firstChild);
    frame.classList.add("media-embed__frame--ready");
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-embed-src]").forEach(init);
  });
})();
