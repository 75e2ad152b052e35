/* The main save button of a publishable item says what saving will do, updated as the editor ticks
   "published" or changes "publish from": "Save draft", "Publish now", "Schedule for 20/05/2027 19:00".
   The times are the item's own zone (a concert's venue), whose UTC offset the button carries. Without
   this script the button keeps the label the server gave it for the saved state. */
"use strict";
{
  const parseDate = (text) => {
    let m = text.trim().match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
    if (m) return [+m[1], +m[2], +m[3]];
    m = text.trim().match(/^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/);
    return m ? [+m[3], +m[2], +m[1]] : null;
  };
  const parseTime = (text) => {
    const m = text.trim().toLowerCase().match(/^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*(am|pm)?$/);
    if (!m) return null;
    let hour = +m[1];
    if (m[3] === "pm" && hour < 12) hour += 12;
    if (m[3] === "am" && hour === 12) hour = 0;
    return [hour, +(m[2] || 0)];
  };
  const update = (button, published, dateBox, timeBox) => {
    const t = window.gettext || ((s) => s);
    if (!published.checked) { button.value = t("Save draft"); return; }
    const day = dateBox && dateBox.value ? parseDate(dateBox.value) : null;
    const time = timeBox && timeBox.value ? parseTime(timeBox.value) : [0, 0];
    if (day && time) {
      const offset = +button.dataset.publicationUtcOffset || 0;
      const at = Date.UTC(day[0], day[1] - 1, day[2], time[0], time[1]) - offset * 1000;
      if (at > Date.now()) {
        button.value = t("Schedule for") + " " + dateBox.value.trim() + " " + timeBox.value.trim();
        return;
      }
    }
    button.value = button.dataset.wasPublished === "1" ? t("Save and keep published") : t("Publish now");
  };
  window.addEventListener("load", () => {
    const buttons = document.querySelectorAll("input[name=_save][data-publication-utc-offset]");
    const published = document.getElementById("id_is_published");
    if (!buttons.length || !published) return;
    const dateBox = document.getElementById("id_publish_from_0");
    const timeBox = document.getElementById("id_publish_from_1");
    const refresh = () => buttons.forEach((button) => update(button, published, dateBox, timeBox));
    for (const box of [published, dateBox, timeBox]) {
      if (box) { box.addEventListener("change", refresh); box.addEventListener("input", refresh); }
    }
    refresh();
  });
}
