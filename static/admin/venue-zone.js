/* Venue form: as the editor chooses the country and types the city, pick the venue's time zone when it is still
   empty (or was picked here): the country's zone named after the city, else the country's only zone,
   else any zone named after the city. The server does the same on saving when the zone is left empty
   (concerts/timezones.py suggest_zone), so this script only saves a step. */
"use strict";
window.addEventListener("load", () => {
  const zone = document.getElementById("id_timezone");
  if (!zone || !zone.dataset.zonesByCountry) return;
  // The country is a list of ISO codes; the form names the city box (the default language's, `id_city_en`).
  const country = document.getElementById("id_country");
  const city = document.getElementById(zone.dataset.cityInput || "id_city");
  if (!country || !city) return;
  const byCountry = JSON.parse(zone.dataset.zonesByCountry);
  const names = Array.from(zone.options).map((option) => option.value).filter(Boolean);
  const key = (text) => text.trim().toLowerCase().replace(/ /g, "_");
  let picked = zone.value === "";
  const suggest = () => {
    if (!picked) return;
    const cityKey = key(city.value);
    const countryZones = byCountry[country.value] || [];
    const byCity = (list) => list.find((name) => cityKey && key(name.split("/").pop()) === cityKey);
    const choice = byCity(countryZones) || (countryZones.length === 1 ? countryZones[0] : null) || byCity(names);
    if (choice) zone.value = choice;
  };
  zone.addEventListener("change", () => { picked = false; });
  city.addEventListener("input", suggest);
  country.addEventListener("change", suggest);
});
